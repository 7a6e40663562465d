"""The plan PDFs, parsed back with pdfplumber and pypdf: texts, fonts, sizes, line lengths, margins, page numbers,
metadata, escaping, long fields, missing glyphs and both languages."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pdfplumber
import pypdf
import pytest

from planner import pictograms
from planner.documents import build_easy_read_pdf, build_full_pdf, render_plan_pdf
from planner.documents.styles import SAFE_MARGIN, make_styles
from planner.i18n import _, format_date, format_datetime, using_language

pytestmark = pytest.mark.pdf

TRICKY_GOAL = "Jobba på ICA & Lidl <deltid>"
LONG_WORDS = "Jag vill jobba med djur och natur. " * 285 + "Jag vill ha mitt jobb nu."  # 10,000 characters
MEETING_AT = datetime(2099, 3, 3, 9, 0, tzinfo=UTC)  # a Tuesday, 10.00 in Stockholm


def make_plan(services, *, goals: bool = True, long: str = "", name: str = "Amina Al-Hassan",
              number: str | None = "194001019803") -> int:
    """A plan with a bit of everything; ``long`` (if given) goes into every free-text field."""
    text = long or None
    person = services.create_person(
        name, preferred_name="Amina", what_matters=text or "Att ha något att göra varje dag.",
        good_at=text or "Jag är noggrann. Jag är bra på att sortera.",
        how_to_help=text or "Visa mig en sak i taget.", personal_number=number)
    plan = services.create_plan(person.id, period_start=date(2026, 1, 5), period_end=date(2099, 12, 31),
                                own_words=text or "Jag vill ha ett riktigt jobb.")
    actors = services.list_actors()
    services.add_participant(plan.id, "Lena Berg", role="Coach", phone="040-12 34 56", is_lead=True,
                             actor_id=actors[0].id)
    services.add_participant(plan.id, "Omar Haddad", role="Handläggare", actor_id=actors[1].id)
    if goals:
        goal = services.add_goal(plan.id, TRICKY_GOAL, easy_read=text or TRICKY_GOAL, pictogram="shop")
        services.add_step(goal.id, text or "Besöka arbetsplatsen med min coach.", due_on=date(2099, 3, 3))
        second = services.add_goal(plan.id, "Ta bussen själv", easy_read="Jag vill åka buss själv.",
                                   pictogram="bus")
        services.add_step(second.id, "Öva på bussresan.", due_on=date(2099, 2, 10))
    services.add_support(plan.id, text or "Coachen följer med till arbetsplatsen.", actor_id=actors[0].id,
                         contact_name="Anna", contact_phone="040-12 34 56", frequency="En gång i veckan")
    services.schedule_follow_up(plan.id, MEETING_AT, place="Biblioteket, mötesrummet")
    services.record_consent(plan.id, [actors[0].id, actors[1].id], given_on=date(2026, 1, 5), note=text or "")
    return plan.id


def pages_of(pdf: bytes) -> list[pdfplumber.page.Page]:
    return list(pdfplumber.open(io.BytesIO(pdf)).pages)


def all_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in pages_of(pdf))


def flat(text: str) -> str:
    """Text without any whitespace: compares content independent of where lines were broken."""
    return "".join(text.split())


def stream_text(pdf: bytes) -> str:
    """Text in drawing order (pypdf): a table cell's lines stay together, unlike a layout-based extraction."""
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def lines_of(pdf: bytes) -> list[str]:
    return [line["text"] for page in pages_of(pdf) for line in page.extract_text_lines()]


def tr(lang: str, msgid: str, **values: object) -> str:
    with using_language(lang):
        return _(msgid).format(**values)


# ------------------------------------------------------------------------------------------------ easy-read


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_easy_read_has_every_section_in_the_language(services, lang: str) -> None:
    plan_id = make_plan(services)
    pdf = render_plan_pdf(services, plan_id, "easy_read", lang)
    text = flat(all_text(pdf))
    for heading in ("My plan", "About me", "My goals", "Next steps", "Who helps me?", "Next meeting", "Consent"):
        assert flat(tr(lang, heading)) in text
    for expected in ("Amina", TRICKY_GOAL, "Besöka arbetsplatsen med min coach.", "Öva på bussresan.",
                     "Coachen följer med till arbetsplatsen.", "Biblioteket, mötesrummet", "040-12 34 56",
                     pictograms.attribution(lang)):
        assert flat(expected) in text
    weekday_date = {"sv": "tisdag 3 mars 2099", "en": "Tuesday 3 March 2099"}[lang]
    assert flat(weekday_date) in text
    with using_language(lang):
        when = format_datetime(MEETING_AT)
        assert flat(format_date(date(2099, 2, 10))) in text
    assert when.endswith({"sv": "klockan 10.00", "en": "at 10:00"}[lang])
    assert flat(when) in text


def test_easy_read_body_is_atkinson_16pt_and_headings_bold_22pt(sqlite_services) -> None:
    pdf = build_easy_read_pdf(sqlite_services.get_plan(make_plan(sqlite_services)), "sv")
    attribution = flat(pictograms.attribution("sv"))
    small = []
    for page in pages_of(pdf):
        for char in page.chars:
            if char["text"].isspace():
                continue
            if char["size"] < 16:
                small.append(char["text"])
                continue
            assert "AtkinsonHyperlegible" in char["fontname"], char
            assert "Italic" not in char["fontname"]
    assert "".join(small) == attribution  # only the OpenMoji small print is below 16 pt
    headings = [c for p in pages_of(pdf) for c in p.chars if "Bold" in c["fontname"] and c["size"] >= 22]
    assert flat(tr("sv", "Next steps")) in flat("".join(c["text"] for c in headings))
    sizes = {round(c["size"]) for p in pages_of(pdf) for c in p.chars if "Bold" in c["fontname"]}
    assert sizes <= {16, 24, 32}  # bold labels at body size, headings 24, the title 32


def test_easy_read_leading_is_at_least_size_plus_4(sqlite_services) -> None:
    pdf = build_easy_read_pdf(sqlite_services.get_plan(make_plan(sqlite_services)), "en")
    page = pages_of(pdf)[0]
    body = page.extract_text_lines()
    tops = [line["top"] for line in body if round(line["chars"][0]["size"]) == 16]
    gaps = [b - a for a, b in zip(tops, tops[1:], strict=False) if b > a]
    assert gaps and min(gaps) >= 20


@pytest.mark.slow
def test_easy_read_lines_are_at_most_55_characters(sqlite_services) -> None:
    plan_id = make_plan(sqlite_services, long=LONG_WORDS)
    pdf = build_easy_read_pdf(sqlite_services.get_plan(plan_id), "sv")
    lines = [line for line in lines_of(pdf) if flat(line) not in flat(pictograms.attribution("sv"))]
    assert len(lines) > 200
    assert max(len(line) for line in lines) <= 55
    assert len(pages_of(pdf)) > 5


@pytest.mark.slow
def test_one_sentence_per_line_and_no_split_words(sqlite_services) -> None:
    plan_id = make_plan(sqlite_services)
    sqlite_services.update_person(sqlite_services.get_plan(plan_id).person_id, None,
                                  good_at="Jag är noggrann. Jag är bra på att sortera. Jag kommer alltid i tid.")
    lines = lines_of(build_easy_read_pdf(sqlite_services.get_plan(plan_id), "sv"))
    for sentence in ("Jag är noggrann.", "Jag är bra på att sortera.", "Jag kommer alltid i tid."):
        assert sentence in lines
    assert len(LONG_WORDS) == 10_000
    words = set(LONG_WORDS.split())
    long_pdf = build_easy_read_pdf(sqlite_services.get_plan(make_plan(sqlite_services, long=LONG_WORDS,
                                                                      name="Erik Holm", number=None)), "sv")
    for line in lines_of(long_pdf):
        if "djur" in line or "natur" in line:
            assert all(word in words for word in line.split()), line


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["easy_read", "full"])
def test_no_text_outside_the_margins(sqlite_services, kind: str) -> None:
    plan_id = make_plan(sqlite_services, long=LONG_WORDS[:3000] + " " + "x" * 3000)
    pdf = render_plan_pdf(sqlite_services, plan_id, kind, "sv")
    for page in pages_of(pdf):
        assert page.chars
        for char in page.chars:
            assert char["x0"] >= SAFE_MARGIN - 0.5 and char["x1"] <= page.width - SAFE_MARGIN + 0.5, char
            assert char["top"] >= SAFE_MARGIN - 0.5 and char["bottom"] <= page.height - SAFE_MARGIN + 0.5, char
    frame = make_styles(kind)
    for page in pages_of(pdf):  # the body text itself stays in the frame
        for char in page.chars:
            if frame.bottom <= page.height - char["bottom"] and char["top"] >= frame.top:
                assert char["x1"] <= page.width - frame.right + 0.5


@pytest.mark.parametrize("kind", ["easy_read", "full"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_page_numbers_and_metadata(sqlite_services, kind: str, lang: str) -> None:
    plan_id = make_plan(sqlite_services, long=LONG_WORDS[:3000])
    pdf = render_plan_pdf(sqlite_services, plan_id, kind, lang)
    pages = pages_of(pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        label = tr(lang, "Page {page} of {total}", page=number, total=len(pages))
        assert label in page.extract_text()
        # The label's own letters ("S" of "Sida" also occurs in the 9 pt picture credits).
        size = min(c["size"] for match in page.search(label, regex=False) for c in match["chars"])
        if kind == "easy_read":
            assert size >= 16
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    meta = reader.metadata
    assert "Amina" in meta.title
    assert meta.author and meta.subject
    assert reader.trailer["/Root"]["/Lang"] == {"sv": "sv-SE", "en": "en-GB"}[lang]
    fonts = {str(f["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values()
             if "/BaseFont" in f}
    assert any("AtkinsonHyperlegible" in f for f in fonts)


def test_fonts_are_embedded(sqlite_services) -> None:
    pdf = build_easy_read_pdf(sqlite_services.get_plan(make_plan(sqlite_services)), "sv")
    drawn = {c["fontname"] for p in pages_of(pdf) for c in p.chars}
    assert all("+" in name for name in drawn), drawn  # every font text is drawn in is an embedded subset
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if str(font["/BaseFont"]).lstrip("/") in drawn:
                assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]


def test_pictograms_left_of_goals_steps_and_headings(sqlite_services) -> None:
    pdf = build_easy_read_pdf(sqlite_services.get_plan(make_plan(sqlite_services)), "sv")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    used = {name for page in reader.pages for name in page["/Resources"].get("/XObject", {})}
    for key in ("plan", "about_me", "goal", "shop", "bus", "step", "people", "support", "calendar", "consent"):
        assert f"/FormXob.picto_{key}" in used
    page = pages_of(pdf)[0]
    text_left = min(c["x0"] for c in page.chars if c["size"] >= 16)
    assert text_left > make_styles("easy_read").left + make_styles("easy_read").heading_picto_size


def test_plan_without_goals_prints_a_sensible_page(sqlite_services) -> None:
    person = sqlite_services.create_person("Erik Holm")
    plan = sqlite_services.create_plan(person.id, period_start=date(2026, 1, 5))
    for lang in ("sv", "en"):
        pdf = render_plan_pdf(sqlite_services, plan.id, "easy_read", lang)
        text = flat(all_text(pdf))
        assert flat(tr(lang, "I have no goals in my plan yet.")) in text
        assert flat(tr(lang, "We have not decided when we meet next time.")) in text
        assert flat(tr(lang, "I have not said yes.")) in text
        assert len(pages_of(pdf)) <= 2
        full = all_text(render_plan_pdf(sqlite_services, plan.id, "full", lang))
        assert flat(tr(lang, "No goals are recorded.")) in flat(full)


def test_large_text_need_makes_the_text_bigger(sqlite_services) -> None:
    plan_id = make_plan(sqlite_services)
    plan = sqlite_services.get_plan(plan_id)
    sqlite_services.update_person(plan.person_id, None, large_text=True)
    pdf = build_easy_read_pdf(sqlite_services.get_plan(plan_id), "sv")
    sizes = [c["size"] for p in pages_of(pdf) for c in p.chars if c["size"] > 10]
    assert min(sizes) >= 19.9
    attribution = flat(pictograms.attribution("sv"))
    assert max(len(line) for line in lines_of(pdf) if flat(line) not in attribution) <= 55


# ------------------------------------------------------------------------------------------------ escaping, glyphs


@pytest.mark.parametrize("kind", ["easy_read", "full"])
def test_markup_in_user_text_prints_literally(sqlite_services, kind: str) -> None:
    plan_id = make_plan(sqlite_services)
    plan = sqlite_services.get_plan(plan_id)
    sqlite_services.update_person(plan.person_id, None, what_matters="<b>fet</b> &amp; <font size=40>stor</font>")
    text = all_text(render_plan_pdf(sqlite_services, plan_id, kind, "sv"))
    assert TRICKY_GOAL in text
    assert "<b>fet</b> &amp; <font size=40>stor</font>" in text


def test_markup_function_escapes_everything() -> None:
    from planner.documents.markup import markup

    assert markup("a & b <c> 'd'") == "a &amp; b &lt;c&gt; 'd'"
    assert "<font" not in markup("Hodžić Åsa Öberg")
    assert "<br/>" in markup("rad ett\nrad två")


@pytest.mark.parametrize("kind", ["easy_read", "full"])
def test_emoji_arabic_and_missing_glyphs_never_crash(sqlite_services, kind: str) -> None:
    person = sqlite_services.create_person("عائشة محمد 🙂", preferred_name="عائشة 🙂")
    plan = sqlite_services.create_plan(person.id, period_start=date(2026, 1, 5))
    sqlite_services.add_goal(plan.id, "Jag vill jobba 👩🏽‍💻 ❤️ och 中文", easy_read="Jag vill jobba 🙂 med data ✨ 中")
    pdf = render_plan_pdf(sqlite_services, plan.id, kind, "en")
    text = all_text(pdf)
    assert "Jag vill jobba" in text
    assert "\ufffd" in text  # the Chinese letters no bundled font has: visibly replaced
    assert "🙂" not in text  # drawn as the OpenMoji picture instead
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    used = {name for page in reader.pages for name in page["/Resources"].get("/XObject", {})}
    assert "/FormXob.picto_1F642" in used
    arabic = [c for p in pages_of(pdf) for c in p.chars if 0xFE70 <= ord(c["text"]) <= 0xFEFF]
    assert arabic and all("NotoSansArabic" in c["fontname"] for c in arabic)


def test_text_runs_pick_fonts() -> None:
    from planner.documents import fonts

    assert [r.font for r in fonts.runs("Hej Åsa")] == [fonts.REGULAR]
    runs = fonts.runs("a 🙂 b")
    assert [r.emoji for r in runs] == ["", "1F642", ""]
    assert fonts.runs("#1 ©")[0].text == "#1 ©"  # text symbols stay text
    assert fonts.runs("中")[0].text == fonts.REPLACEMENT


# ------------------------------------------------------------------------------------------------ long fields


@pytest.mark.parametrize("kind", ["easy_read", "full"])
def test_10000_character_fields_wrap_over_pages(services, kind: str) -> None:
    plan_id = make_plan(services, long=LONG_WORDS)
    services.add_goal(plan_id, "x" * 10_000)  # one word that cannot fit any line
    pdf = render_plan_pdf(services, plan_id, kind, "sv")
    pages = len(pages_of(pdf))
    assert pages > 5
    text = flat(stream_text(pdf))
    sentences_per_field = LONG_WORDS.count("natur.")
    assert text.count(flat("Jag vill jobba med djur och natur.")) >= 6 * sentences_per_field - pages
    assert text.count("x" * 40) >= 10_000 // 70 - pages  # the unbreakable word is cut, never lost
    assert "Amina" in text


# ------------------------------------------------------------------------------------------------ full plan


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_full_plan_has_every_part(services, lang: str) -> None:
    plan_id = make_plan(services)
    plan = services.get_plan(plan_id)
    fu = plan.follow_ups[0]
    goal = plan.goals[0]
    services.record_follow_up(fu.id, held_on=date(2026, 3, 3), attendees="Amina, Lena", notes="Det gick bra.",
                              outcomes={goal.id: ("improving", "Mer självständig")})
    services.move_stage(plan_id, "work_oriented", on=date(2026, 3, 3), note="Börjar på biblioteket")
    pdf = render_plan_pdf(services, plan_id, "full", lang)
    pages = pages_of(pdf)
    text = flat(stream_text(pdf))
    for expected in ("Amina Al-Hassan", "19400101-9803", "Lena Berg", "Omar Haddad", "Handläggare",
                     TRICKY_GOAL, "Coachen följer med till arbetsplatsen.", "En gång i veckan",
                     "Det gick bra.", "Mer självständig", "Börjar på biblioteket", "2026-03-03"):
        assert flat(expected) in text, expected
    for msgid in ("Participants", "Lead responsibility", "Supports", "Follow-ups", "Consent", "Stage history",
                  "Signatures", "Signature", "Place and date", "Work-oriented activity", "Daily activity"):
        assert flat(tr(lang, msgid)) in text, msgid
    confidential = tr(lang, "Confidential under OSL")
    printed = flat(tr(lang, "Printed {date}", date=""))
    for number, page in enumerate(pages, start=1):
        page_text = page.extract_text()
        assert confidential in page_text
        assert printed in flat(page_text)
        assert tr(lang, "Page {page} of {total}", page=number, total=len(pages)) in page_text
        assert "Amina Al-Hassan" in page_text  # the header names the person on every page
        assert "2026-01-05" in page_text and "2099-12-31" in page_text  # and the plan period


def test_render_plan_pdf_audits_the_print(services) -> None:
    plan_id = make_plan(services)
    before = [e.action for e in services.audit_trail()]
    render_plan_pdf(services, plan_id, "easy_read", "sv")
    render_plan_pdf(services, plan_id, "full", "en")
    after = [e for e in services.audit_trail()][len(before):]
    assert [(e.action, e.entity, e.entity_id) for e in after] == [("print", "plan", plan_id)] * 2
    assert services.audit_chain_problems() == []


def test_unknown_kind_or_language_is_refused(sqlite_services) -> None:
    plan_id = make_plan(sqlite_services)
    with pytest.raises(ValueError):
        render_plan_pdf(sqlite_services, plan_id, "poster", "sv")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        render_plan_pdf(sqlite_services, plan_id, "full", "de")
    assert "print" not in [e.action for e in sqlite_services.audit_trail()]
    plan = sqlite_services.get_plan(plan_id)
    assert build_full_pdf(plan, "en").startswith(b"%PDF")


# ------------------------------------------------------------------------------------------------ demo data


@pytest.mark.slow
def test_stegvis_print_every_demo_plan_in_both_modes_and_languages(tmp_path) -> None:
    """`stegvis demo`, then `stegvis print` for every plan, --easy-read and --full, sv and en (in-process CLI)."""
    from planner.cli import main
    from planner.services import Services
    from planner.store import open_store

    db = tmp_path / "pdfdemo.db"
    assert main(["demo", "--db", str(db)]) == 0
    store = open_store(db, create=False)
    try:
        plan_ids = [row.plan_id for row in Services(store, user="test").list_plans()]
    finally:
        store.close()
    assert len(plan_ids) >= 14
    for plan_id in plan_ids:
        for mode in ("--easy-read", "--full"):
            for lang in ("sv", "en"):
                out = tmp_path / f"{plan_id}{mode}-{lang}.pdf"
                assert main(["print", str(plan_id), "--db", str(db), mode, "--lang", lang, "-o", str(out)]) == 0
                reader = pypdf.PdfReader(out)
                assert len(reader.pages) >= 1
                if mode == "--easy-read":
                    assert len(reader.pages) <= 6
                    assert tr(lang, "Page {page} of {total}", page=1, total=len(reader.pages)) in \
                        reader.pages[0].extract_text()
