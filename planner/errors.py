"""Typed errors the services raise. Each carries a translated, user-facing message; field errors name the field."""

from __future__ import annotations

from typing import Any


class StegvisError(Exception):
    """Base of every error meant for a user: ``str(err)`` is already translated and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(StegvisError):
    """Bad input for one field. ``field`` is the attribute name (``personal_number``, ``period_end`` …)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(StegvisError):
    pass


class ConflictError(StegvisError):
    """Someone else saved the same record in between (optimistic concurrency on the version column).

    ``mine`` holds the values the caller tried to save and ``theirs`` the values now stored, so a UI can show both.
    """

    def __init__(self, message: str, entity: str, entity_id: int, mine: dict[str, Any],
                 theirs: dict[str, Any], current_version: int) -> None:
        super().__init__(message)
        self.entity = entity
        self.entity_id = entity_id
        self.mine = mine
        self.theirs = theirs
        self.current_version = current_version


class StorageError(StegvisError):
    """The database cannot be used as asked; ``advice`` says what the user can do about it."""

    def __init__(self, message: str, advice: str = "", kind: str = "other") -> None:
        super().__init__(message)
        self.advice = advice
        self.kind = kind  # readonly, locked, damaged, too_new, missing, full, other
        self.newest_backup: Any = None  # pathlib.Path of the newest verified backup, offered for a damaged file
