"""``stegvis`` subcommands for data safety: audit, backups, restore, erase, retention, gdpr-export.

Each prints one translated line per item and exits 0, or 1 with a message on stderr (see :mod:`planner.cli`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.errors import StorageError
from planner.i18n import _, format_date, format_time, ngettext

EXIT_OK, EXIT_FAILURE = 0, 1


def _when(moment) -> str:  # type: ignore[no-untyped-def]
    from planner.i18n import to_local

    local = to_local(moment)
    return f"{format_date(local.date(), 'short')} {format_time(local)}"


def _sqlite_path(db: str | None) -> Path:
    from planner.store import resolve_url

    url = resolve_url(db)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise StorageError(_("Backups of a shared database server are made by its administrator."), kind="other")
    return Path(url.database)


# ------------------------------------------------------------------------------------------------ commands


def cmd_audit(args: argparse.Namespace) -> int:
    from planner.cli import _print_json, open_services
    from planner.safety import audit_rows

    services = open_services(args, create=False)
    try:
        rows = audit_rows(services, args.person, args.limit)
    finally:
        services.store.close()
    if args.json:
        _print_json([r.as_json() for r in rows])
        return EXIT_OK
    if not rows:
        print(_("The audit trail has no events for this selection."))
    for r in rows:
        person = _("person {id}").format(id=r.person_id) if r.person_id is not None else "-"
        target = f"{r.entity_text} {r.entity_id}" if r.entity_id is not None else r.entity_text
        fields = f"  ({r.fields_text})" if r.fields else ""
        print(f"{r.id:>7}  {_when(r.at)}  {r.user:<16.16}  {person:<12}  {r.action_text}: {target}{fields}")
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    from planner.backups import file_problems, list_backups
    from planner.i18n import format_number

    db = _sqlite_path(args.db)
    backups = list_backups(db)
    if not backups:
        print(_("There are no backups beside {db} yet.").format(db=db))
        return EXIT_OK
    bad = 0
    for b in backups:
        status = ""
        if args.verify:
            problems = file_problems(b.path)
            bad += bool(problems)
            status = "  " + (_("damaged") if problems else _("verified"))
        size = _("{size} kB").format(size=format_number(round(b.size / 1024)))
        print(f"{_when(b.taken_at)}  {b.label:<24}  {size:>10}  {b.path}{status}")
    return EXIT_FAILURE if bad else EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from planner.backups import restore

    result = restore(_sqlite_path(args.db), Path(args.file), user=args.user)
    if result.safety_copy is not None:
        print(_("The database as it was before has been saved as {path}.").format(path=result.safety_copy))
    if result.erasures_reapplied:
        print(_("People erased after the backup was made were erased again: {ids}.").format(
            ids=", ".join(map(str, result.erasures_reapplied))))
    print(_("Restored from {path}.").format(path=result.restored_from))
    return EXIT_OK


def cmd_erase(args: argparse.Namespace) -> int:
    from planner.cli import open_services
    from planner.safety import erase_person

    if not args.yes:
        print(_("stegvis: this erases everything about person {id} and cannot be undone. Add --yes to erase.")
              .format(id=args.person_id), file=sys.stderr)
        return EXIT_FAILURE
    services = open_services(args, create=False)
    try:
        report = erase_person(services, args.person_id, confirm=True)
    finally:
        services.store.close()
    print(report.summary())
    return EXIT_OK


def cmd_retention(args: argparse.Namespace) -> int:
    from planner.cli import _print_json, open_services
    from planner.safety import dispose_plans, plans_due_for_disposal

    services = open_services(args, create=False)
    try:
        rows = plans_due_for_disposal(services, args.years)
        if args.json and not args.dispose:
            _print_json([r.as_json() for r in rows])
            return EXIT_OK
        if not rows:
            print(_("No closed plan is older than the retention time ({years} years).").format(years=args.years))
            return EXIT_OK
        for r in rows:
            closed = format_date(r.closed_on, "short") if r.closed_on else "-"
            print(_("Plan {plan} (person {person}): closed {closed}, last entry {last}.").format(
                plan=r.plan_id, person=r.person_id, closed=closed, last=format_date(r.last_entry, "short")))
        if not args.dispose:
            print(ngettext("{n} plan is due for disposal. Add --dispose to delete it.",
                           "{n} plans are due for disposal. Add --dispose to delete them.", len(rows)).format(n=len(rows)))
            return EXIT_OK
        report = dispose_plans(services, [r.plan_id for r in rows], years=args.years)
    finally:
        services.store.close()
    print(_("Disposed of {plans} plans and {people} people without a remaining plan. The disposal is logged in "
            "the audit trail.").format(plans=len(report.plans), people=len(report.people)))
    return EXIT_OK


def cmd_gdpr_export(args: argparse.Namespace) -> int:
    from planner.cli import open_services
    from planner.safety import gdpr_export

    services = open_services(args, create=False)
    try:
        written = gdpr_export(services, args.person_id, Path(args.output), args.lang)
    finally:
        services.store.close()
    for path in written:
        print(_("Wrote {path}.").format(path=path))
    return EXIT_OK


# ------------------------------------------------------------------------------------------------ parser


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from planner.cli import add_db_argument

    p = sub.add_parser("audit", help=_("show the audit trail (who did what, when; never what was written)"))
    add_db_argument(p)
    p.add_argument("--person", type=int, metavar="ID", help=_("only events about this person"))
    p.add_argument("--limit", type=int, metavar="N", help=_("at most N events"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("backups", help=_("list the automatic backups beside the database"))
    add_db_argument(p)
    p.add_argument("--verify", action="store_true", help=_("check each backup with integrity_check"))
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser("restore", help=_("replace the database with a backup (the current file is kept aside)"))
    p.add_argument("file", metavar="FILE", help=_("the backup to restore"))
    add_db_argument(p)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("erase", help=_("erase everything about one person (GDPR)"))
    p.add_argument("person_id", type=int, metavar="PERSON_ID")
    add_db_argument(p)
    p.add_argument("--yes", action="store_true", help=_("confirm the erasure"))
    p.set_defaults(func=cmd_erase)

    p = sub.add_parser("retention", help=_("list closed plans older than the retention time, and dispose of them"))
    add_db_argument(p)
    p.add_argument("--years", type=int, default=5, metavar="N", help=_("retention time in years (default 5)"))
    p.add_argument("--dispose", action="store_true", help=_("delete the listed plans (logged in the audit trail)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_retention)

    p = sub.add_parser("gdpr-export", help=_("write everything about one person: JSON and the full PDF of each plan"))
    p.add_argument("person_id", type=int, metavar="PERSON_ID")
    add_db_argument(p)
    p.add_argument("-o", "--output", required=True, metavar="FOLDER")
    p.add_argument("--lang", choices=["sv", "en"], default="sv")
    p.set_defaults(func=cmd_gdpr_export)
