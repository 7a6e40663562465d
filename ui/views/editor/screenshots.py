"""Screenshots of every plan-editor section for ``make screenshots`` (registered with :mod:`ui.screenshots`)."""

from __future__ import annotations

from typing import Any

from ui.screenshots import provider


@provider("plan-editor-sections")
def plan_editor_sections(ctx: Any) -> None:
    """Each section of the editor inside the main window, with the first row of every list chosen."""
    from ui.views.plan_editor import PlanEditor, select_first_rows

    window = ctx.window
    if not window.open_plan(ctx.plan_id) or not isinstance(window.editor, PlanEditor):
        return
    editor = window.editor
    for number, section in enumerate(editor.sections):
        editor.show_page(number)
        select_first_rows(section)
        editor.section_buttons[number].setFocus()
        ctx.save(f"plan-editor-{section.key.replace('_', '-')}", window)
    editor.show_page(0)
    window.close_plan(switch=False)
