"""What people type: identity numbers, names (NFC, control and direction characters), long text, e-mail,
phone numbers and periods. Through the services on both backends: a refusal names the field and writes nothing."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from sqlalchemy import func, select

from planner import validation as v
from planner.errors import ValidationError
from planner.model import AuditEvent, Goal, Person

pytestmark = pytest.mark.core

TODAY = date(2026, 11, 24)


# ------------------------------------------------------------------------------------------------ identity numbers


@pytest.mark.parametrize("written, canonical", [
    ("199001010017", "199001010017"),
    ("19900101-0017", "199001010017"),
    ("900101-0017", "199001010017"),
    ("9001010017", "199001010017"),
    (" 900101 - 0017 ".replace(" ", ""), "199001010017"),
    ("１９９００１０１００１７", "199001010017"),  # full-width digits (NFKC)
    ("121212-1212", "201212121212"),  # without "+", the most recent year that is not in the future
    ("121212+1212", "191212121212"),  # "+": a hundred years or older
    ("201212121212", "201212121212"),
    ("900161-0014", "199001610014"),  # samordningsnummer: day + 60
    ("19900161-0014", "199001610014"),
    ("000229-0005", "200002290005"),  # 29 February in a leap year
])
def test_accepted_forms_are_stored_as_twelve_digits(written: str, canonical: str) -> None:
    assert v.personal_number(written, today=TODAY) == canonical


def test_plus_means_a_hundred_years_or_older() -> None:
    assert v.personal_number("121212-1212", today=TODAY) == "201212121212"
    assert v.personal_number("121212+1212", today=TODAY) == "191212121212"


def test_a_ten_digit_number_is_never_in_the_future() -> None:
    assert v.personal_number("260101-0008", today=date(2025, 6, 1)) == "192601010008"
    assert v.personal_number("260101-0008", today=date(2026, 1, 1)) == "202601010008"


def test_coordination_numbers() -> None:
    assert v.is_coordination_number("199001610014")
    assert not v.is_coordination_number("199001010017")
    assert v.format_personal_number("199001610014") == "19900161-0014"
    assert v.format_personal_number(None) == ""


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_number_is_none(value: str | None) -> None:
    assert v.personal_number(value) is None


@pytest.mark.parametrize("written, words", [
    ("19900101-0018", "check digit"),
    ("900101-0018", "check digit"),
    ("900230-0003", "date that does not exist"),  # 30 February (with a correct check digit)
    ("19900230-0003", "date that does not exist"),
    ("19901301-0005", "month that does not exist"),  # month 13
    ("19900001-0000", "month that does not exist"),
    ("19900132-0002", "date that does not exist"),
    ("900192-0009", "date that does not exist"),  # coordination day 92 = 32
    ("9001010", "10 or 12 digits"),
    ("1990010100170", "10 or 12 digits"),
    ("19900101_0017", "10 or 12 digits"),
    ("abcdefghij", "10 or 12 digits"),
    ("010229-0004", "date that does not exist"),  # 2001 is not a leap year
])
def test_refused_numbers_name_the_field(written: str, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        v.personal_number(written, "personal_number", today=TODAY)
    assert info.value.field == "personal_number"
    assert words in info.value.message


def _count(services, model) -> int:  # type: ignore[no-untyped-def]
    with services.store.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("bad", ["19900101-0018", "19900230-0003", "19901301-0005"])
def test_a_bad_number_writes_nothing(services, bad: str) -> None:  # type: ignore[no-untyped-def]
    people, events = _count(services, Person), _count(services, AuditEvent)
    with pytest.raises(ValidationError) as info:
        services.create_person("Lejla Begić", personal_number=bad)
    assert info.value.field == "personal_number"
    assert "personal identity number" in info.value.message
    assert (_count(services, Person), _count(services, AuditEvent)) == (people, events)
    person = services.create_person("Lejla Begić")
    with pytest.raises(ValidationError):
        services.update_person(person.id, person.version, personal_number=bad)
    assert services.get_person(person.id).personal_number is None


def test_all_written_forms_are_one_person(services) -> None:  # type: ignore[no-untyped-def]
    person = services.create_person("Edina Delić", personal_number="900101-0017")
    assert person.personal_number == "199001010017"
    for other in ("19900101-0017", "199001010017", "9001010017"):
        with pytest.raises(ValidationError) as info:
            services.create_person("Edina Delić", personal_number=other)
        assert info.value.field == "personal_number" and "already has" in info.value.message
    coordination = services.create_person("Abdi Farah", personal_number="900161-0014")
    assert coordination.personal_number == "199001610014"


# ------------------------------------------------------------------------------------------------ names and text


def test_composed_and_decomposed_are_the_same() -> None:
    composed, decomposed = "\u00c5sa \u00d6berg", "A\u030asa O\u0308berg"
    assert composed != decomposed
    assert v.clean_name(decomposed) == v.clean_name(composed) == composed
    assert unicodedata.is_normalized("NFC", v.clean_name(decomposed))


def test_decomposed_name_is_stored_composed_and_found(services) -> None:  # type: ignore[no-untyped-def]
    person = services.create_person("A\u030asa O\u0308berg")
    assert services.get_person(person.id).name == "\u00c5sa \u00d6berg"
    assert [p.id for p in services.find_people("\u00c5sa")] == [person.id]
    assert [p.id for p in services.find_people("A\u030asa")] == [person.id]  # a decomposed query finds it too


@pytest.mark.parametrize("name", ["Ali\x00", "Ali\x07", "Ali\nBaba", "Ali\tBaba", "Ali\x1b[31m", "Ali\x7f",
                                  "A\u0085li"])
def test_control_characters_in_names_are_refused(name: str) -> None:
    with pytest.raises(ValidationError) as info:
        v.clean_name(name, "name")
    assert info.value.field == "name" and "control characters" in info.value.message


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                  "\u2069", "\u200e", "\u200f", "\u061c"])
def test_direction_override_characters_are_refused(char: str) -> None:
    with pytest.raises(ValidationError) as info:
        v.clean_name(f"Ali{char}Baba", "preferred_name")
    assert info.value.field == "preferred_name" and "writing direction" in info.value.message


def test_arabic_and_emoji_names_are_fine() -> None:
    for name in ("عائشة", "Ali & <Söderström> 🙂 عائشة", "Hodžić", "Faadumo Cabdi", "Ängla Ängström"):
        assert v.clean_name(name) == name


def test_bad_name_writes_nothing(services) -> None:  # type: ignore[no-untyped-def]
    people = _count(services, Person)
    for bad, words in (("Ali\u202eevil", "writing direction"), ("Ali\x07", "control"), ("   ", "empty")):
        with pytest.raises(ValidationError) as info:
            services.create_person(bad)
        assert info.value.field == "name" and words in info.value.message
    assert _count(services, Person) == people


def test_long_text_keeps_lines_and_tabs_but_not_other_controls() -> None:
    assert v.clean_long_text("rad ett\r\nrad två\rrad tre\tslut", "notes") == "rad ett\nrad två\nrad tre\tslut"
    with pytest.raises(ValidationError):
        v.clean_long_text("rad\x0bett", "notes")


def test_text_is_stripped_and_limited() -> None:
    assert v.clean_text("  hej  ", "title") == "hej"
    assert v.clean_text(None, "title") == ""
    with pytest.raises(ValidationError, match="at most 500"):
        v.clean_text("x" * 501, "title")
    assert v.clean_name("x" * 200) == "x" * 200
    with pytest.raises(ValidationError, match="at most 200"):
        v.clean_name("x" * 201)


def test_ten_thousand_character_goal_is_accepted_twenty_thousand_and_one_refused(services) -> None:  # type: ignore[no-untyped-def]
    plan = services.create_plan(services.create_person("Karim Nasser").id)
    long_goal = "Jag vill " + "ö" * 9_991
    assert len(long_goal) == 10_000
    goal = services.add_goal(plan.id, long_goal)
    assert services.get_plan(plan.id).goals[0].own_words == long_goal
    services.add_goal(plan.id, "x" * 20_000)  # the limit itself is allowed
    goals = _count(services, Goal)
    with pytest.raises(ValidationError) as info:
        services.add_goal(plan.id, "x" * 20_001)
    assert info.value.field == "own_words" and "at most 20000" in info.value.message
    with pytest.raises(ValidationError):
        services.update_goal(goal.id, None, easy_read="y" * 20_001)
    assert _count(services, Goal) == goals
    assert services.get_plan(plan.id).goals[0].easy_read == ""


# ------------------------------------------------------------------------------------------------ other fields


@pytest.mark.parametrize("good", ["", "ali@example.org", "a.b+c@sub.example.se"])
def test_email_accepted(good: str) -> None:
    assert v.email(good) == good


@pytest.mark.parametrize("bad", ["ali", "ali@", "@example.org", "ali@example", "a li@example.org"])
def test_email_refused(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        v.email(bad, "contact_email")
    assert info.value.field == "contact_email"


@pytest.mark.parametrize("good", ["", "040-34 50 00", "+46 40 34 50 00", "070-123 45 67", "(040) 123456"])
def test_phone_accepted(good: str) -> None:
    assert v.phone(good) == good


@pytest.mark.parametrize("bad", ["ring mig", "040-34 50 00 ankn. 12", "1234", "+46" + "1" * 30])
def test_phone_refused(bad: str) -> None:
    with pytest.raises(ValidationError) as info:
        v.phone(bad)
    assert info.value.field == "phone"


def test_period() -> None:
    v.period(date(2026, 1, 1), None)
    v.period(date(2026, 1, 1), date(2026, 1, 1))
    with pytest.raises(ValidationError) as info:
        v.period(date(2026, 1, 2), date(2026, 1, 1))
    assert info.value.field == "period_end"
    with pytest.raises(ValidationError) as info:
        v.period(None, None, start_field="given_on")
    assert info.value.field == "given_on"
