"""Stegvis desktop UI (Qt). Talks to :mod:`planner.services` only."""

from ui.qt_compat import protect_none

protect_none()  # before any Qt call: PySide6 6.12.0 on Python 3.11 drops references to None
