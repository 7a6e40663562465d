"""The catalogues are complete and sound, and no user-visible string in the UI bypasses the translation function.

- every msgid of the extracted template has a non-empty translation in sv and en (a failure lists the missing);
- every translation keeps exactly the ``{placeholders}`` of its msgid (plural forms too);
- the committed ``.mo`` files hold exactly what the ``.po`` files say (a fresh install gets the current texts);
- an AST check over ``ui/``, ``planner/documents`` and ``planner/cli*.py``: a string literal that reaches the
  screen, the PDF or the terminal (``setText``, ``QLabel(...)``, ``QMessageBox.warning``, ``Paragraph``,
  ``help=``, ``print`` …, and the project's own helpers that take a ``text``/``title``/… parameter) is a call to
  ``_``/``ngettext``, never a bare literal.
"""

from __future__ import annotations

import ast
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from planner.i18n import LANGUAGES, placeholders

pytestmark = pytest.mark.core

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
CATALOGUE_LANGUAGES = ("sv", "en")


# ------------------------------------------------------------------------------------------------ catalogues


def _po(lang: str):  # type: ignore[no-untyped-def]
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "stegvis.po").open("rb") as fh:
        return read_po(fh, locale=lang)


@pytest.fixture(scope="module")
def template():  # type: ignore[no-untyped-def]
    """The msgids as the source code has them now (pybabel extract into memory; the .pot may be stale)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="Stegvis")
    for folder in ("planner", "ui"):
        for filename, lineno, message, comments, context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")],
                keywords={"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}):
            catalog.add(message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def _key(message) -> str:  # type: ignore[no-untyped-def]
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _forms(message) -> list[str]:  # type: ignore[no-untyped-def]
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def test_catalogue_languages_are_the_app_languages() -> None:
    assert set(CATALOGUE_LANGUAGES) == set(LANGUAGES)


@pytest.mark.parametrize("lang", CATALOGUE_LANGUAGES)
def test_every_msgid_has_a_translation(lang: str, template) -> None:  # type: ignore[no-untyped-def]
    po = _po(lang)
    missing = []
    for message in template:
        if not message.id:
            continue
        entry = po.get(message.id, context=message.context)
        if entry is None or entry.fuzzy or not all(form.strip() for form in _forms(entry)):
            where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
            context = f" [{message.context}]" if message.context else ""
            missing.append(f"  {_key(message)!r}{context}  ({where})")
    assert not missing, (f"{len(missing)} message(s) without a {lang} translation — run `make translations` and "
                         f"translate translations/{lang}/LC_MESSAGES/stegvis.po:\n" + "\n".join(missing))


@pytest.mark.parametrize("lang", CATALOGUE_LANGUAGES)
def test_translations_keep_the_placeholders(lang: str) -> None:
    wrong = []
    for message in _po(lang):
        if not message.id:
            continue
        ids = list(message.id) if isinstance(message.id, tuple) else [message.id]
        expected = set().union(*(placeholders(i) for i in ids)) if len(ids) > 1 else placeholders(ids[0])
        for form in _forms(message):
            if not form:
                continue
            got = placeholders(form)
            # A singular form may leave out the count ("one plan" / "en plan"); it may not invent or rename one.
            ok = got == expected if len(ids) == 1 else (got <= expected and expected - got <= {"count", "n"})
            if not ok:
                wrong.append(f"  {_key(message)!r}: {sorted(got)} instead of {sorted(expected)} in {form!r}")
    assert not wrong, f"{lang}: translations with other placeholders than their msgid:\n" + "\n".join(wrong)


def test_swedish_plurals_have_two_forms() -> None:
    po = _po("sv")
    assert po.num_plurals == 2
    for message in po:
        if isinstance(message.id, tuple):
            assert len(_forms(message)) == 2, message.id


@pytest.mark.parametrize("lang", CATALOGUE_LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(lang: str, tmp_path: Path) -> None:
    po = _po(lang)
    fresh = io.BytesIO()
    write_mo(fresh, po)
    fresh.seek(0)
    compiled_path = TRANSLATIONS / lang / "LC_MESSAGES" / "stegvis.mo"
    with compiled_path.open("rb") as fh:
        committed = read_mo(fh)
    expected = {(m.context, _hashable(m.id)): _hashable(m.string) for m in read_mo(fresh) if m.id}
    actual = {(m.context, _hashable(m.id)): _hashable(m.string) for m in committed if m.id}
    stale = sorted(_key_of(k) for k in expected.keys() ^ actual.keys()) + sorted(
        _key_of(k) for k in expected.keys() & actual.keys() if expected[k] != actual[k])
    assert not stale, (f"{compiled_path.relative_to(ROOT)} is out of date with the .po file ({len(stale)} "
                       f"messages differ, e.g. {stale[:5]}) — run `make translations`")


def _key_of(key) -> str:  # type: ignore[no-untyped-def]
    context, msgid = key
    return (msgid[0] if isinstance(msgid, tuple) else msgid) + (f" [{context}]" if context else "")


def _hashable(value):  # type: ignore[no-untyped-def]
    return tuple(value) if isinstance(value, list | tuple) else value


def test_the_app_loads_every_swedish_translation() -> None:
    """The load-time placeholder guard rejects nothing in the shipped catalogues."""
    from planner.i18n import load_translations

    for lang in CATALOGUE_LANGUAGES:
        translations = load_translations(lang)
        assert getattr(translations, "rejected", None) == [], (lang, getattr(translations, "rejected", None))


# ------------------------------------------------------------------------------------------------ AST check

TRANSLATORS = {"_", "ngettext", "pgettext"}
# Qt setters whose argument at these positions is shown (or read aloud) to the user.
QT_METHODS: dict[str, tuple[int, ...]] = {
    **dict.fromkeys((
        "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setAccessibleName",
        "setAccessibleDescription", "setStatusTip", "setWhatsThis", "setTitle", "setInformativeText",
        "setDetailedText", "setLabelText", "setCancelButtonText", "setOkButtonText", "setPrefix", "setSuffix",
        "setSpecialValueText", "setWindowIconText", "showMessage", "setHtml", "setMarkdown", "setPlainText",
        "setDescription", "setIconText", "setSectionName", "setSubTitle", "addMenu", "addSection", "setNameFilter",
        "setAccessibleText", "setPageTitle"), (0,)),
    "setTabText": (1,), "setTabToolTip": (1,), "setTabWhatsThis": (1,), "setItemText": (1,),
    "setItemToolTip": (1,), "setButtonText": (1,), "setHeaderData": (2,), "setLabelText_": (0,),
    "addTab": (1, 2), "insertTab": (2, 3), "addItem": (0, 1), "insertItem": (1, 2), "addItems": (0,),
    "insertItems": (1,), "setHorizontalHeaderLabels": (0,), "setVerticalHeaderLabels": (0,),
    "setHeaderLabels": (0,), "setHeaderLabel": (0,), "setNameFilters": (0,), "addButton": (0,),
    "addAction": (0, 1), "insertAction": (), "setToolTipDuration": (),
}
QT_KEYWORDS = {"text", "title", "caption", "label", "toolTip", "statusTip", "placeholderText", "windowTitle",
               "filter", "accessibleName", "accessibleDescription", "informativeText"}
# Static helpers of Qt: positions of their title/text/caption/filter arguments.
QT_STATIC: dict[str, tuple[int, ...]] = {
    **dict.fromkeys(("information", "warning", "critical", "question", "about"), (1, 2)),
    **dict.fromkeys(("getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory",
                     "getOpenFileUrl", "getSaveFileUrl", "getExistingDirectoryUrl"), (1, 3)),
    **dict.fromkeys(("getText", "getInt", "getDouble", "getItem", "getMultiLineText"), (1, 2)),
}
QT_STATIC_OWNERS = {"QMessageBox", "QFileDialog", "QInputDialog"}
# Constructors whose positional string arguments are shown.
QT_CONSTRUCTORS = {"QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QMenu",
                   "QToolButton", "QCommandLinkButton", "QMessageBox", "QTableWidgetItem", "QListWidgetItem",
                   "QStandardItem", "QTreeWidgetItem", "QWizardPage", "QDockWidget", "QProgressDialog",
                   "QErrorMessage", "QShortcut", "QLineEdit", "QTextEdit", "QPlainTextEdit", "QToolBar"}
# Project helpers are found automatically: a function with one of these parameters shows it (or says it).
TEXT_PARAMETERS = {"text", "title", "label", "label_text", "caption", "description", "message", "heading",
                   "question", "add_text", "none_text", "yes", "no", "hint", "tooltip", "placeholder", "empty",
                   "header", "headers", "labels", "explanation", "advice", "subtitle"}
# Documents (ReportLab) and the command line.
DOC_SINKS: dict[str, tuple[int, ...]] = {"Paragraph": (0,), "drawString": (2,), "drawRightString": (2,),
                                         "drawCentredString": (2,), "setTitle": (0,), "setSubject": (0,),
                                         "setAuthor": (0,), "setKeywords": (0,)}
CLI_SINKS: dict[str, tuple[int, ...]] = {"print": (0,), "error": (0,), "exit": (1,), "write": (0,),
                                         "add_parser": ()}
CLI_KEYWORDS = {"help", "description", "epilog", "usage", "title"}

# Literals that may appear on their own: product name, file-type patterns, a few units and symbols.
ALLOWED_LITERALS = {"Stegvis", "stegvis", "PDF", "CSV", "JSON", "SQLite", "PostgreSQL", "%", "…", "—", "–",
                    "OK", "px", "pt", "stegvis:", "URL", "SQLAlchemy"}
# (file, literal) pairs that look user-visible but are not translated, and why.
ALLOW_LIST: dict[tuple[str, str], str] = {
    ("ui/settings_dialog.py", "Svenska"): "a language's name is written in that language",
    ("ui/settings_dialog.py", "English"): "a language's name is written in that language",
    ("ui/screenshots.py", "buss"): "a search term typed into the picture search in the screenshots",
    ("ui/screenshots.py", "bus"): "a search term typed into the picture search in the screenshots",
    ("ui/screenshots.py", "erik"): "a search term typed into the plan filter in the screenshots",
}
# Whole files that are developer tools rather than screens.
SKIP_FILES = {"ui/bench_markers.py", "ui/qt_compat.py"}

LETTER = re.compile(r"[^\W\d_]")
IDENTIFIER = re.compile(r"^[a-z0-9_.:/\-]*$")  # object names, style names, dictionary keys, property names
FILE_FILTER = re.compile(r"^\*?\.[A-Za-z0-9]+$")
COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    call: str
    literal: str

    def __str__(self) -> str:
        return f"  {self.path}:{self.line}: {self.call}({self.literal!r})"


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _owner(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute):
        return func.value.attr
    return ""


def _visible_literals(node: ast.AST) -> Iterator[ast.Constant | str]:
    """String literals in an expression that would reach the user as they are.

    Follows concatenation, f-strings, ``x if c else y``, ``a or b``, ``"…".format(...)``/``"…".join(...)`` and
    list/tuple displays; stops at any other call (its result is someone else's business) and at ``_()``.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.JoinedStr):
        yield "".join(v.value if isinstance(v, ast.Constant) else "{…}" for v in node.values)
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                yield from _visible_literals(v.value)
    elif isinstance(node, ast.BinOp):
        yield from _visible_literals(node.left)
        yield from _visible_literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _visible_literals(node.body)
        yield from _visible_literals(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for v in node.values:
            yield from _visible_literals(v)
    elif isinstance(node, ast.List | ast.Tuple):
        for v in node.elts:
            yield from _visible_literals(v)
    elif isinstance(node, ast.Call):
        name = _call_name(node)
        if name in TRANSLATORS:
            return
        if isinstance(node.func, ast.Attribute) and name in ("format", "join", "strip", "replace", "upper",
                                                             "lower", "capitalize", "title"):
            yield from _visible_literals(node.func.value)
            if name == "format":
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    yield from _visible_literals(arg)


def _is_user_text(text: str, *, strict: bool) -> bool:
    stripped = text.replace("&", "").strip()
    if not LETTER.search(stripped):
        return False  # empty, numbers, punctuation
    if stripped in ALLOWED_LITERALS or FILE_FILTER.match(stripped) or COLOUR.match(stripped):
        return False
    words = [w for w in re.split(r"[\s…:(){}\[\]]+", stripped) if LETTER.search(w)]
    if words and all(w in ALLOWED_LITERALS for w in words):
        return False
    # An identifier-like key passed to a helper (a style, an object name) is not a sentence.
    return strict or not IDENTIFIER.match(stripped)


def _text_helpers(trees: Iterable[ast.AST]) -> dict[str, tuple[tuple[int, ...], frozenset[str]]]:
    """Functions of the project that take a text-like parameter: name -> (positions, keyword names)."""
    helpers: dict[str, tuple[set[int], set[str]]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
            offset = 1 if params[:1] in (["self"], ["cls"]) else 0
            positions = {i - offset for i, p in enumerate(params) if p in TEXT_PARAMETERS and i >= offset}
            keywords = {p for p in params if p in TEXT_PARAMETERS} | {
                a.arg for a in node.args.kwonlyargs if a.arg in TEXT_PARAMETERS}
            if node.name == "__init__":
                continue  # class constructors are matched by the class name below
            if positions or keywords:
                pos, kw = helpers.setdefault(node.name, (set(), set()))
                pos |= positions
                kw |= keywords
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        params = [a.arg for a in (*item.args.posonlyargs, *item.args.args)][1:]
                        positions = {i for i, p in enumerate(params) if p in TEXT_PARAMETERS}
                        keywords = {p for p in params if p in TEXT_PARAMETERS} | {
                            a.arg for a in item.args.kwonlyargs if a.arg in TEXT_PARAMETERS}
                        if positions or keywords:
                            pos, kw = helpers.setdefault(node.name, (set(), set()))
                            pos |= positions
                            kw |= keywords
    return {name: (tuple(sorted(p)), frozenset(k)) for name, (p, k) in helpers.items()}


def _python_files(*parts: str) -> list[Path]:
    files: list[Path] = []
    for part in parts:
        path = ROOT / part
        files += sorted(path.rglob("*.py")) if path.is_dir() else sorted(ROOT.glob(part))
    return files


def untranslated_literals(files: Iterable[Path], *, area: str,
                          helpers: dict[str, tuple[tuple[int, ...], frozenset[str]]]) -> list[Violation]:
    """String literals in ``files`` that reach the user without passing through ``_``/``ngettext``."""
    found: list[Violation] = []
    for path in files:
        rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
        if rel in SKIP_FILES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in ("data", "headerData") and area == "ui":
                # A Qt model's display texts are returned, not passed to a setter.
                for ret in ast.walk(node):
                    if isinstance(ret, ast.Return) and ret.value is not None:
                        found += _check(rel, ret.lineno, f"{node.name} returns", ret.value, strict=True)
                continue
            if not isinstance(node, ast.Call):
                continue
            name = _call_name(node)
            owner = _owner(node)
            checks: list[tuple[ast.AST, bool]] = []
            if area == "ui":
                if name in QT_STATIC and owner in QT_STATIC_OWNERS:
                    checks += [(node.args[i], True) for i in QT_STATIC[name] if i < len(node.args)]
                elif name in QT_CONSTRUCTORS:
                    checks += [(a, False) for a in node.args]
                elif name in QT_METHODS and isinstance(node.func, ast.Attribute):
                    checks += [(node.args[i], name not in ("addItem", "insertItem", "addAction", "addTab",
                                                           "insertTab"))
                               for i in QT_METHODS[name] if i < len(node.args)]
                checks += [(k.value, True) for k in node.keywords if k.arg in QT_KEYWORDS]
            elif area == "documents":
                if name in DOC_SINKS:
                    checks += [(node.args[i], True) for i in DOC_SINKS[name] if i < len(node.args)]
            elif area == "cli":
                if name in CLI_SINKS:
                    checks += [(node.args[i], True) for i in CLI_SINKS[name] if i < len(node.args)]
                checks += [(k.value, True) for k in node.keywords if k.arg in CLI_KEYWORDS]
            if name in helpers and name not in QT_METHODS and name not in QT_CONSTRUCTORS:
                positions, keywords = helpers[name]
                checks += [(node.args[i], False) for i in positions if i < len(node.args)]
                checks += [(k.value, False) for k in node.keywords if k.arg in keywords]
            for arg, strict in checks:
                found += _check(rel, node.lineno, name, arg, strict=strict)
    return sorted(set(found), key=lambda v: (v.path, v.line, v.literal))


def _check(rel: str, line: int, call: str, expr: ast.AST, *, strict: bool) -> list[Violation]:
    out = []
    for literal in _visible_literals(expr):
        text = literal if isinstance(literal, str) else literal.value
        if (rel, text) in ALLOW_LIST or not _is_user_text(text, strict=strict):
            continue
        out.append(Violation(rel, getattr(literal, "lineno", line), call, text))
    return out


AREAS = {
    "ui": ("ui",),
    "documents": ("planner/documents",),
    "cli": ("planner/cli*.py",),
}


def _all_violations(area: str) -> list[Violation]:
    every_tree = [ast.parse(p.read_text(encoding="utf-8")) for p in _python_files("ui", "planner")]
    helpers = _text_helpers(every_tree)
    for generic in ("_", "N_", "ngettext", "pgettext", "write", "exit", "error", "print", "format", "join", "get",
                    "add", "set"):
        helpers.pop(generic, None)
    return untranslated_literals(_python_files(*AREAS[area]), area=area, helpers=helpers)


@pytest.mark.parametrize("area", sorted(AREAS))
def test_no_user_visible_literal_bypasses_the_translation_function(area: str) -> None:
    violations = _all_violations(area)
    assert not violations, (f"{len(violations)} user-visible string literal(s) in {area} are not translated; wrap "
                            "them in _() (or add them to ALLOW_LIST with a reason):\n"
                            + "\n".join(map(str, violations)))


def test_the_ast_check_catches_a_bare_literal(tmp_path: Path) -> None:
    """The check itself can fail: a bare label, title, f-string and message box text are all caught."""
    sample = tmp_path / "probe.py"
    code = (
        "from planner.i18n import _\n"
        "def build(w, n, QLabel, QMessageBox):\n"
        "    w.setWindowTitle('Plans')\n"
        "    QLabel('Name', w)\n"
        "    w.setToolTip(f'{n} plans')\n"
        "    QMessageBox.warning(w, _('Saved'), 'Could not save')\n"
        "    w.setText(_('Fine'))\n"
        "    w.setObjectName('planTable')\n"
        "    w.setText(f'{n} %')\n"
        "    w.setText(_('A') + ' ' + _('B'))\n"
    )
    sample.write_text(code, encoding="utf-8")
    found = untranslated_literals([sample], area="ui", helpers={})
    assert sorted(v.literal for v in found) == sorted(["Plans", "Name", "{…} plans", "Could not save"])


def test_make_translations_extracts_what_the_test_reads() -> None:
    """The Makefile's keywords are the ones this test extracts with (else the completeness check lies)."""
    makefile = (ROOT / "Makefile").read_text()
    assert "-k N_" in makefile and "-k ngettext:1,2" in makefile and "-k pgettext:1c,2" in makefile
