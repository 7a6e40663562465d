"""The plan as PDF: the easy-read "Min plan" for the person and the full plan for staff (ReportLab, no Qt).

``render_plan_pdf`` is what the app and ``stegvis print`` call: it reads the plan through the service layer, builds
the document in the requested language and records the print in the audit trail.
"""

from __future__ import annotations

from typing import Literal

from planner.i18n import using_language
from planner.model import Plan

Kind = Literal["easy_read", "full"]
KINDS: tuple[str, ...] = ("easy_read", "full")
LANGUAGES: tuple[str, ...] = ("sv", "en")

__all__ = ["KINDS", "LANGUAGES", "build_easy_read_pdf", "build_full_pdf", "render_plan_pdf"]


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")


def build_easy_read_pdf(plan: Plan, lang: str) -> bytes:
    """The easy-read "Min plan" PDF of a plan from ``Services.get_plan``, in ``lang`` ("sv" or "en")."""
    _check_lang(lang)
    from planner.documents.easy_read import build_easy_read

    with using_language(lang):
        return build_easy_read(plan)


def build_full_pdf(plan: Plan, lang: str) -> bytes:
    """The full plan PDF for staff of a plan from ``Services.get_plan``, in ``lang`` ("sv" or "en")."""
    _check_lang(lang)
    from planner.documents.full import build_full

    with using_language(lang):
        return build_full(plan)


def render_plan_pdf(services, plan_id: int, kind: Kind, lang: str) -> bytes:  # type: ignore[no-untyped-def]
    """Build the PDF of plan ``plan_id`` and audit the print. ``kind`` is "easy_read" or "full"."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    _check_lang(lang)
    plan = services.get_plan(plan_id)
    pdf = build_easy_read_pdf(plan, lang) if kind == "easy_read" else build_full_pdf(plan, lang)
    services.record_access("print", plan_id)
    return pdf
