"""Validation of what people type: identity numbers, names, free text, dates, e-mail, phone numbers.

Every function returns the canonical value or raises :class:`planner.errors.ValidationError` naming the field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from stdnum import luhn

from planner.errors import ValidationError
from planner.i18n import _

MAX_NAME = 200
MAX_SHORT_TEXT = 500
MAX_LONG_TEXT = 20_000

# C0/C1 controls (tab and newline allowed only in long text) and the bidirectional embedding/override/isolate
# characters that can make a name display as something else ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_PNR = re.compile(r"^(\d{2})?(\d{6})([-+]?)(\d{4})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-/]{5,25}$")


def clean_text(value: str | None, field: str, *, required: bool = False, max_length: int = MAX_SHORT_TEXT,
               multiline: bool = False) -> str:
    """NFC-normalised, stripped text with no control or direction-override characters."""
    text = unicodedata.normalize("NFC", value or "").strip()
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if required and not text:
        raise ValidationError(field, _("This field cannot be empty."))
    bad = _CONTROL if multiline else _CONTROL_SINGLE_LINE
    if bad.search(text):
        raise ValidationError(field, _("The text contains invisible control characters. Please retype it."))
    if _BIDI.search(text):
        raise ValidationError(
            field, _("The text contains hidden characters that change the writing direction. Please retype it."))
    if len(text) > max_length:
        raise ValidationError(field, _("The text is too long: at most {limit} characters.").format(limit=max_length))
    return text


def clean_name(value: str | None, field: str = "name", *, required: bool = True) -> str:
    return clean_text(value, field, required=required, max_length=MAX_NAME)


def clean_long_text(value: str | None, field: str) -> str:
    return clean_text(value, field, max_length=MAX_LONG_TEXT, multiline=True)


def personal_number(value: str | None, field: str = "personal_number", *, today: date | None = None) -> str | None:
    """A Swedish personnummer or samordningsnummer as 12 digits (``YYYYMMDDNNNC``), or ``None`` when empty.

    Accepts ``YYMMDD-NNNN``, ``YYMMDD+NNNN`` (100 years or older), ``YYYYMMDDNNNN`` and ``YYYYMMDD-NNNN``.
    A coordination number has 60 added to the day.
    """
    raw = unicodedata.normalize("NFKC", value or "").strip().replace(" ", "")
    if not raw:
        return None
    m = _PNR.match(raw)
    if not m:
        raise ValidationError(field, _("A personal identity number has 10 or 12 digits, like 19900101-1234."))
    century, yymmdd, sep, tail = m.groups()
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    coordination = day > 60
    if coordination:
        day -= 60
    today = today or date.today()
    if century is None:
        yy = int(yymmdd[:2])
        year = (today.year // 100) * 100 + yy
        if year > today.year:
            year -= 100
        if sep == "+":
            year -= 100
        century = str(year // 100)
    year = int(century + yymmdd[:2])
    if not 1 <= month <= 12:
        raise ValidationError(field, _("The personal identity number has a month that does not exist."))
    try:
        date(year, month, day)
    except ValueError as exc:
        raise ValidationError(field, _("The personal identity number has a date that does not exist.")) from exc
    if not luhn.is_valid(yymmdd + tail):
        raise ValidationError(field, _("The personal identity number is not valid: its check digit is wrong."))
    return f"{century}{yymmdd}{tail}"


def is_coordination_number(canonical: str) -> bool:
    return int(canonical[6:8]) > 60


def format_personal_number(canonical: str | None) -> str:
    """``YYYYMMDD-NNNN`` for display."""
    if not canonical:
        return ""
    return f"{canonical[:8]}-{canonical[8:]}"


def email(value: str | None, field: str = "email") -> str:
    text = clean_text(value, field, max_length=254)
    if text and not _EMAIL.match(text):
        raise ValidationError(field, _("This does not look like an e-mail address."))
    return text


def phone(value: str | None, field: str = "phone") -> str:
    text = clean_text(value, field, max_length=40)
    if text and not _PHONE.match(text):
        raise ValidationError(field, _("A phone number may only hold digits, spaces, +, - and brackets."))
    return text


def period(start: date | None, end: date | None, *, start_field: str = "period_start",
           end_field: str = "period_end") -> None:
    if start is None:
        raise ValidationError(start_field, _("Please choose a start date."))
    if end is not None and end < start:
        raise ValidationError(end_field, _("The end date cannot be before the start date."))
