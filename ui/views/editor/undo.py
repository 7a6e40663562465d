"""Undo for the plan editor: a stack of mementos, each holding the service call that reverses one saved change.

Why not QUndoStack: a change is already saved when it lands here, and its reverse is another service call that can
fail (someone else changed the record meanwhile). A memento keeps that honest: the reverse goes through the same
conflict and error handling as any other save, and nothing is overwritten silently.

Two bookkeeping details make several undos in a row work:
- ``versions`` remembers the version this editor last wrote for each record, so the reverse of an older change
  passes the version the *editor* produced, and a change by someone else in between still raises a conflict;
- ``resolve`` maps the id of a removed record to the id of its re-created copy after "undo remove".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Key = tuple[str, int]


@dataclass
class UndoEntry:
    """One saved change: ``label`` says what it was ("Add goal"), ``reverse`` undoes it and returns its result."""

    label: str
    reverse: Callable[[], Any]
    entity: str = ""  # the record the reverse writes, for version bookkeeping


class UndoStack:
    def __init__(self, limit: int = 50) -> None:
        self._entries: list[UndoEntry] = []
        self._limit = limit
        self._versions: dict[Key, int] = {}
        self._ids: dict[Key, int] = {}

    def push(self, entry: UndoEntry) -> None:
        self._entries.append(entry)
        del self._entries[: -self._limit]

    def pop(self) -> UndoEntry | None:
        return self._entries.pop() if self._entries else None

    def peek(self) -> UndoEntry | None:
        return self._entries[-1] if self._entries else None

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()

    # -------------------------------------------------------------- bookkeeping

    def saw(self, entity: str, ident: int, version: int) -> None:
        self._versions[(entity, self.resolve(entity, ident))] = version

    def version(self, entity: str, ident: int, fallback: int | None = None) -> int | None:
        return self._versions.get((entity, self.resolve(entity, ident)), fallback)

    def remap(self, entity: str, old: int, new: int) -> None:
        self._ids[(entity, old)] = new

    def resolve(self, entity: str, ident: int) -> int:
        seen: set[int] = set()
        while (entity, ident) in self._ids and ident not in seen:
            seen.add(ident)
            ident = self._ids[(entity, ident)]
        return ident
