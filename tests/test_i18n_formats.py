"""Locale formats (Babel) and the placeholder guard of the translation function."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from planner import i18n

pytestmark = pytest.mark.core


def test_swedish_and_english_long_dates() -> None:
    day = date(2026, 3, 3)
    assert i18n.format_date(day, language="sv") == "tisdag 3 mars 2026"
    assert i18n.format_date(day, language="en") == "Tuesday 3 March 2026"


def test_times_are_shown_in_stockholm_time_with_local_separator() -> None:
    winter = datetime(2026, 3, 3, 9, 0, tzinfo=timezone.utc)  # CET = UTC+1
    assert i18n.format_datetime(winter, language="sv") == "tisdag 3 mars 2026 klockan 10.00"
    assert i18n.format_datetime(winter, language="en") == "Tuesday 3 March 2026 at 10:00"


def test_daylight_saving_boundary() -> None:
    # Sweden moves to summer time on 29 March 2026 at 02:00 local (01:00 UTC).
    before = datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)
    after = datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)
    assert i18n.format_time(before, language="sv") == "01.30"
    assert i18n.format_time(after, language="sv") == "03.30"
    # And back on 25 October 2026 at 03:00 local (01:00 UTC).
    assert i18n.format_time(datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc), language="en") == "02:30"
    assert i18n.format_time(datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc), language="en") == "02:30"
    # A wall-clock meeting at 10.00 is stored as different UTC hours in winter and summer.
    assert i18n.local_to_utc(date(2026, 3, 27), time(10)).hour == 9
    assert i18n.local_to_utc(date(2026, 3, 30), time(10)).hour == 8


def test_weekday_and_month_names() -> None:
    assert i18n.weekday_names("sv")[0] == "måndag"
    assert i18n.month_names("en")[2] == "March"


def test_numbers_follow_the_locale() -> None:
    assert i18n.format_number(1234.5, "sv") == "1\xa0234,5"
    assert i18n.format_number(1234.5, "en") == "1,234.5"


def _write_catalog(folder: Path, lang: str, entries: dict[str, str]) -> None:
    catalog = Catalog(locale=lang)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)
    target = folder / lang / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "stegvis.mo").open("wb") as fh:
        write_mo(fh, catalog)


def test_translation_with_wrong_placeholders_is_rejected_at_load(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _write_catalog(tmp_path, "sv", {
        "Hello {name}": "Hej {namn}",       # wrong placeholder: must not be used
        "Goodbye {name}": "Hej då {name}",  # right placeholder: used
    })
    monkeypatch.setenv("STEGVIS_TRANSLATIONS", str(tmp_path))
    i18n.set_language("sv")
    assert i18n._("Hello {name}").format(name="Ali") == "Hello Ali"
    assert i18n._("Goodbye {name}").format(name="Ali") == "Hej då Ali"
    translations = i18n._state.translations
    assert getattr(translations, "rejected", []) == ["Hello {name}"]


def test_unknown_language_falls_back_to_swedish() -> None:
    assert i18n.set_language("xx") == "sv"
    assert i18n.set_language("en") == "en"


def test_right_to_left_languages() -> None:
    assert i18n.is_rtl("ar")
    assert not i18n.is_rtl("sv")


@pytest.mark.parametrize(("env", "os_locale", "expected"), [
    ({"LANG": "en_GB.UTF-8"}, None, "en"),
    ({"LANG": "sv_SE.UTF-8"}, None, "sv"),
    ({"LC_ALL": "en_US.UTF-8", "LANG": "sv_SE.UTF-8"}, None, "en"),
    ({"LANGUAGE": "en:sv"}, None, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en_US", "sv"),      # an OS language without a catalogue: the default, Swedish
    ({"LANG": "C.UTF-8"}, "en_US", "en"),           # no language in the environment: the process locale
    ({}, "Swedish_Sweden", "sv"),                    # Windows names its locales in English
    ({}, "English_United Kingdom", "en"),
    ({}, None, "sv"),
])
def test_system_language_follows_the_os(env: dict[str, str], os_locale: str | None, expected: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    monkeypatch.setattr(i18n.locale, "getlocale", lambda *a: (os_locale, "UTF-8"))
    monkeypatch.setattr(i18n, "_windows_ui_language", lambda: "")
    assert i18n.system_language() == expected


def test_pgettext_tells_two_meanings_apart() -> None:
    with i18n.using_language("sv"):
        assert i18n.pgettext("follow-up", "Cancelled") == "Inställd"
        assert i18n._("Cancelled") == "Avbrutet"
    assert i18n.pgettext("follow-up", "Cancelled") == "Cancelled"


def test_language_codes_are_shown_as_names() -> None:
    assert i18n.language_name("ar", "sv") == "arabiska"
    assert i18n.language_name("so", "en") == "Somali"
    assert i18n.language_name("tigrinja på lätt svenska", "sv") == "tigrinja på lätt svenska"
    assert i18n.language_name("", "sv") == ""
