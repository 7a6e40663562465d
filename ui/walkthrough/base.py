"""The screen base class and the card list the list screens (people, goals, steps, supports) share.

A screen asks one question. The window shows its title and pictogram, its progress and the Back/Next
buttons; the screen holds the fields. ``enter()`` runs each time the screen is shown and brings in what other
screens changed (it never throws away words typed on this screen); ``commit()`` saves what is left to save.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import _
from ui.walkthrough.meeting import Meeting
from ui.walkthrough.style import Metrics
from ui.walkthrough.widgets import (
    BigButton,
    Card,
    CheckField,
    ChoiceButtons,
    ErrorText,
    FieldSet,
    WrapButton,
    words,
)

if TYPE_CHECKING:
    from ui.walkthrough.window import Walkthrough


@dataclass
class Context:
    meeting: Meeting
    metrics: Metrics
    window: Walkthrough


INPUT_TYPES = (QLineEdit, QPlainTextEdit, QComboBox, QCheckBox, QListWidget)


def layout_order(root: QWidget) -> list[QWidget]:
    """The visible widgets under ``root`` in the order their layouts show them (top to bottom, left to right)."""
    found: list[QWidget] = []

    def visit_layout(layout: QLayout) -> None:
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item is None:
                continue
            child, sub = item.widget(), item.layout()
            if child is not None:
                visit_widget(child)
            elif sub is not None:
                visit_layout(sub)

    def visit_widget(widget: QWidget) -> None:
        if widget.isHidden():
            return
        found.append(widget)
        own = widget.layout()
        if own is not None:
            visit_layout(own)

    top = root.layout()
    if top is not None:
        visit_layout(top)
    return found


def focusable(widgets: Iterable[QWidget]) -> list[QWidget]:
    return [w for w in widgets if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()]


class Screen(QWidget):
    """One question. Subclasses set ``KEY``, ``TITLE`` (an English msgid), ``PICTOGRAM`` and ``INTRO``."""

    KEY = ""
    TITLE = ""
    PICTOGRAM = ""
    INTRO = ""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.meeting = ctx.meeting
        self.m = ctx.metrics
        self.setObjectName(f"screen_{self.KEY}")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(self.m.gap * 2)
        if self.INTRO:
            self.intro = words(self.intro_text())
            self.body.addWidget(self.intro)
        self.error = ErrorText(self.m)
        self.body.addWidget(self.error)
        self.build()
        self.body.addStretch(1)

    # -- what subclasses fill in
    def title(self) -> str:
        return _(self.TITLE)

    def intro_text(self) -> str:
        return _(self.INTRO)

    def build(self) -> None:
        """Create the fields."""

    def enter(self) -> None:
        """Shown again: bring in what changed elsewhere, keep what was typed here."""

    def commit(self, *, leaving: bool = False) -> bool:
        """Save what is left. ``leaving``: the screen is being left by Next, so half-made records are reported."""
        return True

    def first_focus(self) -> QWidget | None:
        inputs = self.inputs()
        return inputs[0] if inputs else None

    def inputs(self) -> list[QWidget]:
        """Where Enter moves between: the fields, in the order they are shown. A choice of big buttons counts
        once, by its chosen (or first) button."""
        found: list[QWidget] = []
        for widget in focusable(layout_order(self)):
            group = widget.parentWidget()
            if isinstance(widget, INPUT_TYPES):
                found.append(widget)
            elif isinstance(widget, QAbstractButton) and isinstance(group, ChoiceButtons):
                buttons = [b for b, _v in group.buttons]
                if widget is next((b for b in buttons if b.isChecked()), buttons[0]):
                    found.append(widget)
        return found

    def tab_stops(self) -> list[QWidget]:
        return focusable(layout_order(self))

    def changed_layout(self) -> None:
        """Cards came or went: fix the tab order."""
        self.ctx.window.fix_tab_order()

    def speech_text(self) -> str:
        """What "Read aloud" says: the question, then what the screen shows, in order."""
        parts = [self.title()]
        skip: list[QWidget] = []
        for widget in layout_order(self):
            if any(outer.isAncestorOf(widget) for outer in skip):
                continue
            text = ""
            if isinstance(widget, CheckField):
                skip.append(widget)
                answer = _("yes") if widget.isChecked() else _("no")
                text = f"{widget.text()}: {answer}"
            elif isinstance(widget, WrapButton):
                skip.append(widget)
                text = _("{choice}, chosen").format(choice=widget.text()) if widget.isChecked() else widget.text()
            elif isinstance(widget, (QLabel, QLineEdit)):
                text = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                text = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                text = widget.currentText()
            elif isinstance(widget, QListWidget) and widget.selectedItems():
                text = widget.selectedItems()[0].data(Qt.ItemDataRole.AccessibleTextRole) or ""
            text = text.strip()
            if text:
                parts.append(text if text[-1] in ".!?:" else text + ".")
        return "\n".join(parts)

    def show_error(self, message: str) -> None:
        self.error.set_message(message)


class ItemCard(Card):
    """One record in a card list: its fields, its own error line and a Remove button that asks twice."""

    def __init__(self, screen: Screen, item_id: int | None, required: str | None) -> None:
        super().__init__(screen.m)
        self.page = screen
        self.item_id = item_id
        self.problem = ErrorText(screen.m)
        self.fields = FieldSet(self._save, self.problem, required=required, is_new=lambda: self.item_id is None)
        self.build()
        self.body.addWidget(self.problem)
        self.remove_button = BigButton(self.remove_text(), screen.m, "no")
        self.remove_button.clicked.connect(self._remove_clicked)
        self.remove_button.installEventFilter(self)
        self._armed = False
        self.body.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)

    # -- subclasses
    def build(self) -> None: ...

    def save(self, changes: dict[str, Any]) -> int | None:
        """Save ``changes``; return the record's id (new or old)."""
        raise NotImplementedError

    def delete(self) -> None: ...

    def remove_text(self) -> str:
        return _("Remove")

    def values_from(self, item: Any) -> dict[str, Any]:
        return {}

    # -- machinery
    def _save(self, changes: dict[str, Any]) -> None:
        self.item_id = self.save(changes)

    def load(self, item: Any) -> None:
        self.fields.load(self.values_from(item))

    def commit(self, *, leaving: bool = False) -> bool:
        return self.fields.commit(leaving=leaving)

    def _remove_clicked(self) -> None:
        if not self._armed:
            self._armed = True
            self.remove_button.setText(_("Press again to remove"))
            return
        if self.item_id is not None:
            self.delete()
        self.removed()

    def removed(self) -> None:
        parent = self.parent()
        if isinstance(parent, QWidget) and hasattr(parent, "drop"):
            parent.drop(self)  # type: ignore[attr-defined]

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt API
        if watched is self.remove_button and event.type() == QEvent.Type.FocusOut:
            self.disarm()  # "Press again" only counts right away
        return False

    def disarm(self) -> None:
        if self._armed:
            self._armed = False
            self.remove_button.setText(self.remove_text())


class CardList(QWidget):
    """Cards for a list of records plus an "Add" button; a new, empty card when the list is empty."""

    def __init__(self, screen: Screen, make_card: Callable[[int | None], ItemCard], add_text: str,
                 add_pictogram: str = "") -> None:
        super().__init__()
        self.page = screen
        self.make_card = make_card
        self.cards: list[ItemCard] = []
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(screen.m.gap * 2)
        self.add_button = BigButton(add_text, screen.m, add_pictogram)
        self.add_button.clicked.connect(self.add_new)
        self.column.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def sync(self, items: list[Any]) -> None:
        """Show ``items`` (each with an ``id``): add cards for new ones, drop cards of removed ones, keep the rest."""
        by_id = {card.item_id: card for card in self.cards if card.item_id is not None}
        wanted = {item.id for item in items}
        for card in list(self.cards):
            if card.item_id is not None and card.item_id not in wanted:
                self._take(card)
        for item in items:
            if item.id not in by_id:
                self._insert(item.id).load(item)
        drafts = [c for c in self.cards if c.item_id is None]
        for card in self.cards:  # saved ones first, in the stored order, then the ones not saved yet
            self.column.removeWidget(card)
        order = {item.id: i for i, item in enumerate(items)}
        self.cards = sorted((c for c in self.cards if c.item_id is not None), key=lambda c: order[c.item_id]) + drafts
        for i, card in enumerate(self.cards):
            self.column.insertWidget(i, card)
            card.show()
        if not self.cards:
            self._insert(None).load(None)
        self.page.changed_layout()

    def _insert(self, item_id: int | None) -> ItemCard:
        card = self.make_card(item_id)
        self.column.insertWidget(len(self.cards), card)
        card.show()  # now, not when the layout gets to it: Enter and Tab must find its fields at once
        self.cards.append(card)
        return card

    def _take(self, card: ItemCard) -> None:
        self.cards.remove(card)
        self.column.removeWidget(card)
        card.hide()
        card.deleteLater()

    def drop(self, card: ItemCard) -> None:
        """A card was removed by its button."""
        index = self.cards.index(card)
        self._take(card)
        if not self.cards:
            self._insert(None).load(None)
        self.page.changed_layout()
        target = self.cards[min(index, len(self.cards) - 1)]
        focus = [w for w in self.page.inputs() if target.isAncestorOf(w)]
        (focus[0] if focus else self.add_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def add_new(self) -> ItemCard:
        card = self._insert(None)
        card.load(None)
        self.page.changed_layout()
        inputs = [w for w in self.page.inputs() if card.isAncestorOf(w)]
        if inputs:
            inputs[0].setFocus(Qt.FocusReason.OtherFocusReason)
        return card

    def commit(self, *, leaving: bool = False) -> bool:
        ok = True
        for card in list(self.cards):
            ok = card.commit(leaving=leaving) and ok
        return ok
