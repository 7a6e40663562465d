"""Meeting mode: a guided, large-type walkthrough of the plan, made together with the person.

``start_meeting(services, plan_id, mode="first" | "follow_up", parent=None)`` opens it full screen.
"""

from __future__ import annotations

from ui.walkthrough.meeting import FIRST, FOLLOW_UP
from ui.walkthrough.window import Walkthrough, start_meeting

__all__ = ["FIRST", "FOLLOW_UP", "Walkthrough", "start_meeting"]
