"""Crash safety: a writer process is SIGKILLed at random moments during a burst of saves, 120 times.

After every kill the database must open, pass ``PRAGMA integrity_check``, hold every acknowledged save, and hold
no half-written one (each save is a goal with exactly three steps and a change to the plan, in one unit of work).
Half of the kills hit a WAL database, half a rollback-journal one (as used on network shares).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

pytestmark = [pytest.mark.core, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
KILLS = 120


def _prepare(db: Path, no_wal: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.services import Services
    from planner.store import open_store

    with monkeypatch.context() as m:
        if no_wal:
            m.setenv("STEGVIS_NO_WAL", "1")
        store = open_store(db, auto_backup=False)
        services = Services(store, user="test.coach")
        person = services.create_person("Crash Testperson")
        services.create_plan(person.id, title="0")
        assert store.journal_mode == ("delete" if no_wal else "wal")
        store.close()


def _check(db: Path, acked: list[str], no_wal: bool, monkeypatch: pytest.MonkeyPatch, *, chain: bool) -> int:
    """Open after a kill and check everything; returns how many saves the database holds."""
    from planner.model import Goal, Plan, Step
    from planner.services import Services
    from planner.store import integrity_problems, open_store

    with monkeypatch.context() as m:
        if no_wal:
            m.setenv("STEGVIS_NO_WAL", "1")
        store = open_store(db, auto_backup=False)
    try:
        assert integrity_problems(store) == []
        with store.reading() as session:
            goals = dict(session.execute(select(Goal.own_words, Goal.id)).all())
            steps = Counter(session.scalars(select(Step.goal_id)).all())
            plan_words = session.scalar(select(Plan.own_words).order_by(Plan.id).limit(1))
        half_written = {words: steps[gid] for words, gid in goals.items() if steps[gid] != 3}
        assert half_written == {}, f"saves with missing steps: {half_written}"
        missing = [a for a in acked if a not in goals]
        assert missing == [], f"acknowledged saves lost: {missing[:5]}"
        if goals:
            newest = max(goals, key=lambda w: goals[w])
            assert plan_words == newest, "the plan change and the goal were not saved together"
        if chain:
            assert Services(store).audit_chain_problems() == []
        return len(goals)
    finally:
        store.close()


def test_sigkill_during_saves_loses_nothing_acknowledged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dbs = {False: tmp_path / "wal.db", True: tmp_path / "rollback.db"}
    for no_wal, db in dbs.items():
        _prepare(db, no_wal, monkeypatch)
    env = dict(os.environ, PYTHONPATH=str(ROOT), STEGVIS_NO_AUTO_BACKUP="1")
    env.pop("STEGVIS_NO_WAL", None)
    zygote = subprocess.Popen([sys.executable, str(ROOT / "tests" / "safety_writer.py"), "zygote"], cwd=ROOT,
                              env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    assert zygote.stdin and zygote.stdout
    rng = random.Random(20261124)
    started = time.monotonic()
    acked_total, kills_after_ack, held = 0, 0, 0
    try:
        assert zygote.stdout.readline().strip() == "READY"
        for i in range(KILLS):
            no_wal = i % 2 == 1
            db = dbs[no_wal]
            ackfile = tmp_path / f"ack-{i}.txt"
            zygote.stdin.write(f"run {db} {ackfile} it{i} {int(no_wal)}\n")
            zygote.stdin.flush()
            reply = zygote.stdout.readline().split()
            assert reply[0] == "PID", reply
            pid = int(reply[1])
            if i % 4 == 3:  # any moment, the opening included
                time.sleep(rng.uniform(0.0, 0.15))
            else:  # during the burst: after the first save was acknowledged (however slow the machine is)
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and not (ackfile.exists() and ackfile.stat().st_size):
                    time.sleep(0.002)
                time.sleep(rng.uniform(0.0, 0.1))
            os.kill(pid, signal.SIGKILL)
            zygote.stdin.write(f"reap {pid}\n")
            zygote.stdin.flush()
            reaped = zygote.stdout.readline().split()
            assert reaped[:2] == ["REAPED", str(pid)], reaped
            status = int(reaped[2])
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, \
                f"writer {i} ended on its own (status {status}), not by the kill"
            acked = ackfile.read_text().split() if ackfile.exists() else []
            acked_total += len(acked)
            kills_after_ack += bool(acked)
            held = _check(db, acked, no_wal, monkeypatch, chain=i % 10 == 9 or i >= KILLS - 2)
    finally:
        if zygote.poll() is None:
            zygote.stdin.write("quit\n")
            zygote.stdin.close()
            zygote.wait(timeout=10)
    elapsed = time.monotonic() - started
    print(f"\n{KILLS} kills in {elapsed:.1f} s; {acked_total} acknowledged saves; "
          f"{kills_after_ack} kills after at least one acknowledged save; the last database checked holds {held} saves")
    # The kills must land in the middle of bursts, not only before the first save.
    assert kills_after_ack >= KILLS * 0.7
