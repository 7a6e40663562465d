"""Reusable widgets: labelled form rows, the pictogram picker, date pickers."""
