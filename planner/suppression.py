"""Small-cell suppression, the rule of Swedish official statistics: no published figure may reveal a count of 1-4.

A count of 1-4 is shown as "<5" (*primary* suppression). That alone is not enough: a table also publishes totals,
and a hidden cell could be worked out as "total minus the other cells". So more figures are hidden (*secondary*
suppression, shown as "..") until no small count can be worked out from what is shown.

How we know it cannot be worked out: the published figures are tied together by *lines* — linear equations such
as "cells of a row minus the row total = 0". A hidden small count is safe when the hidden figures can be changed
together (the smallest hidden count by +1 or -1, the others by -1/+1 along the lines) so that every line still
adds up and every hidden figure still fits what its marker says ("<5" is 1-4, ".." is 5 or more; zeros are never
hidden, they reveal no one). Then a reader who knows the rule sees at least two possible values. Secondary
figures are chosen from the smallest counts of 5 or more on the same lines, so the fewest people are hidden.
Nothing here knows about Qt or the database: it works on plain integers.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from planner.i18n import _

SMALL_MAX = 4  # counts 1..SMALL_MAX are never shown
SMALL_TEXT = "<5"  # marker of a small count (the same in every language)
HIDDEN_TEXT = ".."  # marker of a figure hidden to protect a small count elsewhere (Statistics Sweden's sign)
NO_DATA_TEXT = "–"  # nothing to show, for example a median of no stays
SEARCH_BUDGET = 20_000  # nodes per search; past this a figure is treated as not safe (more is hidden)

Key = Hashable
Line = Sequence[tuple[Key, int]]  # (figure, +1 or -1): the sum of coefficient * value is 0


class Status(enum.StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # primary: a count of 1-4
    HIDDEN = "hidden"  # secondary: hidden so a small count cannot be worked out


def is_small(value: int) -> bool:
    return 1 <= value <= SMALL_MAX


def legend() -> str:
    """One sentence for under a table, in the user's language."""
    return _("{small} means 1 to 4 people. {hidden} means hidden so that a small number cannot be worked out.") \
        .format(small=SMALL_TEXT, hidden=HIDDEN_TEXT)


@dataclass(frozen=True)
class Protected:
    """Values with their suppression status. Only :meth:`text` and :meth:`shown` may leave the program."""

    values: Mapping[Key, int]
    status: Mapping[Key, Status]

    def text(self, key: Key) -> str:
        state = self.status[key]
        if state is Status.SMALL:
            return SMALL_TEXT
        if state is Status.HIDDEN:
            return HIDDEN_TEXT
        return str(self.values[key])

    def shown(self, key: Key) -> int | None:
        """The count if it may be published, else None."""
        return self.values[key] if self.status[key] is Status.SHOWN else None

    def hidden(self) -> set[Key]:
        return {k for k, s in self.status.items() if s is not Status.SHOWN}


def protect(values: Mapping[Key, int], lines: Sequence[Line] = (), keep: Mapping[Key, int] | None = None
            ) -> Protected:
    """Suppress ``values`` so no count of 1-4 shows or can be worked out through ``lines``.

    ``keep`` ranks how much readers need a figure (0 for a cell, higher for totals and headline figures): a figure
    is hidden only when none of a lower rank will do.
    """
    keep = keep or {}
    for key, value in values.items():
        if value < 0:
            raise ValueError(f"negative count for {key!r}")
    for line in lines:
        if sum(coef * values[key] for key, coef in line) != 0:
            raise ValueError("a line of the table does not add up")
        if any(coef not in (1, -1) for _key, coef in line):
            raise ValueError("line coefficients must be +1 or -1")
    status = {k: (Status.SMALL if is_small(v) else Status.SHOWN) for k, v in values.items()}
    lines_of: dict[Key, list[int]] = {k: [] for k in values}
    for index, line in enumerate(lines):
        for key, _coef in line:
            lines_of[key].append(index)
    order = {k: i for i, k in enumerate(values)}

    def rank(key: Key) -> tuple[int, int, int]:
        return keep.get(key, 0), values[key], order[key]

    while True:
        unsafe = next((k for k in values if status[k] is Status.SMALL
                       and not _can_move(k, values, status, lines, lines_of)), None)
        if unsafe is None:
            break
        hideable = sorted((k for k in values if status[k] is Status.SHOWN and values[k] > SMALL_MAX), key=rank)
        if not hideable:  # everything that can be hidden is hidden
            break
        status[_best_pick(unsafe, hideable, values, status, lines, lines_of, keep)] = Status.HIDDEN
    return Protected(dict(values), status)


def _best_pick(unsafe: Key, hideable: list[Key], values: Mapping[Key, int], status: dict[Key, Status],
               lines: Sequence[Line], lines_of: Mapping[Key, list[int]], keep: Mapping[Key, int]) -> Key:
    """The next figure to hide, from the lowest rank of ``keep`` that has one near the problem.

    Within a rank: the smallest figure whose hiding makes ``unsafe`` safe; else the smallest on the line of
    ``unsafe`` with the fewest hidden figures (the line that gives it away); else one on a line with hidden ones.
    """
    touched = {k for h in values if status[h] is not Status.SHOWN for i in lines_of[h] for k, _c in lines[i]}
    open_lines = sorted(lines_of[unsafe], key=lambda i: sum(status[k] is not Status.SHOWN for k, _c in lines[i]))
    for tier in sorted({keep.get(k, 0) for k in hideable}):
        candidates = [k for k in hideable if keep.get(k, 0) == tier]
        for key in candidates:
            if key not in touched:
                continue
            status[key] = Status.HIDDEN
            safe = _can_move(unsafe, values, status, lines, lines_of)
            status[key] = Status.SHOWN
            if safe:
                return key
        for i in open_lines:
            near = {k for k, _c in lines[i]}
            pick = next((k for k in candidates if k in near), None)
            if pick is not None:
                return pick
        pick = next((k for k in candidates if k in touched), None)
        if pick is not None:
            return pick
    return hideable[0]


def _bounds(value: int, state: Status) -> tuple[int, float]:
    if state is Status.SMALL:
        return 1, SMALL_MAX
    return SMALL_MAX + 1, float("inf")  # hidden figures are never zero or small


def _can_move(start: Key, values: Mapping[Key, int], status: Mapping[Key, Status], lines: Sequence[Line],
              lines_of: Mapping[Key, list[int]]) -> bool:
    """Whether the hidden figures can change together, ``start`` by +1 or -1, keeping every line and marker true."""
    budget = [SEARCH_BUDGET]

    def fits(key: Key, delta: int) -> bool:
        lo, hi = _bounds(values[key], status[key])
        return lo <= values[key] + delta <= hi

    def residual(index: int, move: dict[Key, int]) -> int:
        return sum(coef * move.get(key, 0) for key, coef in lines[index])

    def search(move: dict[Key, int]) -> bool:
        budget[0] -= 1
        if budget[0] < 0:
            return False
        open_lines = {i for k in move for i in lines_of[k] if residual(i, move) != 0}
        if not open_lines:
            return True
        best: list[tuple[Key, int]] | None = None
        for i in open_lines:
            r = residual(i, move)
            options = [(k, -r * c) for k, c in lines[i]
                       if k not in move and status[k] is not Status.SHOWN and fits(k, -r * c)]
            if best is None or len(options) < len(best):
                best = options
            if not options:
                return False
        for key, delta in best or []:
            move[key] = delta
            if search(move):
                return True
            del move[key]
        return False

    return any(fits(start, d) and search({start: d}) for d in (1, -1))


# ------------------------------------------------------------------------------------------------ tables


def table_lines(n_rows: int, n_cols: int, *, row_totals: bool, col_totals: bool) -> tuple[list[Line], dict[Key, int]]:
    """The lines of a table of ``("cell", i, j)`` with optional ``("row", i)``, ``("col", j)`` and ``("all",)``."""
    lines: list[Line] = []
    totals: dict[Key, int] = {}  # totals are kept before cells, the grand total before the others
    if row_totals:
        for i in range(n_rows):
            lines.append([*((("cell", i, j), 1) for j in range(n_cols)), (("row", i), -1)])
            totals[("row", i)] = 1
    if col_totals:
        for j in range(n_cols):
            lines.append([*((("cell", i, j), 1) for i in range(n_rows)), (("col", j), -1)])
            totals[("col", j)] = 1
    if row_totals and col_totals:
        lines.append([*((("row", i), 1) for i in range(n_rows)), (("all",), -1)])
        lines.append([*((("col", j), 1) for j in range(n_cols)), (("all",), -1)])
        totals[("all",)] = 2
    return lines, totals


def table_values(cells: Sequence[Sequence[int]], *, row_totals: bool, col_totals: bool) -> dict[Key, int]:
    """The cells and the totals :func:`table_lines` names, computed from ``cells``."""
    n_rows = len(cells)
    n_cols = len(cells[0]) if cells else 0
    values: dict[Key, int] = {("cell", i, j): int(cells[i][j]) for i in range(n_rows) for j in range(n_cols)}
    if row_totals:
        values.update({("row", i): sum(cells[i]) for i in range(n_rows)})
    if col_totals:
        values.update({("col", j): sum(cells[i][j] for i in range(n_rows)) for j in range(n_cols)})
    if row_totals and col_totals:
        values[("all",)] = sum(map(sum, cells))
    return values


def protect_table(cells: Sequence[Sequence[int]], *, row_totals: bool = True, col_totals: bool = True,
                  extra: Mapping[Key, int] | None = None, extra_lines: Sequence[Line] = (),
                  extra_keep: Mapping[Key, int] | None = None) -> Protected:
    """Protect a table with its totals; ``extra`` figures tied to it by ``extra_lines`` are protected with it
    (ranked by ``extra_keep``, default: like a total)."""
    values = table_values(cells, row_totals=row_totals, col_totals=col_totals)
    n_cols = len(cells[0]) if cells else 0
    lines, totals = table_lines(len(cells), n_cols, row_totals=row_totals, col_totals=col_totals)
    values.update(extra or {})
    keep = {**totals, **dict.fromkeys(extra or {}, 1), **(extra_keep or {})}
    return protect(values, [*lines, *extra_lines], keep)
