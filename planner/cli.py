"""The ``stegvis`` subcommands. They call :mod:`planner.services` and know nothing of the UI.

Exit codes: 0 ok, 1 failure, 2 usage. Errors are one translated line on stderr, never a traceback.
Feature areas register their own subcommands: a module listed in :data:`COMMAND_MODULES` exposes
``register(subparsers)``, and each parser sets ``func(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from planner import __version__
from planner.errors import StegvisError, StorageError
from planner.i18n import _, ngettext, set_language

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

# Other areas add their subcommands here (each module: ``register(subparsers) -> None``).
COMMAND_MODULES: list[str] = ["planner.cli_safety", "planner.cli_report"]

SUBCOMMANDS = {"demo", "plans", "check", "backup", "export", "import", "print"}
# Global options that take a value: ``stegvis --user x plans`` names the command "plans", not "x".
GLOBAL_VALUE_OPTIONS = {"--user", "--lang", "--db"}
# The values of planner.model.Stage, spelled out so that building the parser does not import SQLAlchemy.
STAGE_VALUES = ["daily_activity", "work_oriented", "internship", "supported_employment", "regular_employment",
                "studies", "continued_support"]


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one line, in the user's language."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"stegvis: {_('usage error')}: {message}\n")


def add_db_argument(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument("--db", metavar="DB", required=required,
                        help=_("database file or SQLAlchemy URL (default: STEGVIS_DATABASE or the user's data folder)"))


def open_services(args: argparse.Namespace, *, create: bool = True) -> Any:
    from planner.services import Services
    from planner.store import open_store

    return Services(open_store(args.db, create=create), user=getattr(args, "user", None))


def write_private_file(path: Path, content: bytes) -> None:
    """Exports hold personal data: atomic and owner-only (see :mod:`planner.files`)."""
    from planner.files import write_private_file as write

    write(path, content)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# ------------------------------------------------------------------------------------------------ commands


def cmd_demo(args: argparse.Namespace) -> int:
    from planner.demo import fill_demo

    services = open_services(args)
    count = fill_demo(services, people=args.people, seed=args.seed)
    print(ngettext("Added {count} demo person to {db}.", "Added {count} demo people to {db}.", count).format(
        count=count, db=services.store.display_url))
    return EXIT_OK


def cmd_plans(args: argparse.Namespace) -> int:
    services = open_services(args, create=False)
    rows = services.list_plans(status=args.status, stage=args.stage, text_=args.search or "",
                               due_within=args.due_within)
    if args.json:
        _print_json([r.as_json() for r in rows])
        return EXIT_OK
    from planner.i18n import format_date
    from planner.model import PLAN_STATUS_LABELS, STAGE_LABELS

    for r in rows:
        nxt = format_date(r.next_follow_up, "short") if r.next_follow_up else "-"
        print(f"{r.plan_id:>6}  {r.person:<30.30}  {_(STAGE_LABELS[r.stage]):<28.28}  "
              f"{_(PLAN_STATUS_LABELS[r.status]):<8}  {nxt}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from planner.services import Services
    from planner.store import integrity_problems, open_store

    # Read only: no migration, no backup, nothing written to the file being checked.
    store = open_store(args.db, read_only=True)
    try:
        problems = integrity_problems(store)
        if not problems:
            from planner.store import current_revision, head_revision

            if current_revision(store) != head_revision(store):
                problems.append(_("The database schema is not up to date; open it in Stegvis to upgrade it."))
            else:
                problems += Services(store, user="check").audit_chain_problems()
                from planner.backups import audit_anchor_problems

                problems += audit_anchor_problems(store)  # the newest rows cut off, or the trail rewritten
    finally:
        store.close()
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        return EXIT_FAILURE
    print(_("The database is sound."))
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from planner.store import backup_to, open_store

    store = open_store(args.db, read_only=True)
    try:
        out = backup_to(store, Path(args.output))
    finally:
        store.close()
    print(_("Backup written to {path}.").format(path=out))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from planner.exchange import export_person

    services = open_services(args, create=False)
    data = export_person(services, args.person_id)
    write_private_file(Path(args.output), (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    print(_("Exported to {path}.").format(path=args.output))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from planner.exchange import ExchangeError, import_person

    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ExchangeError("", _("The file is not UTF-8 text.")) from exc
    except json.JSONDecodeError as exc:
        raise ExchangeError("", _("The file is not valid JSON (line {line}).").format(line=exc.lineno)) from exc
    services = open_services(args)
    person_id = import_person(services, data)
    print(_("Imported as person {id}.").format(id=person_id))
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    from planner.documents import render_plan_pdf

    services = open_services(args, create=False)
    pdf = render_plan_pdf(services, args.plan_id, "easy_read" if args.easy_read else "full", args.lang)
    Path(args.output).write_bytes(pdf)
    print(_("Wrote {path}.").format(path=args.output))
    return EXIT_OK


# ------------------------------------------------------------------------------------------------ parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="stegvis", description=_("Stegvis: joint plans made together with the person."))
    parser.add_argument("--version", action="version", version=f"stegvis {__version__}")
    parser.add_argument("--user", help=_("staff login to record in the audit trail (default: the OS login)"))
    parser.add_argument("--lang", dest="ui_lang", choices=["sv", "en"], help=_("language of messages"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("demo", help=_("fill a database with fictional sample data"))
    add_db_argument(p)
    p.add_argument("--people", type=int, default=14, help=_("number of people (default 14)"))
    p.add_argument("--seed", type=int, default=2026, help=_("random seed"))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("plans", help=_("list plans"))
    add_db_argument(p)
    p.add_argument("--due-within", type=int, metavar="DAYS", help=_("only plans with a follow-up within DAYS days"))
    p.add_argument("--status", choices=["draft", "active", "closed"])
    p.add_argument("--stage", choices=STAGE_VALUES)
    p.add_argument("--search", help=_("free text"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(func=cmd_plans)

    p = sub.add_parser("check", help=_("check integrity, foreign keys and the audit trail"))
    add_db_argument(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup", help=_("copy the database with SQLite's online backup"))
    add_db_argument(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("export", help=_("write everything about one person as JSON"))
    p.add_argument("person_id", type=int, metavar="PERSON_ID")
    add_db_argument(p)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help=_("read a person exported as JSON"))
    p.add_argument("file", metavar="FILE")
    add_db_argument(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("print", help=_("write a plan as PDF"))
    p.add_argument("plan_id", type=int, metavar="PLAN_ID")
    add_db_argument(p)
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--easy-read", action="store_true", help=_("the easy-read plan for the person"))
    kind.add_argument("--full", action="store_true", help=_("the full plan for staff"))
    p.add_argument("--lang", choices=["sv", "en"], default="sv")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_print)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from planner.logging_setup import setup_logging

    setup_logging(console=True)  # a private log file; warnings to stderr, both without personal data
    argv = list(sys.argv[1:] if argv is None else argv)
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", dest="ui_lang")
    known, _rest = pre.parse_known_args(argv)
    set_language(known.ui_lang if known.ui_lang in ("sv", "en") else None)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_usage(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except StorageError as exc:
        print(f"stegvis: {exc.message} {exc.advice}".rstrip(), file=sys.stderr)
        return EXIT_FAILURE
    except StegvisError as exc:
        field = getattr(exc, "field", "")
        prefix = f"{field}: " if field and field not in exc.message else ""
        print(f"stegvis: {prefix}{exc.message}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as exc:
        print(f"stegvis: {_('could not read or write a file')}: {exc.filename or ''} ({exc.strerror})",
              file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as exc:  # last resort: one line, no traceback, no personal data
        logging.getLogger("stegvis").debug("unexpected error", exc_info=True)
        print(f"stegvis: {_('unexpected error')}: {type(exc).__name__}", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
