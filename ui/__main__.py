"""The ``stegvis`` entry point: a subcommand goes to :mod:`planner.cli`, none starts the GUI.

Imports run one way (ui -> planner); Qt is imported only when the GUI starts, so the CLI stays light.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--self-test" in args:
        from planner.selftest import run_self_test

        return run_self_test()
    if _only_gui_options(args):  # the usual start: skip building the CLI parser (start-up time, see bench/)
        from ui.app import run_gui

        return run_gui(args)
    from planner.cli import GLOBAL_VALUE_OPTIONS, SUBCOMMANDS, build_parser

    first = _first_positional(args, GLOBAL_VALUE_OPTIONS)
    known = SUBCOMMANDS | set(_registered_commands(build_parser))
    if first in known or any(a in ("-h", "--help", "--version") for a in args):
        from planner.cli import main as cli_main

        return cli_main(args)
    from ui.app import run_gui

    return run_gui(args)


GUI_VALUE_OPTIONS = ("--db", "--lang")  # what ui.app.parse_args reads; never a subcommand


def _only_gui_options(args: list[str]) -> bool:
    """True for no arguments or only ``--db X`` / ``--lang X`` (also ``--db=X``): certainly the desktop app."""
    rest = iter(args)
    for arg in rest:
        if arg.split("=", 1)[0] in GUI_VALUE_OPTIONS and "=" in arg:
            continue
        if arg in GUI_VALUE_OPTIONS and next(rest, None) is not None:
            continue
        return False
    return True


def _first_positional(args: list[str], value_options: set[str]) -> str | None:
    """The first argument that is neither an option nor the value of one (``--user lena plans`` -> plans)."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in value_options:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _registered_commands(build_parser) -> list[str]:  # type: ignore[no-untyped-def]
    import argparse

    parser = build_parser()
    for action in parser._actions:  # noqa: SLF001 - argparse has no public API for this
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return list(action.choices)
    return []


if __name__ == "__main__":
    sys.exit(main())
