"""Small-cell suppression: no published figure reveals a count of 1-4, directly or through the totals.

The property test checks the suppression with an independent attacker: a brute-force search over every table that
fits what is published (shown figures, "<5" = 1-4, ".." = 5 or more, and every total), which must leave at least
two possible values for each count shown as "<5".
"""

from __future__ import annotations

import random

import pytest

from planner.suppression import (
    HIDDEN_TEXT,
    SMALL_TEXT,
    Protected,
    Status,
    protect,
    protect_table,
    table_lines,
    table_values,
)

pytestmark = pytest.mark.core


def _attack(p: Protected, lines, cap: int, budget: int = 400_000) -> dict:
    """Every value each hidden small count can take in a table consistent with what is published."""
    hidden = [k for k, s in p.status.items() if s is not Status.SHOWN]
    small = [k for k in hidden if p.status[k] is Status.SMALL]
    seen: dict = {k: set() for k in small}
    lines = [list(line) for line in lines]
    known = {k: v for k, v in p.values.items() if p.status[k] is Status.SHOWN}
    steps = [budget]

    def domain(k):
        return range(1, 5) if p.status[k] is Status.SMALL else range(5, cap + 1)

    def consistent(assign) -> bool:
        for line in lines:
            total, missing = 0, 0
            for k, c in line:
                if k in assign:
                    total += c * assign[k]
                else:
                    missing += 1
            if missing == 0 and total != 0:
                return False
        return True

    def done() -> bool:
        return all(len(seen[k]) >= 2 for k in small)

    def search(assign) -> None:
        steps[0] -= 1
        if steps[0] < 0:
            raise RuntimeError("attack budget exhausted")
        if done():
            return
        todo = [k for k in hidden if k not in assign]
        if not todo:
            for k in small:
                seen[k].add(assign[k])
            return
        # a line with one unknown left forces it
        for line in lines:
            free = [(k, c) for k, c in line if k not in assign]
            if len(free) == 1:
                k, c = free[0]
                value = -c * sum(cc * assign[kk] for kk, cc in line if kk in assign)
                if value not in domain(k):
                    return
                assign[k] = value
                if consistent(assign):
                    search(assign)
                del assign[k]
                return
        k = todo[0]
        for value in domain(k):
            assign[k] = value
            if consistent(assign):
                search(assign)
            del assign[k]
            if done():
                return

    search(dict(known))
    return seen


def _check(p: Protected, lines) -> None:
    for key, value in p.values.items():
        text = p.text(key)
        if text not in (SMALL_TEXT, HIDDEN_TEXT):
            assert int(text) == value and not 1 <= value <= 4, (key, value)
        if p.status[key] is Status.HIDDEN:
            assert value >= 5, "only counts of 5 or more are hidden as '..'"
        if p.status[key] is Status.SMALL:
            assert 1 <= value <= 4
    cap = max(p.values.values(), default=0) + 3
    seen = _attack(p, lines, cap)
    for key, values in seen.items():
        assert len(values) >= 2, f"{key} can be worked out: it must be {values}"


def _random_cells(rng: random.Random, rows: int, cols: int) -> list[list[int]]:
    pool = [0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20]
    return [[rng.choice(pool) for _ in range(cols)] for _ in range(rows)]


@pytest.mark.parametrize("seed", range(150))
def test_random_tables_with_both_totals(seed: int) -> None:
    rng = random.Random(seed)
    cells = _random_cells(rng, rng.randint(1, 3), rng.randint(1, 3))
    p = protect_table(cells)
    lines, _totals = table_lines(len(cells), len(cells[0]), row_totals=True, col_totals=True)
    _check(p, lines)


@pytest.mark.parametrize("seed", range(80))
def test_random_lists_with_one_total(seed: int) -> None:
    """Stage counts on one date: one row of cells and its total."""
    rng = random.Random(1000 + seed)
    cells = _random_cells(rng, rng.randint(1, 3), rng.randint(2, 7))
    p = protect_table(cells, row_totals=True, col_totals=False)
    lines, _totals = table_lines(len(cells), len(cells[0]), row_totals=True, col_totals=False)
    _check(p, lines)


@pytest.mark.parametrize("seed", range(60))
def test_random_tables_with_extra_sums(seed: int) -> None:
    """A from-to matrix with "forward" (above the diagonal) and "backward" (below) sums published too."""
    rng = random.Random(5000 + seed)
    n = rng.randint(2, 3)
    cells = _random_cells(rng, n, n)
    for i in range(n):
        cells[i][i] = 0
    values = table_values(cells, row_totals=True, col_totals=True)
    lines, totals = table_lines(n, n, row_totals=True, col_totals=True)
    up = [(("cell", i, j), 1) for i in range(n) for j in range(n) if j > i]
    down = [(("cell", i, j), 1) for i in range(n) for j in range(n) if j < i]
    values["forward"] = sum(cells[i][j] for i in range(n) for j in range(n) if j > i)
    values["backward"] = sum(cells[i][j] for i in range(n) for j in range(n) if j < i)
    lines = [*lines, [*up, ("forward", -1)], [*down, ("backward", -1)]]
    p = protect(values, lines, {**totals, "forward": 2, "backward": 2})
    _check(p, lines)


def test_a_small_cell_is_hidden_with_a_partner() -> None:
    p = protect_table([[3, 10], [10, 20]])
    assert p.text(("cell", 0, 0)) == SMALL_TEXT
    row = [p.text(("cell", 0, 1)), p.text(("row", 0))]
    col = [p.text(("cell", 1, 0)), p.text(("col", 0))]
    assert HIDDEN_TEXT in row and HIDDEN_TEXT in col, "the row and the column each hide a second figure"
    assert p.text(("all",)) == "43"


def test_a_small_total_is_shown_as_small_and_cannot_be_worked_out() -> None:
    p = protect_table([[2, 0], [0, 40]])
    assert p.text(("row", 0)) == SMALL_TEXT and p.text(("col", 0)) == SMALL_TEXT
    lines, _totals = table_lines(2, 2, row_totals=True, col_totals=True)
    _check(p, lines)
    # the grand total minus the other row would give the small total away: something there is hidden
    assert HIDDEN_TEXT in {p.text(("row", 1)), p.text(("all",)), p.text(("cell", 1, 1))}


def test_two_small_cells_that_sum_to_two_are_not_given_away() -> None:
    """1 + 1 = 2 with both shown as "<5" would pin both to 1: a third figure must be hidden."""
    p = protect_table([[1, 1, 30]], row_totals=True, col_totals=False)
    assert p.text(("cell", 0, 2)) == HIDDEN_TEXT
    lines, _totals = table_lines(1, 3, row_totals=True, col_totals=False)
    _check(p, lines)


def test_zeros_and_large_counts_are_shown() -> None:
    p = protect_table([[0, 5], [7, 40]])
    assert not p.hidden()
    assert p.text(("cell", 0, 0)) == "0"


def test_a_table_that_does_not_add_up_is_refused() -> None:
    with pytest.raises(ValueError):
        protect({"a": 1, "t": 3}, [[("a", 1), ("t", -1)]])


def test_the_attacker_finds_what_primary_suppression_alone_gives_away() -> None:
    """The check above can fail: hiding only the small cells of a table with totals is caught."""
    for cells in ([[3, 10], [10, 20]], [[1, 1, 30]], [[4, 10], [10, 1]]):
        values = table_values(cells, row_totals=True, col_totals=True)
        naive = Protected(values, {k: Status.SMALL if 1 <= v <= 4 else Status.SHOWN for k, v in values.items()})
        lines, _totals = table_lines(len(cells), len(cells[0]), row_totals=True, col_totals=True)
        with pytest.raises(AssertionError, match="can be worked out"):
            _check(naive, lines)
