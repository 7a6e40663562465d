"""Start-up milestones for ``bench/run.py``, printed only when ``STEGVIS_BENCH_MARKERS=1``.

The benchmark starts Stegvis as a subprocess and needs to know when the main window is first painted and when the
plan list is first painted with rows in it. :func:`watch` installs an application-wide event filter that notices
both from Qt's own paint events, so the window code needs no timing calls of its own; the filter removes itself
once both have been seen. Each milestone is one line on stdout: ``STEGVIS_BENCH <name> <perf_counter seconds>``.

Without the environment variable :func:`watch` does nothing and costs nothing.
"""

from __future__ import annotations

import os
import sys
import time

ENV = "STEGVIS_BENCH_MARKERS"
PREFIX = "STEGVIS_BENCH"
WINDOW_SHOWN = "window_shown"
LIST_POPULATED = "list_populated"


def enabled() -> bool:
    return os.environ.get(ENV) == "1"


def mark(name: str) -> None:
    """Print one milestone (when enabled). Safe to call from anywhere, any number of times.

    ``perf_counter`` is a system-wide clock on Linux, Windows and macOS, so the parent process can subtract its own
    reading taken just before it started this one.
    """
    if enabled() and sys.stdout is not None:  # None in a windowed (no console) frozen build
        sys.stdout.write(f"{PREFIX} {name} {time.perf_counter():.6f}\n")
        sys.stdout.flush()


_watcher = None


def watch(app, window_class: type | None = None, list_needed: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Mark the first paint of a visible top-level window (of ``window_class`` if given) and of an item view with rows.

    ``list_needed=False`` (the bare-window baseline) stops after the window.
    """
    global _watcher
    if not enabled() or _watcher is not None:
        return
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

    class _Watcher(QObject):
        def __init__(self) -> None:
            super().__init__(app)
            self.window_seen = False
            self.list_seen = not list_needed

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() != QEvent.Type.Paint or not isinstance(obj, QWidget):
                return False
            if not self.window_seen:
                window = obj.window()
                if window.isVisible() and (window_class is None or isinstance(window, window_class)):
                    self.window_seen = True
                    QTimer.singleShot(0, lambda: mark(WINDOW_SHOWN))  # after the whole frame is painted
            if not self.list_seen:
                view = obj.parent()
                if (isinstance(view, QAbstractItemView) and not isinstance(view, QHeaderView)
                        and view.viewport() is obj and view.isVisible()):
                    model = view.model()
                    if model is not None and model.rowCount() > 0:
                        self.list_seen = True
                        QTimer.singleShot(0, lambda: mark(LIST_POPULATED))
            if self.window_seen and self.list_seen:
                app.removeEventFilter(self)
            return False

    _watcher = _Watcher()
    app.installEventFilter(_watcher)
