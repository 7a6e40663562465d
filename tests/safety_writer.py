"""Helper process for the crash and two-writer tests (not a test module).

``zygote``: imports Stegvis once, then forks one writer per ``run`` line read on stdin, so that well over a hundred
writers can be started and SIGKILLed within seconds. A writer saves in a loop, each save one unit of work (a goal,
its three steps and a change to the plan, with their audit events), and appends ``tag:n`` to an acknowledgement
file only after the commit returned.

``bump DB PLAN_ID COUNT``: increments the plan title COUNT times with optimistic concurrency, retrying on a
conflict; prints the number of conflicts it met.

``edit DB PLAN_ID VERSION TITLE``: one save of the title against VERSION; prints ``saved`` or ``conflict``.
"""

from __future__ import annotations

import os
import sys


def _services(db: str, no_wal: bool = False):  # type: ignore[no-untyped-def]
    if no_wal:
        os.environ["STEGVIS_NO_WAL"] = "1"
    from planner.services import Services
    from planner.store import open_store

    return Services(open_store(db, auto_backup=False), user="safety.writer")


def writer(db: str, ackfile: str, tag: str, no_wal: bool) -> None:
    from planner.model import Goal, Plan, Step

    services = _services(db, no_wal)
    with services._read() as session:  # noqa: SLF001
        plan_id = session.query(Plan.id).order_by(Plan.id).first()[0]
    fd = os.open(ackfile, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    n = 0
    while True:
        n += 1
        label = f"{tag}:{n}"
        with services._write() as session:  # noqa: SLF001 - one unit of work for the whole save
            plan = session.get(Plan, plan_id)
            goal = Goal(plan_id=plan_id, own_words=label, position=n)
            session.add(goal)
            session.flush()
            services.audit(session, "create", "goal", goal.id, plan.person_id, ["own_words"])
            for k in range(3):
                step = Step(goal_id=goal.id, text=f"{label}.{k}", position=k)
                session.add(step)
                session.flush()
                services.audit(session, "create", "step", step.id, plan.person_id, ["text"])
            plan.own_words = label
            session.flush()
            services.audit(session, "update", "plan", plan.id, plan.person_id, ["own_words"])
        os.write(fd, (label + "\n").encode())  # acknowledged only after the commit returned


def zygote() -> None:
    import signal
    import tempfile

    from planner.model import Goal, Step
    from planner.services import Services
    from planner.store import open_store

    # Warm up once (imports, mapper configuration, statement caches); every forked writer inherits it.
    with tempfile.TemporaryDirectory() as scratch:
        services = Services(open_store(os.path.join(scratch, "warm.db"), auto_backup=False), user="warm.up")
        plan = services.create_plan(services.create_person("Warm Up").id, title="0")
        with services._write() as session:  # noqa: SLF001
            goal = Goal(plan_id=plan.id, own_words="w", position=0)
            session.add(goal)
            session.flush()
            session.add(Step(goal_id=goal.id, text="w", position=0))
            services.audit(session, "create", "goal", goal.id, plan.person_id, ["own_words"])
        services.get_plan(plan.id)
        services.store.close()
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    print("READY", flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "quit":
            break
        if parts[0] == "run":
            _cmd, db, ackfile, tag, no_wal = parts
            pid = os.fork()
            if pid == 0:
                try:
                    writer(db, ackfile, tag, no_wal == "1")
                finally:
                    os._exit(3)
            print(f"PID {pid}", flush=True)
        elif parts[0] == "reap":
            _pid, status = os.waitpid(int(parts[1]), 0)
            print(f"REAPED {parts[1]} {status}", flush=True)


def bump(db: str, plan_id: int, count: int) -> None:
    from planner.errors import ConflictError

    services = _services(db)
    conflicts = 0
    done = 0
    while done < count:
        plan = services.get_plan(plan_id)
        try:
            services.update_plan(plan_id, plan.version, title=str(int(plan.title) + 1))
            done += 1
        except ConflictError:
            conflicts += 1
    print(conflicts, flush=True)


def edit(db: str, plan_id: int, version: int, title: str) -> None:
    from planner.errors import ConflictError

    services = _services(db)
    try:
        services.update_plan(plan_id, version, title=title)
        print("saved", flush=True)
    except ConflictError as exc:
        print("conflict", exc.message, flush=True)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "zygote":
        zygote()
    elif command == "bump":
        bump(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif command == "edit":
        edit(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
