"""Read aloud: the screen's words spoken by the computer (QtTextToSpeech), for people who do not read.

The button is shown only when the machine really has a voice. The ``mock`` engine is a test engine without
sound, so it is only used when asked for by name (tests pass ``engine="mock"``, or ``STEGVIS_TTS_ENGINE``).
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QLocale, QObject, Signal

from planner.i18n import current_language

TEST_ENGINES = {"mock"}


def _module() -> Any:
    try:
        from PySide6 import QtTextToSpeech
    except ImportError:  # the module or a library it needs (libpulse) is missing
        return None
    return QtTextToSpeech


class Speaker(QObject):
    """One voice for the walkthrough. ``available`` says whether "Read aloud" can be offered."""

    speakingChanged = Signal(bool)  # noqa: N815 - Qt naming

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tts: Any = None
        module = _module()
        if module is None:
            return
        wanted = engine or os.environ.get("STEGVIS_TTS_ENGINE") or None
        engines = list(module.QTextToSpeech.availableEngines())
        candidates = [wanted] if wanted else [e for e in engines if e not in TEST_ENGINES]
        for name in candidates:
            if name not in engines:
                continue
            tts = module.QTextToSpeech(name, self)
            if tts.state() == module.QTextToSpeech.State.Error or not tts.availableVoices():
                tts.deleteLater()
                continue
            self.tts = tts
            break
        if self.tts is None:
            return
        self._choose_locale()
        self.tts.stateChanged.connect(lambda state: self.speakingChanged.emit(self.is_speaking()))

    @property
    def available(self) -> bool:
        return self.tts is not None

    def _choose_locale(self) -> None:
        language = current_language()
        locales = [loc for loc in self.tts.availableLocales() if loc.name().split("_")[0] == language]
        if locales:
            self.tts.setLocale(locales[0])
        else:
            self.tts.setLocale(QLocale(language))

    def is_speaking(self) -> bool:
        if self.tts is None:
            return False
        state = self.tts.state()
        return state in (type(state).Speaking, type(state).Synthesizing)

    def say(self, text: str) -> None:
        if self.tts is not None:
            self.tts.say(text)

    def stop(self) -> None:
        if self.tts is not None:
            self.tts.stop()
