"""Tests for the curated OpenMoji pictogram catalogue (planner.pictograms)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from planner import pictograms
from planner.pictograms import CATALOGUE, CATEGORIES, Pictogram

pytestmark = pytest.mark.core

SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
HEXCODE = re.compile(r"[0-9A-F]{4,6}(?:-[0-9A-F]{4,6})*")

# Keys other parts of the app rely on; they must never disappear.
REQUIRED_KEYS = (
    "person", "goal", "step", "support", "calendar", "meeting", "consent", "about_me", "people", "phone",
    "place", "clock", "work", "study", "done", "on_the_way", "not_yet", "change", "speaker", "print",
    "library", "second_hand_shop", "warehouse", "question", "star", "heart", "thumbs_up", "home", "bus",
    "money", "doctor", "food", "coffee", "computer", "happy", "sad", "tired", "worried", "calm",
)  # fmt: skip

REQUIRED_CATEGORIES = (
    "work", "travel", "time", "money", "health", "home", "leisure", "people", "feelings",
    "school", "communication", "food", "safety", "documents",
)  # fmt: skip


def keys(results: list[Pictogram]) -> list[str]:
    return [p.key for p in results]


# --- catalogue shape ----------------------------------------------------------------------------------------


def test_catalogue_size() -> None:
    assert len(CATALOGUE) >= 170


def test_keys_unique_snake_case_ascii() -> None:
    for key, picto in CATALOGUE.items():
        assert picto.key == key
        assert key.isascii()
        assert SNAKE_CASE.fullmatch(key), key


def test_hexcodes_well_formed_and_unique() -> None:
    for picto in CATALOGUE.values():
        assert HEXCODE.fullmatch(picto.hexcode), picto
    duplicates = [h for h, n in Counter(p.hexcode for p in CATALOGUE.values()).items() if n > 1]
    assert duplicates == [], "the same picture must not mean two different things"


@pytest.mark.parametrize("key", REQUIRED_KEYS)
def test_required_keys_exist(key: str) -> None:
    picto = pictograms.get(key)
    assert picto is not None
    assert picto.key == key


def test_get_unknown_returns_none() -> None:
    assert pictograms.get("no_such_pictogram") is None


def test_categories() -> None:
    assert len(set(CATEGORIES)) == len(CATEGORIES)
    for category in REQUIRED_CATEGORIES:
        assert category in CATEGORIES
    counts = Counter(p.category for p in CATALOGUE.values())
    assert set(counts) == set(CATEGORIES)
    for category in CATEGORIES:
        assert counts[category] >= 8, category


def test_catalogue_ordered_by_category() -> None:
    order = [CATEGORIES.index(p.category) for p in CATALOGUE.values()]
    assert order == sorted(order)


def test_category_labels() -> None:
    for category in CATEGORIES:
        assert pictograms.category_label(category, "sv").strip()
        assert pictograms.category_label(category, "en").strip()
    assert pictograms.category_label("money", "sv") == "Pengar"
    assert pictograms.category_label("money", "en") == "Money"
    with pytest.raises(KeyError):
        pictograms.category_label("nonsense", "sv")


def test_labels_and_words() -> None:
    for picto in CATALOGUE.values():
        assert picto.label_sv.strip() and picto.label_sv == picto.label_sv.strip(), picto
        assert picto.label_en.strip() and picto.label_en == picto.label_en.strip(), picto
        assert picto.label("sv") == picto.label_sv
        assert picto.label("sv_SE") == picto.label_sv
        assert picto.label("en") == picto.label_en
        assert picto.label_sv[0].isupper() or picto.label_sv[0].isdigit(), picto
        assert not (picto.label_sv.isupper() and len(picto.label_sv) > 3), "no all-caps words"
        assert isinstance(picto.words, tuple) and picto.words, picto
        for word in picto.words:
            assert word and word == word.lower() and word == word.strip(), (picto.key, word)


def test_swedish_letters_kept() -> None:
    assert CATALOGUE["doctor"].label_sv == "Läkare"
    assert CATALOGUE["goal"].label_sv == "Mål"
    assert CATALOGUE["support"].label_sv == "Stöd"
    assert CATALOGUE["change"].label_sv == "Ändring"


def test_pictogram_is_frozen() -> None:
    with pytest.raises(AttributeError):
        CATALOGUE["bus"].key = "train"  # type: ignore[misc]


# --- SVG files ----------------------------------------------------------------------------------------------


def test_every_svg_exists_and_parses() -> None:
    for picto in CATALOGUE.values():
        path = pictograms.svg_path(picto.key)
        assert path.is_file(), picto
        assert path.name == f"{picto.hexcode}.svg"
        root = ET.fromstring(path.read_bytes())
        assert root.tag.endswith("svg"), picto
        # The colour set: OpenMoji colour files carry a "color" layer.
        assert any(el.get("id") == "color" for el in root.iter()), picto


def test_svg_path_accepts_hexcode() -> None:
    assert pictograms.svg_path("1F68C") == pictograms.svg_path("bus")
    assert pictograms.svg_path("1f68c") == pictograms.svg_path("bus")
    # Single code points are stored without the emoji variation selector.
    assert pictograms.svg_path("2764-FE0F") == pictograms.svg_path("heart")


@pytest.mark.parametrize("bad", ["no_such_pictogram", "", "ZZZZ", "10FFFD"])
def test_svg_path_unknown_raises_keyerror(bad: str) -> None:
    with pytest.raises(KeyError):
        pictograms.svg_path(bad)


def test_svg_bytes() -> None:
    data = pictograms.svg_bytes("bus")
    assert data.lstrip().startswith(b"<svg")
    with pytest.raises(KeyError):
        pictograms.svg_bytes("no_such_pictogram")


# --- search -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("buss", "sv", "bus"),
        ("pengar", "sv", "money"),
        ("läkare", "sv", "doctor"),
        ("doctor", "en", "doctor"),
        ("bus", "en", "bus"),
        ("money", "en", "money"),
        ("arbete", "sv", "work"),
        ("jobb", "sv", "work"),
        ("kalender", "sv", "calendar"),
        ("skriva ut", "sv", "print"),
        ("handshake", "en", "support"),
    ],
)
def test_search_finds_expected_first(text: str, lang: str, expected: str) -> None:
    results = pictograms.search(text, lang)
    assert results, text
    assert results[0].key == expected


def test_search_other_language_still_found() -> None:
    assert "doctor" in keys(pictograms.search("doctor", "sv"))
    assert "bus" in keys(pictograms.search("buss", "en"))


def test_search_case_insensitive() -> None:
    assert keys(pictograms.search("BUSS")) == keys(pictograms.search("buss"))
    assert keys(pictograms.search("Läkare")) == keys(pictograms.search("LÄKARE"))
    assert keys(pictograms.search("Doctor", "en"))[0] == "doctor"


def test_search_accent_insensitive() -> None:
    assert keys(pictograms.search("lakare"))[0] == "doctor"
    assert "goal" in keys(pictograms.search("mal"))


def test_search_prefix_and_substring() -> None:
    assert "bus" in keys(pictograms.search("bus", "sv"))
    assert "doctor" in keys(pictograms.search("läk"))
    # "tandläkare" contains "läkare": found, but after the exact match.
    results = keys(pictograms.search("läkare"))
    assert results.index("doctor") < results.index("dentist")


def test_search_empty_returns_all_in_order() -> None:
    assert keys(pictograms.search("")) == list(CATALOGUE)
    assert keys(pictograms.search("   ")) == list(CATALOGUE)


def test_search_no_match() -> None:
    assert pictograms.search("xyzzyqwerty") == []


# --- attribution --------------------------------------------------------------------------------------------


def test_attribution() -> None:
    for text in (pictograms.ATTRIBUTION_SV, pictograms.ATTRIBUTION_EN):
        assert "OpenMoji" in text
        assert "CC BY-SA 4.0" in text
    assert pictograms.attribution("sv") == pictograms.ATTRIBUTION_SV
    assert pictograms.attribution("en") == pictograms.ATTRIBUTION_EN
