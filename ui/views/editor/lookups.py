"""The reference lists the editor's choosers offer: actors, staff (coaches) and placement units."""

from __future__ import annotations

from typing import Any

from planner.i18n import _
from planner.model import Actor, PlacementUnit, StaffUser


class Lookups:
    """Loaded once per editor (and again on demand); names for ids, and items for combo boxes."""

    def __init__(self, services: Any) -> None:
        self.services = services
        self.actors: list[Actor] = []
        self.staff: list[StaffUser] = []
        self.units: list[PlacementUnit] = []
        self.refresh()

    def refresh(self) -> None:
        self.actors = self.services.list_actors(include_inactive=True)
        self.staff = self.services.list_staff()
        self.units = self.services.list_placement_units(include_inactive=True)

    @staticmethod
    def _name(name: str, active: bool) -> str:
        return name if active else _("{name} (no longer used)").format(name=name)

    def actor_items(self, none_text: str) -> list[tuple[str, Any]]:
        return [(none_text, None), *((self._name(a.name, a.active), a.id) for a in self.actors)]

    def staff_items(self, none_text: str) -> list[tuple[str, Any]]:
        return [(none_text, None),
                *((self._name(s.display_name or s.login, s.active), s.id) for s in self.staff)]

    def unit_items(self, none_text: str) -> list[tuple[str, Any]]:
        return [(none_text, None), *((self._name(u.name, u.active), u.id) for u in self.units)]

    def actor_name(self, ident: Any) -> str:
        return next((a.name for a in self.actors if a.id == ident), "")

    def staff_name(self, ident: Any) -> str:
        return next((s.display_name or s.login for s in self.staff if s.id == ident), "")

    def unit_name(self, ident: Any) -> str:
        return next((u.name for u in self.units if u.id == ident), "")
