"""Where things live: the user's data folder, the default database, and bundled resources.

One place so the frozen build (PyInstaller sets ``sys._MEIPASS``) and a source checkout agree.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "Stegvis"


def source_root() -> Path:
    """The folder holding ``translations/`` and ``resources/`` (checkout root or frozen bundle)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def translations_dir() -> Path:
    return Path(os.environ.get("STEGVIS_TRANSLATIONS", source_root() / "translations"))


def resources_dir() -> Path:
    return source_root() / "resources"


def data_dir() -> Path:
    """Per-user data folder; ``STEGVIS_DATA_DIR`` overrides it (tests use a temporary one)."""
    override = os.environ.get("STEGVIS_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def log_dir() -> Path:
    override = os.environ.get("STEGVIS_DATA_DIR")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_dir() / "stegvis.db"
