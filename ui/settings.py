"""The app's own settings, per OS user, through QSettings.

One small typed wrapper so keys and defaults live in one place. ``QSettings()`` with no arguments uses the
organisation and application names set in :mod:`ui.app` and the default format, which the tests redirect to a
temporary INI file (``QSettings.setPath`` + ``setDefaultFormat``), so a test never touches a real user's settings.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Stegvis"
APPLICATION = "Stegvis"

SCALE_MIN = 100
SCALE_MAX = 250
THEMES = ("default", "high_contrast")


def clamp_scale(value: int) -> int:
    return max(SCALE_MIN, min(SCALE_MAX, int(value)))


class AppSettings:
    """Typed access to the stored settings. Cheap to create; every read goes to QSettings."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.q = store if store is not None else QSettings()

    # -- appearance
    @property
    def font_scale(self) -> int:
        try:
            return clamp_scale(int(self.q.value("ui/font_scale", 100)))
        except (TypeError, ValueError):
            return 100

    @font_scale.setter
    def font_scale(self, value: int) -> None:
        self.q.setValue("ui/font_scale", clamp_scale(value))

    @property
    def theme(self) -> str:
        value = str(self.q.value("ui/theme", "default"))
        return value if value in THEMES else "default"

    @theme.setter
    def theme(self, value: str) -> None:
        self.q.setValue("ui/theme", value if value in THEMES else "default")

    @property
    def language(self) -> str:
        """'' follows the computer's language; otherwise a code from planner.i18n.LANGUAGES."""
        return str(self.q.value("ui/language", "") or "")

    @language.setter
    def language(self, value: str) -> None:
        self.q.setValue("ui/language", value or "")

    # -- first run and session
    @property
    def first_run_done(self) -> bool:
        return _as_bool(self.q.value("app/first_run_done", False))

    @first_run_done.setter
    def first_run_done(self, value: bool) -> None:
        self.q.setValue("app/first_run_done", bool(value))

    @property
    def last_plan_id(self) -> int | None:
        try:
            value = int(self.q.value("session/last_plan_id", 0) or 0)
        except (TypeError, ValueError):
            return None
        return value or None

    @last_plan_id.setter
    def last_plan_id(self, value: int | None) -> None:
        self.q.setValue("session/last_plan_id", int(value or 0))

    @property
    def last_folder(self) -> str:
        return str(self.q.value("session/last_folder", "") or "")

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self.q.setValue("session/last_folder", value)

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.q.value("window/geometry")
        state = self.q.value("window/state")
        return (geometry if isinstance(geometry, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)

    def set_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.q.setValue("window/geometry", geometry)
        self.q.setValue("window/state", state)

    def sync(self) -> None:
        self.q.sync()


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)
