"""The one translation function and the locale-aware formatters.

Every user-visible string in ``planner`` and ``ui`` goes through :func:`_` (or :func:`N_` for strings that are
translated later, :func:`ngettext` for plurals and :func:`pgettext` where one English word has two translations).
Catalogues are gettext ``.mo`` files compiled by Babel in ``translations/<lang>/LC_MESSAGES/stegvis.mo``. Swedish is
the default language.

A translation whose ``{placeholders}`` differ from its source string is dropped at load time (the source string is
used instead) so a bad catalogue can never crash a ``str.format`` call in front of a user.
"""

from __future__ import annotations

import gettext
import locale
import os
import string
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from planner.paths import translations_dir

DOMAIN = "stegvis"
LANGUAGES: tuple[str, ...] = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
LOCAL_TZ = ZoneInfo("Europe/Stockholm")

_BABEL_LOCALES = {"sv": "sv_SE", "en": "en_GB", "ar": "ar"}
# Locale data rather than UI text: a PDF may be printed in another language than the UI shows.
_DATETIME_JOINER = {"sv": "{date} klockan {time}", "en": "{date} at {time}"}


def placeholders(text: str) -> set[str]:
    """The named ``{placeholder}`` fields in a format string (empty when it is not a valid format string)."""
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<invalid>"}


class _CheckedTranslations(gettext.GNUTranslations):
    """GNU translations that refuse entries whose placeholders differ from the source."""

    rejected: list[str]

    def _parse(self, fp):  # type: ignore[no-untyped-def]
        super()._parse(fp)  # type: ignore[misc]
        self.rejected = []
        catalog = self._catalog  # type: ignore[attr-defined]
        for key in list(catalog):
            msgid = key[0] if isinstance(key, tuple) else key
            if not msgid:
                continue
            if placeholders(catalog[key]) != placeholders(msgid):
                self.rejected.append(msgid)
                del catalog[key]


class _State:
    language: str = DEFAULT_LANGUAGE
    translations: gettext.NullTranslations = gettext.NullTranslations()


_state = _State()


def load_translations(language: str) -> gettext.NullTranslations:
    """The catalogue for ``language``, or a pass-through when none is installed."""
    mo = translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.is_file():
        with open(mo, "rb") as fh:
            return _CheckedTranslations(fh)
    return gettext.NullTranslations()


# Windows names locales in English ("Swedish_Sweden"); the POSIX code is what we match.
_LANGUAGE_NAMES = {"swedish": "sv", "english": "en", "arabic": "ar"}


def _language_code(value: str) -> str:
    code = value.split(":")[0].split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return _LANGUAGE_NAMES.get(code, code)


def _windows_ui_language() -> str:
    """The Windows display language (``sv_SE``), or "" elsewhere."""
    if sys.platform != "win32":
        return ""
    try:
        import ctypes

        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return ""
    return locale.windows_locale.get(lcid, "")


def system_language() -> str:
    """The OS language if we have a catalogue for it, else Swedish (the default; also for an OS language we do not
    have yet). POSIX: ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, ``LANGUAGE``; Windows: the display language."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            code = _language_code(value)
            if code not in ("c", "posix", ""):
                return code if code in LANGUAGES else DEFAULT_LANGUAGE
    try:
        loc = _windows_ui_language() or locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    code = _language_code(loc)
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def set_language(language: str | None) -> str:
    """Activate ``language`` (``None`` follows the OS). Returns the language actually in use."""
    lang = (language or system_language()).lower()
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    _state.language = lang
    _state.translations = load_translations(lang)
    return lang


def current_language() -> str:
    return _state.language


def is_rtl(language: str | None = None) -> bool:
    return (language or _state.language) in RTL_LANGUAGES


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _state.translations.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction; it is translated later with :func:`_`."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _state.translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in ``context``, for one English word that needs two words in another language
    ("Cancelled": a meeting is "inställd" in Swedish, a goal "avbrutet")."""
    return _state.translations.pgettext(context, message)


# ---------------------------------------------------------------- formatting (Babel, imported lazily: start-up)


def babel_locale(language: str | None = None) -> str:
    return _BABEL_LOCALES.get(language or _state.language, "sv_SE")


def to_local(moment: datetime) -> datetime:
    """A stored UTC datetime in Europe/Stockholm time (naive values are taken to be UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(LOCAL_TZ)


def local_to_utc(day: date, at: time) -> datetime:
    """A wall-clock time in Stockholm on ``day`` as an aware UTC datetime (DST-correct)."""
    return datetime.combine(day, at, tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def format_date(day: date | datetime | None, style: str = "long", language: str | None = None) -> str:
    """``long``: "tisdag 3 mars 2026" / "Tuesday 3 March 2026"; ``short``: "2026-03-03"; ``medium``: "3 mars 2026"."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = to_local(day).date()
    from babel.dates import format_date as _fd

    loc = babel_locale(language)
    if style == "long":
        return _fd(day, "EEEE d MMMM y", locale=loc)
    if style == "medium":
        return _fd(day, "d MMMM y", locale=loc)
    if style == "weekday":
        return _fd(day, "EEEE", locale=loc)
    return day.isoformat()


def format_time(moment: datetime | time | None, language: str | None = None) -> str:
    """"10.00" in Swedish, "10:00" in English; aware datetimes are shown in Stockholm time."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = to_local(moment).time()
    sep = "." if (language or _state.language) == "sv" else ":"
    return f"{moment.hour:02d}{sep}{moment.minute:02d}"


def format_datetime(moment: datetime | None, language: str | None = None) -> str:
    """"tisdag 3 mars 2026 klockan 10.00" / "Tuesday 3 March 2026 at 10:00"."""
    if moment is None:
        return ""
    local = to_local(moment)
    lang = language or _state.language
    joiner = _DATETIME_JOINER.get(lang, "{date} {time}")
    return joiner.format(date=format_date(local.date(), "long", lang), time=format_time(local, lang))


def format_number(value: float | int, language: str | None = None) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale(language))


def month_names(language: str | None = None) -> list[str]:
    from babel.dates import get_month_names

    names = get_month_names("wide", locale=babel_locale(language))
    return [names[i] for i in range(1, 13)]


def weekday_names(language: str | None = None) -> list[str]:
    """Monday first."""
    from babel.dates import get_day_names

    names = get_day_names("wide", locale=babel_locale(language))
    return [names[i] for i in range(7)]


@contextmanager
def using_language(language: str) -> Iterator[str]:
    """Temporarily switch language (a PDF printed in English from a Swedish UI)."""
    saved = (_state.language, _state.translations)
    try:
        yield set_language(language)
    finally:
        _state.language, _state.translations = saved


def language_name(code: str, language: str | None = None) -> str:
    """A language code the coach typed ("ar", "so") as its name in the active language; unknown text as typed."""
    from babel import Locale

    names = Locale.parse(babel_locale(language)).languages
    return names.get(code.strip().lower(), code) if code else ""
