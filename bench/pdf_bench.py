"""Benchmark: the easy-read PDF of a 10-goal plan against a bare ReportLab document of the same text.

The bare document is what ReportLab does with no extra work: the same strings as plain Paragraphs in Helvetica
(no embedded font, no pictures, no page numbers). The ratio of the medians, measured in the same run, is the
figure to watch; the target is 3× or less. ``bench/run.py`` calls :func:`bench_easy_read`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOALS = [
    ("Jag vill jobba i en butik.", "shop"), ("Jag vill jobba på biblioteket.", "library"),
    ("Jag vill åka buss själv.", "bus"), ("Jag vill få lön.", "money"),
    ("Jag vill lära mig köra truck.", "warehouse"), ("Jag vill komma i tid.", "clock"),
    ("Jag vill laga mat.", "food"), ("Jag vill ha vänner på jobbet.", "people"),
    ("Jag vill studera.", "study"), ("Jag vill må bra.", "happy"),
]


def _ten_goal_plan(services: Any) -> int:
    person = services.create_person(
        "Amina Al-Hassan", preferred_name="Amina",
        what_matters="Att ha något att göra varje dag och träffa mina arbetskamrater.",
        good_at="Jag är noggrann. Jag är bra på att sortera.", how_to_help="Visa mig en sak i taget. Använd bilder.")
    plan = services.create_plan(person.id, period_start=date(2026, 1, 5), period_end=date(2026, 12, 31),
                                own_words="Jag vill ha ett riktigt jobb och egen lön.")
    actors = services.list_actors()
    services.add_participant(plan.id, "Lena Berg", role="Coach", phone="040-12 34 56", is_lead=True,
                             actor_id=actors[0].id)
    for number, (text, picto) in enumerate(GOALS):
        goal = services.add_goal(plan.id, text, easy_read=text, pictogram=picto)
        services.add_step(goal.id, f"Steg {number + 1}: prova en dag i veckan.",
                          due_on=date(2026, 3, 3) + timedelta(days=7 * number), pictogram="step")
    for actor in actors[:3]:
        services.add_support(plan.id, "Hjälper mig med schemat.", actor_id=actor.id, contact_name="Anna",
                             contact_phone="040-12 34 56", frequency="En gång i veckan", pictogram="support")
    services.schedule_follow_up(plan.id, datetime(2099, 3, 3, 9, tzinfo=UTC), place="Biblioteket")
    services.record_consent(plan.id, [a.id for a in actors[:3]], given_on=date(2026, 1, 5))
    return plan.id


def _same_texts(plan: Any, lang: str) -> list[str]:
    """Every string the easy-read PDF prints, in order."""
    from planner import pictograms
    from planner.documents.easy_read import plan_sections
    from planner.i18n import _, format_date, using_language

    with using_language(lang):
        texts = [_("My plan"), _("My name is {name}.").format(name=plan.person.display_name),
                 _("The plan starts on {date}.").format(date=format_date(plan.period_start))]
        for section in plan_sections(plan):
            texts.append(section.heading)
            for item in section.items:
                texts += [t for t in (item.label, *item.texts) if t]
        texts.append(pictograms.attribution(lang))
    return texts


def bare_pdf(texts: list[str]) -> bytes:
    """The same strings as plain ReportLab Paragraphs: the baseline."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["Normal"].clone("bare", fontSize=16, leading=23)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph(escape(t), style) for t in texts])
    return out.getvalue()


def _interleaved_medians_ms(first: Any, second: Any, rounds: int) -> tuple[float, float]:
    """Median times of two builds, alternated round by round so a busy machine slows both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _round in range(rounds):
        for func, out in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            func()
            out.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def bench_easy_read(rounds: int = 20) -> dict[str, Any]:
    """Median build times (ms) of the easy-read PDF of a 10-goal plan and of the bare document, and their ratio."""
    import io

    import pypdf

    from planner.documents import build_easy_read_pdf
    from planner.services import Services
    from planner.store import open_store

    rounds = max(1, rounds)
    with tempfile.TemporaryDirectory(prefix="stegvis-bench-") as folder:
        store = open_store(Path(folder) / "bench.db")
        try:
            services = Services(store, user="bench")
            plan = services.get_plan(_ten_goal_plan(services))
        finally:
            store.close()
    texts = _same_texts(plan, "sv")
    start = time.perf_counter()
    pdf = build_easy_read_pdf(plan, "sv")  # first build: fonts registered, pictures parsed
    first_ms = (time.perf_counter() - start) * 1000
    bare = bare_pdf(texts)
    easy_ms, bare_ms = _interleaved_medians_ms(lambda: build_easy_read_pdf(plan, "sv"), lambda: bare_pdf(texts),
                                               rounds)
    return {
        "name": "easy-read PDF, 10-goal plan",
        "rounds": rounds,
        "easy_read_ms": round(easy_ms, 2),
        "bare_reportlab_ms": round(bare_ms, 2),
        "easy_read_median_s": easy_ms / 1000,  # the names bench/run.py reads
        "bare_median_s": bare_ms / 1000,
        "ratio": round(easy_ms / bare_ms, 2),
        "target_ratio": 3.0,
        "first_build_ms": round(first_ms, 2),
        "pages": len(pypdf.PdfReader(io.BytesIO(pdf)).pages),
        "bare_pages": len(pypdf.PdfReader(io.BytesIO(bare)).pages),
        "bytes": len(pdf),
    }


if __name__ == "__main__":
    result = bench_easy_read(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
    for key, value in result.items():
        print(f"{key:>18}: {value}")
