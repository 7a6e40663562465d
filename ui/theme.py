"""Font, font scale and the two themes (default and high contrast), applied live to the whole application.

Why one module: the font size, palette and style sheet depend on each other (padding and focus rings grow with the
text), so they are computed together from two inputs, the scale (100–250 %) and the theme name, and applied to the
QApplication at once. Widgets never set their own font sizes; headings use the ``role="heading"`` property.

Accessibility rules kept here: a 3 px focus ring on every focusable control that does not move the layout (the
unfocused border is thinner and the margin makes up the difference), click targets at least 44×44 px, and a
high-contrast theme (white on black, yellow selection) where nothing relies on a hue alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui.settings import SCALE_MAX, SCALE_MIN, THEMES, clamp_scale

FONT_FAMILY = "Atkinson Hyperlegible"
BASE_POINT_SIZE = 11.0  # at 100 %: about 15 px on a 96 dpi screen
SCALE_STEP = 25
MIN_TARGET_PX = 44  # WCAG 2.5.5 target size


@dataclass(frozen=True)
class Colours:
    window: str
    base: str
    alt_base: str
    text: str
    muted: str
    button: str
    button_hover: str
    border: str
    focus: str
    highlight: str
    highlighted_text: str
    link: str
    warning: str
    tooltip_base: str
    disabled: str


COLOURS: dict[str, Colours] = {
    "default": Colours(window="#f3f3f0", base="#ffffff", alt_base="#f1f5fa", text="#161616", muted="#4a4a4a",
                       button="#e6e9ee", button_hover="#d5dbe4", border="#6b6b6b", focus="#0b3d91",
                       highlight="#c9defc", highlighted_text="#000000", link="#0b3d91", warning="#a30000",
                       tooltip_base="#fffbe6", disabled="#6e6e6e"),
    "high_contrast": Colours(window="#000000", base="#000000", alt_base="#141414", text="#ffffff", muted="#ffffff",
                             button="#000000", button_hover="#333333", border="#ffffff", focus="#00e5ff",
                             highlight="#ffff00", highlighted_text="#000000", link="#ffff66", warning="#ffff00",
                             tooltip_base="#000000", disabled="#c8c8c8"),
}


_registered_family: list[str] = []


def register_fonts() -> str:
    """Load Atkinson Hyperlegible from the ``fontpkg_atkinson_hyperlegible`` package; return the family to use."""
    if _registered_family:
        return _registered_family[0]
    family = ""
    try:
        import fontpkg_atkinson_hyperlegible as pkg

        for ttf in sorted((pkg.ROOT / "files").glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(ttf))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families and not family:
                family = families[0]
    except ImportError:  # packaged without the font: fall back to the system sans-serif
        family = ""
    _registered_family.append(family or QFont().defaultFamily())
    return _registered_family[0]


def point_size(scale: int) -> float:
    return round(BASE_POINT_SIZE * clamp_scale(scale) / 100.0, 1)


def app_font(scale: int) -> QFont:
    font = QFont(register_fonts())
    font.setPointSizeF(point_size(scale))
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    return font


def palette(theme: str) -> QPalette:
    c = COLOURS.get(theme, COLOURS["default"])
    pal = QPalette()
    role = QPalette.ColorRole
    for r, value in ((role.Window, c.window), (role.WindowText, c.text), (role.Base, c.base),
                     (role.AlternateBase, c.alt_base), (role.Text, c.text), (role.Button, c.button),
                     (role.ButtonText, c.text), (role.BrightText, c.warning), (role.Highlight, c.highlight),
                     (role.HighlightedText, c.highlighted_text), (role.Link, c.link), (role.LinkVisited, c.link),
                     (role.ToolTipBase, c.tooltip_base), (role.ToolTipText, c.text),
                     (role.PlaceholderText, c.muted), (role.Mid, c.border), (role.Dark, c.border),
                     (role.Shadow, c.border), (role.Light, c.base), (role.Midlight, c.button)):
        pal.setColor(r, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(disabled, r, QColor(c.disabled))
    return pal


def _arrow_path(theme: str) -> str:
    from planner.paths import resources_dir

    name = "arrow-down-light.svg" if theme == "high_contrast" else "arrow-down-dark.svg"
    return (resources_dir() / "ui" / name).as_posix()


def style_sheet(theme: str, scale: int) -> str:
    """The application style sheet. Sizes in px grow with the scale; targets never go below 44 px."""
    c = COLOURS.get(theme, COLOURS["default"])
    s = clamp_scale(scale) / 100.0
    pad_v, pad_h = round(6 * s), round(14 * s)
    heading = point_size(scale) * 1.45
    subheading = point_size(scale) * 1.15
    indicator = max(22, round(22 * s))
    radius = 6
    arrow = _arrow_path(theme)
    focusable = ("QLineEdit, QComboBox, QSpinBox, QDateEdit, QTimeEdit, QDateTimeEdit, QTextEdit, "
                 "QPlainTextEdit, QListView, QTableView, QTreeView")
    focused = ", ".join(f"{w.strip()}:focus" for w in focusable.split(","))
    return f"""
QWidget {{ color: {c.text}; }}
QMainWindow, QDialog {{ background: {c.window}; }}
QToolTip {{ background: {c.tooltip_base}; color: {c.text}; border: 1px solid {c.border}; padding: 4px; }}
QLabel[role="heading"] {{ font-size: {heading:.1f}pt; font-weight: bold; }}
QLabel[role="subheading"] {{ font-size: {subheading:.1f}pt; font-weight: bold; }}
QLabel[role="hint"] {{ color: {c.muted}; }}
QLabel[role="error"] {{ color: {c.warning}; font-weight: bold; }}
QLabel[role="overdue"] {{ color: {c.warning}; font-weight: bold; }}
QPushButton, QToolButton {{
    min-height: {MIN_TARGET_PX - 4}px; min-width: {MIN_TARGET_PX - 4}px;
    padding: {pad_v + 2}px {pad_h + 2}px; margin: 0px;
    color: {c.text}; background: {c.button};
    border: 1px solid {c.border}; border-radius: {radius}px;
}}
QPushButton:hover, QToolButton:hover {{ background: {c.button_hover}; }}
QPushButton:pressed, QToolButton:pressed, QToolButton:checked {{ background: {c.highlight};
    color: {c.highlighted_text}; }}
QPushButton:default {{ background: {c.highlight}; color: {c.highlighted_text}; }}
QPushButton:focus, QToolButton:focus {{ border: 3px solid {c.focus}; padding: {pad_v}px {pad_h}px;
    outline: none; background: {c.button_hover}; color: {c.text}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {c.disabled}; border-color: {c.disabled}; }}
QToolBar {{ spacing: {round(6 * s)}px; padding: {round(4 * s)}px; border: none; background: {c.window}; }}
{focusable} {{
    min-height: {MIN_TARGET_PX - 4}px;
    color: {c.text}; background: {c.base};
    border: 1px solid {c.border}; border-radius: 4px;
    selection-background-color: {c.highlight}; selection-color: {c.highlighted_text};
}}
QLineEdit, QComboBox, QSpinBox, QDateEdit, QTimeEdit, QDateTimeEdit {{ padding: 3px {round(6 * s) + 2}px; }}
QTextEdit, QPlainTextEdit, QListView, QTableView, QTreeView {{ padding: 2px; }}
{focused} {{ border: 3px solid {c.focus}; padding: 1px {round(6 * s)}px; }}
QTextEdit:focus, QPlainTextEdit:focus, QListView:focus, QTableView:focus, QTreeView:focus {{ padding: 0px; }}
QComboBox {{ padding-right: {round(30 * s) + 2}px; }}
QComboBox:focus {{ padding-right: {round(30 * s)}px; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: {round(26 * s)}px;
    border: none; border-left: 1px solid {c.border}; }}
QComboBox::down-arrow {{ image: url({arrow}); width: {round(12 * s)}px; height: {round(12 * s)}px; }}
QComboBox QAbstractItemView {{ min-height: 0px; border: 2px solid {c.border}; background: {c.base};
    selection-background-color: {c.highlight}; selection-color: {c.highlighted_text}; }}
QTableView {{ gridline-color: {c.border}; alternate-background-color: {c.alt_base}; }}
QTableView::item {{ padding: 0px {round(6 * s)}px; }}
QTableView::item:selected {{ background: {c.highlight}; color: {c.highlighted_text}; }}
QHeaderView::section {{ background: {c.button}; color: {c.text}; padding: {pad_v}px {round(8 * s)}px;
    border: none; border-right: 1px solid {c.border}; border-bottom: 2px solid {c.border}; font-weight: bold; }}
QCheckBox, QRadioButton {{ min-height: {MIN_TARGET_PX}px; spacing: {round(10 * s)}px; padding: 0px 4px;
    border: 3px solid transparent; border-radius: 4px; }}
QCheckBox:focus, QRadioButton:focus {{ border: 3px solid {c.focus}; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: {indicator}px; height: {indicator}px; }}
QTabWidget::pane {{ border: 2px solid {c.border}; top: -2px; }}
QTabBar::tab {{ min-height: {MIN_TARGET_PX}px; min-width: {MIN_TARGET_PX}px; padding: {pad_v}px {pad_h + 4}px;
    margin-right: 4px; background: {c.button}; color: {c.text};
    border: 2px solid {c.border}; border-bottom: none; border-top-left-radius: {radius}px;
    border-top-right-radius: {radius}px; }}
QTabBar::tab:selected {{ background: {c.base}; font-weight: bold; border-color: {c.focus};
    border-top: 5px solid {c.focus}; }}
QTabBar:focus {{ outline: none; }}
QTabBar::tab:focus {{ background: {c.button_hover}; text-decoration: underline; }}
QMenuBar {{ background: {c.window}; color: {c.text}; }}
QMenuBar::item {{ padding: {pad_v}px {round(12 * s)}px; background: transparent; }}
QMenuBar::item:selected {{ background: {c.highlight}; color: {c.highlighted_text}; }}
QMenu {{ background: {c.base}; color: {c.text}; border: 2px solid {c.border}; }}
QMenu::item {{ padding: {round(8 * s)}px {round(28 * s)}px {round(8 * s)}px {round(16 * s)}px; }}
QMenu::item:selected {{ background: {c.highlight}; color: {c.highlighted_text}; }}
QMenu::item:disabled {{ color: {c.disabled}; }}
QMenu::separator {{ height: 2px; background: {c.border}; margin: 4px 8px; }}
QStatusBar {{ background: {c.window}; color: {c.text}; }}
QStatusBar QLabel {{ padding: 2px 8px; }}
QScrollBar:vertical {{ width: {max(16, round(16 * s))}px; }}
QScrollBar:horizontal {{ height: {max(16, round(16 * s))}px; }}
QFrame[role="panel"] {{ background: {c.base}; border: 2px solid {c.border}; border-radius: {radius}px; }}
QSlider {{ min-height: {MIN_TARGET_PX}px; }}
QSlider:focus {{ border: 2px solid {c.focus}; border-radius: 4px; }}
"""


class ThemeManager(QObject):
    """Holds the current scale and theme and applies both to the application; ``changed`` fires after."""

    changed = Signal(int, str)

    def __init__(self, scale: int = 100, theme: str = "default", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scale = clamp_scale(scale)
        self._theme = theme if theme in THEMES else "default"

    @property
    def scale(self) -> int:
        return self._scale

    @property
    def theme(self) -> str:
        return self._theme

    def apply(self, app: QApplication | None = None) -> None:
        app = app or QApplication.instance()  # type: ignore[assignment]
        if app is None:
            return
        # Re-styling every widget takes a moment with a big plan open (a font change alone does not reach widgets
        # under a style sheet, so the sheet is set again): show that the app is busy.
        busy = bool(app.topLevelWidgets())
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            app.setFont(app_font(self._scale))
            app.setPalette(palette(self._theme))
            app.setStyleSheet(style_sheet(self._theme, self._scale))
        finally:
            if busy:
                QApplication.restoreOverrideCursor()
        self.changed.emit(self._scale, self._theme)

    def set_scale(self, scale: int) -> None:
        scale = clamp_scale(scale)
        if scale != self._scale:
            self._scale = scale
            self.apply()

    def set_theme(self, theme: str) -> None:
        theme = theme if theme in THEMES else "default"
        if theme != self._theme:
            self._theme = theme
            self.apply()

    def zoom_in(self) -> None:
        self.set_scale(min(SCALE_MAX, (self._scale // SCALE_STEP + 1) * SCALE_STEP))

    def zoom_out(self) -> None:
        self.set_scale(max(SCALE_MIN, ((self._scale - 1) // SCALE_STEP) * SCALE_STEP))

    def reset_zoom(self) -> None:
        self.set_scale(100)


def icon_px(scale: int) -> int:
    """Icon size that grows with the text (24 px at 100 %)."""
    return round(24 * clamp_scale(scale) / 100)


def row_height(font_height: int) -> int:
    """Table row height: room for the text plus air, never below a 44 px target."""
    return max(MIN_TARGET_PX, round(font_height * 1.9))


def screen_logical_dpi() -> float:
    screen = QGuiApplication.primaryScreen()
    return screen.logicalDotsPerInch() if screen else 96.0
