"""Settings: text size, colours and language. Text size and colours change the whole window at once (a live
preview); Cancel puts back what was there before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import _
from ui.settings import SCALE_MAX, SCALE_MIN, AppSettings
from ui.theme import MIN_TARGET_PX, SCALE_STEP, ThemeManager

LANGUAGE_NAMES = (("", None), ("sv", "Svenska"), ("en", "English"))  # names in their own language


def _label(text: str, parent: QWidget, role: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


class SettingsDialog(QDialog):
    def __init__(self, theme: ThemeManager, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.settings = settings
        self._before = (theme.scale, theme.theme)
        self.setWindowTitle(_("Settings"))
        self.setObjectName("settingsDialog")
        column = QVBoxLayout(self)
        column.setSpacing(10)
        column.addWidget(_label(_("Settings"), self, "heading"))

        column.addWidget(_label(_("Text size"), self, "subheading"))
        size_label = _label(_("&Text size in percent"), self)
        self.scale = QSpinBox(self)
        self.scale.setObjectName("fontScale")
        self.scale.setRange(SCALE_MIN, SCALE_MAX)
        self.scale.setSingleStep(SCALE_STEP)
        self.scale.setSuffix(" %")
        self.scale.setValue(theme.scale)
        self.scale.setMinimumHeight(MIN_TARGET_PX)
        self.scale.setAccessibleName(_("Text size in percent"))
        self.scale.setAccessibleDescription(_("From 100 to 250. The window changes at once."))
        size_label.setBuddy(self.scale)
        column.addWidget(size_label)
        column.addWidget(self.scale)
        column.addWidget(_label(_("Tip: hold Ctrl and press + or − anywhere in Stegvis."), self, "hint"))
        self.scale.valueChanged.connect(self.theme.set_scale)

        column.addWidget(_label(_("Colours"), self, "subheading"))
        self.normal = QRadioButton(_("&Normal colours"), self)
        self.normal.setAccessibleName(_("Normal colours"))
        self.contrast = QRadioButton(_("&High contrast: white text on black"), self)
        self.contrast.setAccessibleName(_("High contrast: white text on black"))
        group = QButtonGroup(self)
        group.addButton(self.normal)
        group.addButton(self.contrast)
        (self.contrast if theme.theme == "high_contrast" else self.normal).setChecked(True)
        self.contrast.toggled.connect(
            lambda on: self.theme.set_theme("high_contrast" if on else "default"))
        column.addWidget(self.normal)
        column.addWidget(self.contrast)

        column.addWidget(_label(_("Language"), self, "subheading"))
        lang_label = _label(_("&Language of the window"), self)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.setMinimumHeight(MIN_TARGET_PX)
        self.language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name or _("The same as the computer"), code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.setAccessibleName(_("Language of the window"))
        lang_label.setBuddy(self.language)
        column.addWidget(lang_label)
        column.addWidget(self.language)
        column.addWidget(_label(_("A new language is used the next time you start Stegvis."), self, "hint"))
        column.addStretch(1)

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
        column.addLayout(buttons)
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
