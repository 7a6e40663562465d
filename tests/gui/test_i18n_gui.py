"""Language in the running app: nothing English is left on a Swedish screen or in a Swedish PDF, Qt's own strings
follow the language, the layout direction follows it (a pretend right-to-left language), the first run follows the
OS and the settings dialog lets the coach choose.

"Left English" means: a visible text (label, button, tab, menu, column header, cell, tool tip, accessible name,
placeholder …) that equals an English msgid whose Swedish translation is different, or matches such a msgid with
its ``{placeholders}`` filled in.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from planner import i18n

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


# ------------------------------------------------------------------------------------------------ catalogue


@cache
def _pairs() -> tuple[tuple[str, str], ...]:
    """(English, Swedish) for every message whose Swedish differs (plural forms pair up)."""
    with (ROOT / "translations" / "sv" / "LC_MESSAGES" / "stegvis.po").open("rb") as fh:
        po = read_po(fh, locale="sv")
    pairs = []
    for m in po:
        if not m.id:
            continue
        ids = list(m.id) if isinstance(m.id, tuple) else [m.id]
        forms = list(m.string) if isinstance(m.string, tuple | list) else [m.string]
        for english, swedish in zip(ids, forms + forms[-1:] * (len(ids) - len(forms)), strict=False):
            if swedish and _norm(english) != _norm(swedish):
                pairs.append((english, swedish))
    return tuple(pairs)


def _norm(text: str) -> str:
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split()).rstrip(":").strip()


@cache
def _matchers(lang: str) -> tuple[frozenset[str], tuple[tuple[re.Pattern[str], str], ...]]:
    """Exact texts and filled-in patterns of the *other* language's strings that must not show in ``lang``."""
    wrong = [en if lang == "sv" else sv for en, sv in _pairs()]
    right = {_norm(sv if lang == "sv" else en) for en, sv in _pairs()}
    exact = frozenset(n for n in map(_norm, wrong) if n and not PLACEHOLDER.search(n) and n not in right)
    patterns = []
    for text in wrong:
        literal = PLACEHOLDER.split(_norm(text))
        if len(literal) < 2 or sum(len(p.strip()) for p in literal) < 4:
            continue  # "{name}" or "{group}: {choice}": nothing language-specific to find
        if lang == "en" and len(re.findall(r"\w+", " ".join(literal))) < 2:
            continue  # the demo data is Swedish: "{start} till {end}" would match "Ta bussen till jobbet"
        regex = "(?:.+?)".join(re.escape(p) for p in literal)
        patterns.append((re.compile(rf"^{regex}$", re.DOTALL), text))
    return exact, tuple(patterns)


def left_over(texts: set[str], lang: str) -> list[str]:
    """The texts that are in the other language."""
    exact, patterns = _matchers(lang)
    found = []
    for raw in texts:
        for text in {raw, *raw.split("\n")}:
            n = _norm(text)
            if not n:
                continue
            if n in exact:
                found.append(f"{n!r}")
                continue
            hit = next((source for pattern, source in patterns if pattern.match(n)), None)
            if hit is not None:
                found.append(f"{n!r}  (from {hit!r})")
    return sorted(set(found))


# ------------------------------------------------------------------------------------------------ collecting


def _item_view_texts(view: QAbstractItemView) -> set[str]:
    model = view.model()
    if model is None:
        return set()
    texts: set[str] = set()
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list model: one column, and PySide6 keeps its columnCount private
        columns = 1
    for section in range(columns):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            value = model.headerData(section, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                texts.add(value)
    for row in range(min(model.rowCount(root), 40)):
        for column in range(columns):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.AccessibleTextRole):
                value = index.data(role)
                if isinstance(value, str):
                    texts.add(value)
    return texts


def _action_texts(actions: list[QAction]) -> set[str]:
    texts: set[str] = set()
    for action in actions:
        texts |= {action.text(), action.toolTip(), action.statusTip(), action.iconText(), action.whatsThis()}
        menu = action.menu()
        if isinstance(menu, QMenu):
            texts |= {menu.title()} | _action_texts(menu.actions())
    return texts


def visible_texts(root: QWidget) -> set[str]:
    """Every string ``root`` shows (or says to a screen reader) right now, with its menus and actions."""
    texts: set[str] = {root.windowTitle()}
    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        texts |= {w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.statusTip(), w.whatsThis()}
        if isinstance(w, QLabel):
            texts.add(w.text())
        if isinstance(w, QAbstractButton):
            texts.add(w.text())
        if isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
            texts.add(w.placeholderText())
        if isinstance(w, QGroupBox):
            texts.add(w.title())
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                texts |= {w.tabText(i), w.tabToolTip(i)}
        if isinstance(w, QComboBox):
            texts |= {w.itemText(i) for i in range(w.count())}
        if isinstance(w, QAbstractItemView):
            texts |= _item_view_texts(w)
        texts |= _action_texts(w.actions())
    if hasattr(root, "menuBar"):
        texts |= _action_texts(root.menuBar().actions())
    texts.discard("")
    return texts


# ------------------------------------------------------------------------------------------------ the screens


def _settle(qtbot: Any) -> None:
    qtbot.wait(30)
    QApplication.processEvents()


def _richest_plan(services: Any) -> int:
    return max(services.list_plans(), key=lambda r: len(services.get_plan(r.plan_id).goals)).plan_id


def collect_app_texts(qtbot: Any, theme: Any, services: Any) -> dict[str, set[str]]:
    """Main window (every tab, menus), the dialogs, the plan editor (every section) and the meeting walkthrough
    (every screen of a first meeting and a follow-up), in the active language."""
    from ui.settings_dialog import SettingsDialog
    from ui.views.main_window import MainWindow, TourDialog
    from ui.views.new_plan_dialog import NewPlanDialog
    from ui.walkthrough.window import Walkthrough

    out: dict[str, set[str]] = {}
    win = MainWindow(theme, services=services)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.plan_proxy.rowCount() > 0)
    try:
        for tab in (win.LIST_TAB, win.FOLLOW_UP_TAB, win.PLAN_TAB):
            win.show_tab(tab)
            _settle(qtbot)
            out.setdefault("main window", set()).update(visible_texts(win))
        for name, dialog in (("settings", SettingsDialog(theme, win.settings, win)),
                             ("new plan", NewPlanDialog(services, win)), ("tour", TourDialog(win))):
            dialog.show()
            _settle(qtbot)
            out[name] = visible_texts(dialog)
            dialog.hide()
            dialog.deleteLater()

        plan_id = _richest_plan(services)
        assert win.open_plan(plan_id)
        editor = win.editor
        assert editor is not None
        for page in range(len(editor.sections)):
            editor.show_page(page)
            _settle(qtbot)
            out.setdefault("plan editor", set()).update(visible_texts(win))
        win.close_plan(switch=False)

        for mode in ("first", "follow_up"):
            meeting = Walkthrough(services, plan_id, mode, win, scale=1.0, speech_engine="mock")
            meeting.resize(1280, 800)
            meeting.show()
            try:
                for index in range(len(meeting.screens)):
                    meeting.go_to(index)
                    _settle(qtbot)
                    out.setdefault("walkthrough", set()).update(visible_texts(meeting))
                meeting.escape()
                _settle(qtbot)
                out["walkthrough"] |= visible_texts(meeting)
                meeting.hide_confirm()
            finally:
                meeting.close()
                meeting.deleteLater()
    finally:
        win.close_plan(switch=False)
        win.close()
    return out


@pytest.fixture
def use_language(qapp: Any) -> Iterator[Any]:
    from ui.app import apply_language

    saved_locale = QLocale()
    yield lambda lang: apply_language(qapp, lang)
    apply_language(qapp, "en")
    QLocale.setDefault(saved_locale)  # later tests see the Qt locale they saw before


def test_nothing_english_is_left_on_swedish_screens(qtbot: Any, theme: Any, demo_services: Any,
                                                     use_language: Any) -> None:
    use_language("sv")
    texts = collect_app_texts(qtbot, theme, demo_services)
    assert all(texts.values()), texts.keys()
    assert any("Personer och planer" in t for t in texts["main window"])  # the catalogue is really in use
    problems = {area: left_over(found, "sv") for area, found in texts.items()}
    problems = {area: found for area, found in problems.items() if found}
    assert not problems, "English text on Swedish screens:\n" + "\n".join(
        f"{area}:\n  " + "\n  ".join(found) for area, found in problems.items())


def test_switching_to_english_and_back_changes_the_screens(qtbot: Any, theme: Any, demo_services: Any,
                                                           use_language: Any) -> None:
    use_language("en")
    english = collect_app_texts(qtbot, theme, demo_services)
    problems = {area: left_over(found, "en") for area, found in english.items()}
    problems = {area: found for area, found in problems.items() if found}
    assert not problems, "Swedish text on English screens:\n" + "\n".join(
        f"{area}:\n  " + "\n  ".join(found) for area, found in problems.items())
    use_language("sv")
    swedish = collect_app_texts(qtbot, theme, demo_services)
    for area in english:
        assert english[area] != swedish[area], area
        # The check can fail: the English screens are full of what it looks for on a Swedish screen.
        assert len(left_over(english[area], "sv")) >= min(10, len(english[area]) // 4), area
    assert not left_over(swedish["main window"], "sv")


def _pdf_text(pdf: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def _pdf_leaks(text: str, lang: str) -> list[str]:
    """Other-language strings in running PDF text (lines are wrapped, so look for each string inside the text)."""
    flat = " ".join(text.split())
    found = []
    for en, sv in _pairs():
        wrong = _norm(en if lang == "sv" else sv)
        right = _norm(sv if lang == "sv" else en)
        for piece in PLACEHOLDER.split(wrong):
            piece = piece.strip(" .,:;()–-")
            if len(piece) < 4 or (piece in right and not PLACEHOLDER.search(wrong)):
                continue
            if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", flat) and not re.search(
                    rf"(?<!\w){re.escape(piece)}(?!\w)", " ".join(_norm(right).split())):
                found.append(f"{piece!r} (from {en!r})")
    return sorted(set(found))


@pytest.mark.pdf
def test_both_pdfs_are_swedish_in_swedish(demo_services: Any) -> None:
    from planner.documents import build_easy_read_pdf, build_full_pdf

    plan = demo_services.get_plan(_richest_plan(demo_services))
    for build in (build_easy_read_pdf, build_full_pdf):
        swedish = _pdf_text(build(plan, "sv"))
        english = _pdf_text(build(plan, "en"))
        assert "Sida 1 av" in swedish and "Page 1 of" in english
        assert not _pdf_leaks(swedish, "sv"), (build.__name__, _pdf_leaks(swedish, "sv"))
        assert swedish != english


# ------------------------------------------------------------------------------------------------ Qt and layout


def test_qt_own_buttons_follow_the_language(qtbot: Any, use_language: Any) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    use_language("sv")
    swedish = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(swedish)
    assert swedish.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Avbryt"
    assert QLocale().name() == "sv_SE"
    use_language("en")
    english = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(english)
    assert english.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Cancel"


def test_layout_direction_follows_a_right_to_left_language(qapp: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch,
                                                           use_language: Any) -> None:
    """A pretend Arabic (no catalogue yet): the whole application turns right to left, and back again."""
    monkeypatch.setattr(i18n, "LANGUAGES", (*i18n.LANGUAGES, "ar"))
    assert use_language("ar") == "ar"
    assert i18n.is_rtl()
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    widget = QWidget()
    qtbot.addWidget(widget)
    assert widget.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert widget.isRightToLeft()
    assert use_language("sv") == "sv"
    assert qapp.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert not QWidget().isRightToLeft()


@pytest.mark.parametrize(("env", "expected"), [({"LANG": "en_GB.UTF-8"}, "en"), ({"LANG": "sv_SE.UTF-8"}, "sv"),
                                               ({"LC_ALL": "en_US.UTF-8", "LANG": "sv_SE.UTF-8"}, "en"),
                                               ({"LANG": "de_DE.UTF-8"}, "sv")])
def test_first_run_follows_the_os_language(env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch,
                                           use_language: Any) -> None:
    from ui.settings import AppSettings

    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    settings = AppSettings()
    assert settings.language == ""  # nothing chosen yet: the first run
    assert use_language(settings.language or None) == expected


def test_the_language_is_chosen_in_settings_and_used_after_a_restart(qtbot: Any, theme: Any,
                                                                     use_language: Any) -> None:
    from ui.settings import AppSettings
    from ui.settings_dialog import SettingsDialog

    use_language("sv")
    settings = AppSettings()
    dialog = SettingsDialog(theme, settings)
    qtbot.addWidget(dialog)
    texts = visible_texts(dialog)
    assert "Ett nytt språk används nästa gång du startar Stegvis." in texts
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    assert AppSettings().language == "en"
    # What ui.app.run_gui does at the next start:
    assert use_language(AppSettings().language or None) == "en"
    assert i18n._("Daily activity") == "Daily activity"
    assert use_language("sv") == "sv"
    assert i18n._("Daily activity") == "Daglig verksamhet"


def _accelerator(text: str) -> str:
    match = re.search(r"&([^&])", text.replace("&&", ""))
    return match.group(1).casefold() if match else ""


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_menu_letters_are_unique_in_each_menu(lang: str, qtbot: Any, theme: Any, demo_services: Any,
                                              use_language: Any) -> None:
    """Alt+letter reaches one item: a translation must not give two items of one menu (or the menu bar, or the
    tabs) the same underlined letter."""
    from ui.views.main_window import MainWindow

    use_language(lang)
    win = MainWindow(theme, services=demo_services)
    qtbot.addWidget(win)
    groups: dict[str, list[str]] = {"menu bar": [a.text() for a in win.menuBar().actions()]}
    for action in win.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            groups[menu.title()] = [a.text() for a in menu.actions() if not a.isSeparator()]
    for bar in win.findChildren(QTabBar):
        groups[f"tabs {bar.objectName()}"] = [bar.tabText(i) for i in range(bar.count())]
    clashes = {}
    for name, texts in groups.items():
        letters = [(_accelerator(t), t) for t in texts if _accelerator(t)]
        seen: dict[str, list[str]] = {}
        for letter, text in letters:
            seen.setdefault(letter, []).append(text)
        clashes.update({f"{name} / {letter}": same for letter, same in seen.items() if len(same) > 1})
    assert not clashes, clashes
    win.close()


def _mnemonics(root: QWidget) -> dict[str, list[str]]:
    """Alt letters of the visible buttons and buddy labels under ``root``."""
    seen: dict[str, list[str]] = {}
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        text = ""
        if isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None):
            text = w.text()
        letter = _accelerator(text)
        if letter:
            seen.setdefault(letter, []).append(text)
    return {letter: texts for letter, texts in seen.items() if len(texts) > 1}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_dialog_letters_are_unique(lang: str, qtbot: Any, theme: Any, demo_services: Any,
                                   use_language: Any) -> None:
    from ui.settings import AppSettings
    from ui.settings_dialog import SettingsDialog
    from ui.views.new_plan_dialog import NewPlanDialog
    from ui.views.results_view import ResultsView

    use_language(lang)
    clashes = {}
    for name, widget in (("settings", SettingsDialog(theme, AppSettings())),
                         ("new plan", NewPlanDialog(demo_services)), ("results", ResultsView(demo_services))):
        qtbot.addWidget(widget)
        widget.show()
        _settle(qtbot)
        clashes.update({f"{name} / {letter}": texts for letter, texts in _mnemonics(widget).items()})
        widget.close()
    assert not clashes, clashes
