"""The plan editor's sections and the pieces they share (see ui.views.plan_editor)."""
