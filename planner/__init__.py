"""Stegvis domain: model, storage, services and documents. Never imports Qt."""

__version__ = "0.1.0"
APP_NAME = "Stegvis"
APP_ID = "se.stegvis.Stegvis"
