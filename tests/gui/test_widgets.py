"""The reusable widgets: labelled form rows, the pictogram picker and the date pickers."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from planner import pictograms
from planner.i18n import _, set_language

pytestmark = pytest.mark.gui


def show(qtbot: Any, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# ------------------------------------------------------------------------------------------------ form rows


def test_form_row_sets_buddy_accessible_name_and_shows_errors_in_words(qtbot: Any) -> None:
    from ui.widgets.form import Form

    form = Form()
    edit = form.add_row("name", "&Name:", QLineEdit(), "The full name.")
    box = form.add_check("interpreter", "Needs an interpreter")
    show(qtbot, form)
    assert form.fields["name"].label.buddy() is edit
    assert edit.accessibleName() == "Name"
    assert edit.accessibleDescription() == "The full name."
    assert box.accessibleName() == "Needs an interpreter"
    assert form.fields["interpreter"].caption == "Needs an interpreter"
    form.set_values({"name": "Ali", "interpreter": False})
    assert not form.is_dirty()

    assert form.show_error("name", "This field cannot be empty.")
    error = form.fields["name"].error
    assert error.isVisible() and error.message() == "This field cannot be empty."
    assert not error._icon.pixmap().isNull()  # an icon as well as the words
    assert edit.accessibleDescription().startswith("This field cannot be empty.")
    assert not form.show_error("nope", "x")  # no such field: the caller shows it elsewhere

    QTest.keyClick(edit, Qt.Key.Key_End)
    QTest.keyClicks(edit, "x")  # typing clears the message, and counts as a change
    assert form.error("name") == "" and not error.isVisible()
    assert form.changed_values() == {"name": "Alix"}
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())
    assert form.changed_values() == {"name": "Alix", "interpreter": True}


# ------------------------------------------------------------------------------------------------ pictograms


def test_picker_filters_as_you_type_and_by_category(qtbot: Any) -> None:
    from ui.widgets.pictogram_picker import PictogramPicker

    picker = show(qtbot, PictogramPicker())
    everything = picker.visibleKeys()
    assert len(everything) == len(pictograms.CATALOGUE) >= 150
    QTest.keyClicks(picker.search, "buss")
    assert picker.visibleKeys()[0] == "bus" and len(picker.visibleKeys()) < len(everything)
    assert "1 picture" in picker.count.text() or "pictures" in picker.count.text()
    picker.search.clear()
    travel = picker.category.findData("travel")
    picker.category.setCurrentIndex(travel)
    assert picker.visibleKeys() and all(pictograms.get(k).category == "travel" for k in picker.visibleKeys())
    QTest.keyClicks(picker.search, "zzzz")
    assert picker.visibleKeys() == []
    assert "No pictures" in picker.count.text()


def test_picker_labels_and_accessible_names_follow_the_language(qtbot: Any) -> None:
    from ui.models.editor_pictograms import KeyRole
    from ui.widgets.pictogram_picker import PictogramPicker

    set_language("sv")
    picker = show(qtbot, PictogramPicker())
    picker.setCurrentKey("doctor")
    index = picker.grid.currentIndex()
    assert index.data(KeyRole) == "doctor"
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == pictograms.get("doctor").label("sv")
    assert index.data(Qt.ItemDataRole.DisplayRole) == pictograms.get("doctor").label("sv")
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    QTest.keyClicks(picker.search, "lakare")  # accents ignored
    assert "doctor" in picker.visibleKeys()


def test_picker_is_keyboard_driven_and_emits_chosen(qtbot: Any) -> None:
    from ui.widgets.pictogram_picker import PictogramPicker

    picker = show(qtbot, PictogramPicker(icon_size=96))
    assert picker.grid.iconSize().width() == 96
    assert picker.grid.gridSize().width() >= 96 + 16
    QTest.keyClicks(picker.search, "bus")
    QTest.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.currentKey() == picker.visibleKeys()[0]
    QTest.keyClick(picker.grid, Qt.Key.Key_Right)
    second = picker.visibleKeys()[1]
    assert picker.currentKey() == second
    with qtbot.waitSignal(picker.chosen) as signal:
        QTest.keyClick(picker.grid, Qt.Key.Key_Return)
    assert signal.args == [second]
    picker.setIconSize(128)
    assert picker.grid.iconSize().width() == 128


def test_pictogram_dialog_choose_and_no_picture(qtbot: Any) -> None:
    from ui.widgets.pictogram_picker import PictogramField

    field = show(qtbot, PictogramField())
    assert field.value() == "" and not field.clear_button.isEnabled()
    dialog = field.open_dialog()
    dialog.picker.setCurrentKey("library")
    QTest.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert field.value() == "library"
    assert "Library" in field.choose_button.accessibleName()
    dialog = field.open_dialog()
    assert dialog.picker.currentKey() == "library"  # opens on the current choice
    QTest.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert field.value() == ""


# ------------------------------------------------------------------------------------------------ dates


def test_parse_date_and_time() -> None:
    from ui.widgets.date_picker import parse_date, parse_time

    for text in ("2026-03-03", "2026-3-3", "20260303", "3/3/2026", "3.3.2026", "3 mars 2026", "tisdag 3 mars 2026",
                 "3 March 2026", "Tuesday 3 March 2026"):
        assert parse_date(text) == date(2026, 3, 3), text
    assert parse_date("  ") is None
    for bad in ("nästa tisdag", "2026-02-30", "31/31"):
        with pytest.raises(ValueError):
            parse_date(bad)
    assert parse_time("10") == time(10)
    assert parse_time("9.30") == parse_time("09:30") == parse_time("0930") == parse_time("kl. 9.30") == time(9, 30)
    with pytest.raises(ValueError):
        parse_time("25.00")


def test_date_picker_keyboard_and_words(qtbot: Any) -> None:
    from ui.widgets.date_picker import DatePicker

    set_language("sv")
    picker = show(qtbot, DatePicker())
    picker.setValue(date(2026, 3, 3))
    assert picker.words.text() == "tisdag 3 mars 2026"
    QTest.keyClick(picker.edit, Qt.Key.Key_Up)
    assert picker.value() == date(2026, 3, 4)
    QTest.keyClick(picker.edit, Qt.Key.Key_PageDown)
    assert picker.value() == date(2026, 2, 4)
    picker.edit.clear()
    QTest.keyClicks(picker.edit, "3 march")
    assert picker.value() == "3 march"  # not a date yet: the text is kept and given back as typed
    assert picker.words.text() == _("Not a date yet. Write it like 2026-03-03.")
    picker.edit.clear()
    assert picker.value() is None


def test_calendar_popup_has_babel_names_and_picks_with_the_keyboard(qtbot: Any) -> None:
    from planner.i18n import month_names, weekday_names
    from ui.widgets.date_picker import DatePicker

    set_language("sv")
    picker = show(qtbot, DatePicker())
    picker.setValue(date(2026, 1, 31))
    QTest.keyClick(picker.edit, Qt.Key.Key_F4)
    popup = picker.popup
    assert popup is not None and popup.isVisible()
    headers = [popup.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == weekday_names("sv") and headers[0] == "måndag"
    assert popup.title.text() == f"{month_names('sv')[0]} 2026"
    view = popup.view
    index = view.currentIndex()
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "lördag 31 januari 2026"
    QTest.keyClick(view, Qt.Key.Key_Right)  # over the edge of the month: the page turns
    assert popup.title.text() == "februari 2026"
    assert popup.words.text() == "söndag 1 februari 2026"
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert picker.value() == date(2026, 2, 8)
    assert picker.popup is None or not picker.popup.isVisible()


def test_date_time_picker_gives_aware_utc_in_stockholm_time(qtbot: Any) -> None:
    from ui.widgets.date_picker import DateTimePicker

    picker = show(qtbot, DateTimePicker())
    QTest.keyClicks(picker.edit, "2026-07-01")
    QTest.keyClicks(picker.time_edit, "10.00")
    assert picker.value() == datetime(2026, 7, 1, 8, 0, tzinfo=timezone.utc)  # summer time: UTC+2
    picker.edit.setText("2026-01-15")
    assert picker.value() == datetime(2026, 1, 15, 9, 0, tzinfo=timezone.utc)  # winter time: UTC+1
    assert "at 10:00" in picker.words.text()
    picker.time_edit.clear()
    assert picker.value() == "2026-01-15"  # no time yet: the services will say so
    for typed in ("2026-01-15", "2026-13-01 10.00", "nästa vecka kl 10"):
        picker.setValue(typed)  # typed text survives a round trip through value() / setValue()
        picker.setValue(picker.value())
        assert f"{picker.edit.text()} {picker.time_edit.text()}".strip() == typed
    picker.setValue(datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc))  # just after the clocks go forward
    assert (picker.edit.text(), picker.time_edit.text()) == ("2026-03-29", "03:30")


def test_widgets_have_accessible_names_and_44_px_targets(qtbot: Any) -> None:
    from ui.widgets.date_picker import DateTimePicker
    from ui.widgets.form import Form
    from ui.widgets.pictogram_picker import PictogramDialog, PictogramField

    form = Form()
    form.add_row("when", "When", DateTimePicker())
    form.add_row("picture", "Picture", PictogramField())
    show(qtbot, form)
    dialog = PictogramDialog(None, "bus")
    show(qtbot, dialog)
    for root in (form, dialog):
        for widget in root.findChildren(QWidget):
            if widget.isVisible() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                assert widget.accessibleName(), type(widget).__name__
                if widget is not getattr(dialog.picker, "grid", None):
                    assert widget.height() >= 44, (type(widget).__name__, widget.accessibleName())
    QApplication.processEvents()


def test_picker_screenshots(qtbot: Any, theme: Any, tmp_path: Any) -> None:
    from ui.widgets.pictogram_picker import PictogramDialog

    for scale in (100, 200):
        theme.set_scale(scale)
        dialog = PictogramDialog(None, "bus")
        show(qtbot, dialog)
        path = tmp_path / f"picker-{scale}.png"
        assert dialog.grab().save(str(path))
        assert path.stat().st_size > 10_000
        dialog.close()
