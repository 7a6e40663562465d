"""Settings: text size, colours and language. Text size and colours change the whole window at once (a live
preview); Cancel puts back what was there before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import _
from ui.settings import SCALE_MAX, SCALE_MIN, AppSettings
from ui.theme import MIN_TARGET_PX, SCALE_STEP, ThemeManager
from ui.views.sizing import FittedDialog
from ui.widgets.form import VScrollArea

LANGUAGE_NAMES = (("", None), ("sv", "Svenska"), ("en", "English"))  # names in their own language


def _label(text: str, parent: QWidget, role: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


class SettingsDialog(FittedDialog):
    fit_chars = 48

    def __init__(self, theme: ThemeManager, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.settings = settings
        self._before = (theme.scale, theme.theme)
        self.setWindowTitle(_("Settings"))
        self.setObjectName("settingsDialog")
        outer = QVBoxLayout(self)
        outer.addWidget(_label(_("Settings"), self, "heading"))
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)

        column.addWidget(_label(_("Text size"), content, "subheading"))
        size_label = _label(_("&Text size"), content)
        self.scale = QComboBox(content)
        self.scale.setObjectName("fontScale")
        for percent in range(SCALE_MIN, SCALE_MAX + 1, SCALE_STEP):
            self.scale.addItem(f"{percent} %", percent)
        self.scale.setCurrentIndex(max(0, self.scale.findData(theme.scale)))
        self.scale.setMinimumHeight(MIN_TARGET_PX)
        self.scale.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scale.setAccessibleName(_("Text size"))
        self.scale.setAccessibleDescription(_("From 100 to 250 percent. The window changes at once."))
        size_label.setBuddy(self.scale)
        column.addWidget(size_label)
        column.addWidget(self.scale, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(_label(_("Tip: hold Ctrl and press + or − anywhere in Stegvis."), content, "hint"))
        self.scale.currentIndexChanged.connect(lambda _i: self.theme.set_scale(int(self.scale.currentData())))

        column.addWidget(_label(_("Colours"), content, "subheading"))
        self.normal = QRadioButton(_("&Normal colours"), content)
        self.normal.setAccessibleName(_("Normal colours"))
        self.contrast = QRadioButton(_("&High contrast: white text on black"), content)
        self.contrast.setAccessibleName(_("High contrast: white text on black"))
        group = QButtonGroup(self)
        group.addButton(self.normal)
        group.addButton(self.contrast)
        (self.contrast if theme.theme == "high_contrast" else self.normal).setChecked(True)
        self.contrast.toggled.connect(lambda on: self.theme.set_theme("high_contrast" if on else "default"))
        column.addWidget(self.normal)
        column.addWidget(self.contrast)

        column.addWidget(_label(_("Language"), content, "subheading"))
        lang_label = _label(_("&Language of the window"), content)
        self.language = QComboBox(content)
        self.language.setObjectName("language")
        self.language.setMinimumHeight(MIN_TARGET_PX)
        self.language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name or _("The same as the computer"), code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.setAccessibleName(_("Language of the window"))
        lang_label.setBuddy(self.language)
        column.addWidget(lang_label)
        column.addWidget(self.language, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(_label(_("A new language is used the next time you start Stegvis."), content, "hint"))
        column.addStretch(1)
        self.fit_scroller = VScrollArea(content, self)
        outer.addWidget(self.fit_scroller, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.ok_button = QPushButton(_("&Save"), self)
        self.ok_button.setAccessibleName(_("Save"))
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        for b in (self.cancel_button, self.ok_button):
            b.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
            buttons.addWidget(b)
        outer.addLayout(buttons)
        self.scale.setFocus()

    def accept(self) -> None:
        self.settings.font_scale = self.theme.scale
        self.settings.theme = self.theme.theme
        self.settings.language = self.language.currentData() or ""
        self.settings.sync()
        super().accept()

    def reject(self) -> None:
        scale, theme = self._before
        self.theme.set_scale(scale)
        self.theme.set_theme(theme)
        super().reject()
