"""GUI test fixtures: settings in a temporary INI file, modal dialogs that do not block, a demo main window.

``QSettings`` is redirected for every test (``setPath`` + ``setDefaultFormat(IniFormat)``), so no test reads or
writes a real user's settings. ``QDialog.exec`` and ``QMessageBox.exec`` are replaced by :class:`Modals`: a test
queues a handler that drives the dialog with real key and mouse events while it is shown; without a handler a
dialog is rejected and a message box is answered with its escape button. Every message box is recorded.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# The offscreen platform's screen is 800 x 800 px; a coach's monitor is larger, and dialogs and window sizes are
# capped by the screen. Give the test session a 1920 x 1200 screen (before pytest-qt creates the QApplication).
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    _screen = Path(tempfile.mkdtemp(prefix="stegvis-screen-")) / "screen.json"
    _screen.write_text(json.dumps({"screens": [{"name": "tests", "x": 0, "y": 0, "width": 1920, "height": 1200,
                                                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"


@pytest.fixture(autouse=True)
def _qt_settings(tmp_path: Path, qapp: Any) -> Iterator[Path]:
    from PySide6.QtCore import QSettings

    from ui.settings import APPLICATION, ORGANISATION

    folder = tmp_path / "qt-settings"
    folder.mkdir()
    qapp.setOrganizationName(ORGANISATION)
    qapp.setApplicationName(APPLICATION)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def _restore_application_look(qapp: Any) -> Iterator[None]:
    """Font, palette and style sheet are application-wide: put them back so one test's theme cannot leak."""
    font, palette, sheet = qapp.font(), qapp.palette(), qapp.styleSheet()
    yield
    if qapp.styleSheet() != sheet:
        qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


@dataclass
class Message:
    title: str
    text: str
    informative: str
    buttons: list[str]


@dataclass
class Modals:
    """Queued handlers for modal dialogs, and a record of what was shown."""

    handlers: list[Callable[[Any], None]] = field(default_factory=list)
    dialogs: list[Any] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    box_handlers: list[Callable[[Any], None]] = field(default_factory=list)

    def then(self, handler: Callable[[Any], None]) -> None:
        """Drive the next ``QDialog.exec`` with ``handler(dialog)``; the dialog is shown while it runs."""
        self.handlers.append(handler)

    def answer(self, button_text: str) -> None:
        """Answer the next message box by clicking the button whose text contains ``button_text``."""

        def click(box: Any) -> None:
            for button in box.buttons():
                if button_text.lower() in button.text().replace("&", "").lower():
                    button.click()
                    return
            raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

        self.box_handlers.append(click)

    def texts(self) -> str:
        return "\n".join(f"{m.title}\n{m.text}\n{m.informative}" for m in self.messages)


@pytest.fixture(autouse=True)
def modals(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> Modals:
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    record = Modals()

    def dialog_exec(dialog: Any) -> int:
        record.dialogs.append(dialog)
        if not record.handlers:
            dialog.reject()
            return int(QDialog.DialogCode.Rejected.value)
        handler = record.handlers.pop(0)
        dialog.show()
        QApplication.processEvents()
        handler(dialog)
        QApplication.processEvents()
        if dialog.isVisible():
            dialog.reject()
        return int(dialog.result())

    def box_exec(box: Any) -> int:
        record.messages.append(Message(box.windowTitle(), box.text(), box.informativeText(),
                                       [b.text() for b in box.buttons()]))
        if record.box_handlers:
            record.box_handlers.pop(0)(box)
        elif box.escapeButton() is not None:
            box.escapeButton().click()
        elif box.defaultButton() is not None:
            box.defaultButton().click()
        clicked = box.clickedButton()
        return int(box.standardButton(clicked).value) if clicked is not None else 0

    monkeypatch.setattr(QDialog, "exec", dialog_exec)
    monkeypatch.setattr(QMessageBox, "exec", box_exec)
    return record


@pytest.fixture
def demo_services(sqlite_services: Any) -> Any:
    from planner.demo import fill_demo

    fill_demo(sqlite_services, people=14)
    return sqlite_services


@pytest.fixture
def theme(qapp: Any) -> Iterator[Any]:
    from ui.theme import ThemeManager

    manager = ThemeManager(100, "default", qapp)
    manager.apply(qapp)
    yield manager
    manager.set_theme("default")
    manager.set_scale(100)


@pytest.fixture
def window(qtbot: Any, theme: Any, demo_services: Any) -> Iterator[Any]:
    """The main window on a demo database, shown and loaded."""
    from ui.views.main_window import MainWindow

    win = MainWindow(theme, services=demo_services)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close_plan(switch=False)
