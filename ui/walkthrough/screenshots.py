"""Screenshots of every meeting screen, first meeting and follow-up, for ``make screenshots``.

Registered with :mod:`ui.screenshots`. The screens are shown with ``go_to`` (no Next), so taking the pictures
writes nothing but the audited opening of the plan.
"""

from __future__ import annotations

import sys
from typing import Any

from ui.screenshots import ShotContext, provider


def _shoot(ctx: ShotContext, mode: str) -> None:
    from ui.walkthrough.window import Walkthrough

    window = Walkthrough(ctx.services, ctx.plan_id, mode, ctx.window, scale=ctx.scale / 100, speech_engine="mock")
    window.resize(*ctx.window_size())
    window.show()
    window.windowHandle().requestActivate()  # so the pictures show where the keyboard focus is
    ctx.settle()
    try:
        for index, screen in enumerate(window.screens):
            window.go_to(index)
            _decorate(screen)
            ctx.save(f"meeting-{mode.replace('_', '-')}-{index + 1:02d}-{screen.KEY.replace('_', '-')}", window)
            if screen.KEY == "goals":
                _picture_panel(ctx, window, screen, mode)
        if mode == "first":
            window.go_to(0)
            window.escape()
            ctx.save("meeting-first-leave", window)
            window.hide_confirm()
    finally:
        window.close()
        window.deleteLater()


def _decorate(screen: Any) -> None:
    """Show a chosen status on the follow-up screen without saving it."""
    if screen.KEY == "how_it_went":
        for card, value in zip(screen.cards, ("on_the_way", "done"), strict=False):
            achievement = next(a for k, a in _outcomes() if k == value)
            if card.status.value() is None:
                card.status.set_value(achievement)


def _outcomes() -> Any:
    from ui.walkthrough.meeting import OUTCOMES

    return OUTCOMES


def _picture_panel(ctx: ShotContext, window: Any, screen: Any, mode: str) -> None:
    if mode != "first" or not screen.cards.cards:
        return
    picture = screen.cards.cards[0].picture
    picture.open_panel()
    ctx.save("meeting-first-03-goals-pictures", window)
    window.picture_page.handle_escape()


@provider("walkthrough")
def walkthrough(ctx: ShotContext) -> None:
    for mode in ("first", "follow_up"):
        _shoot(ctx, mode)


# Under ``python -m ui.screenshots`` the running registry is ``__main__``, a second copy of the module.
_main = sys.modules.get("__main__")
if getattr(getattr(_main, "__spec__", None), "name", "") == "ui.screenshots":
    _main.provider("walkthrough")(walkthrough)  # type: ignore[union-attr]
