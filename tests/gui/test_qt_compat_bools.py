"""PySide6 6.12.0 on Python 3.11 also drops a reference to True/False when a Python ``Signal(bool)`` reaches a
Python slot (found through the main window: the plan editor's toggles aborted the process at exit with
"bool_dealloc"). Importing ``ui`` protects the bools as it protects None. Runs in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.gui

EMITS = """
import sys
{prelude}
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

class Source(QObject):
    changed = Signal(bool)

app = QApplication([])
source = Source()
seen = []
source.changed.connect(lambda value: seen.append(value) if len(seen) < 1 else None)
for _ in range(20_000):
    source.changed.emit(True)
    source.changed.emit(False)
print("ok")
"""


def test_many_bool_signals_after_importing_ui_do_not_crash() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", EMITS.format(prelude="import ui")], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"
