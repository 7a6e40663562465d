"""Screenshots of the “Resultat” view for ``make screenshots`` (registered with :mod:`ui.screenshots`)."""

from __future__ import annotations

from typing import Any

from ui.screenshots import provider


@provider("results")
def results(ctx: Any) -> None:
    """The view over the demo data: the top, and scrolled to the from-to table and the time line."""
    from ui.views.results_view import ResultsView

    view = ResultsView(ctx.services)
    view.resize(*ctx.window_size())
    view.show()
    view.refresh()
    ctx.save("results", view)
    bar = view.scroll.verticalScrollBar()
    for part, fraction in (("middle", 0.35), ("end", 0.7)):
        ctx.settle()
        bar.setValue(int(bar.maximum() * fraction))
        ctx.save(f"results-{part}", view)
    view.close()
    view.deleteLater()
