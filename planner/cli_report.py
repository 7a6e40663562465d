"""``stegvis report``: the anonymised outcomes report as CSV, PDF or JSON (counts only, small numbers hidden)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from planner.errors import ValidationError
from planner.i18n import _


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("Please write the date as YYYY-MM-DD, for example 2026-03-03.")) from exc


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from planner.cli import add_db_argument

    p = sub.add_parser("report", help=_("the outcomes report: counts only, small numbers hidden"))
    add_db_argument(p)
    p.add_argument("--from", dest="start", type=_day, required=True, metavar="DATE", help=_("first day (YYYY-MM-DD)"))
    p.add_argument("--to", dest="end", type=_day, required=True, metavar="DATE", help=_("last day (YYYY-MM-DD)"))
    p.add_argument("--unit", metavar="NAME", help=_("only plans at this placement unit"))
    p.add_argument("--coach", metavar="LOGIN", help=_("only plans with this coach (staff login)"))
    p.add_argument("--actor", metavar="NAME", help=_("only plans where this actor takes part"))
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("--csv", metavar="FILE", help=_("write CSV (UTF-8 with BOM, semicolons) for Excel"))
    out.add_argument("--pdf", metavar="FILE", help=_("write a PDF report"))
    out.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from planner.cli import EXIT_OK, open_services
    from planner.report_export import json_text, to_csv
    from planner.reports import outcomes_report

    services = open_services(args, create=False)
    coach_id = actor_id = None
    if args.coach:
        coach_id = next((s.id for s in services.list_staff() if s.login == args.coach), None)
        if coach_id is None:
            raise ValidationError("coach", _("There is no staff member with the login “{login}”.")
                                  .format(login=args.coach))
    if args.actor:
        actor_id = next((a.id for a in services.list_actors(include_inactive=True) if a.name == args.actor), None)
        if actor_id is None:
            raise ValidationError("actor", _("There is no actor called “{name}”.").format(name=args.actor))
    report = outcomes_report(services, args.start, args.end, args.unit, coach_id, actor_id)
    if args.json:
        sys.stdout.write(json_text(report))
        return EXIT_OK
    if args.csv:
        _write(Path(args.csv), to_csv(report))
        print(_("Wrote {path}.").format(path=args.csv))
        return EXIT_OK
    from planner.report_pdf import build_report_pdf

    _write(Path(args.pdf), build_report_pdf(report))
    print(_("Wrote {path}.").format(path=args.pdf))
    return EXIT_OK


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: a half-written report must not be left for someone to open."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
