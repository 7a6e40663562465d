"""Stegvis desktop UI (Qt). Talks to :mod:`planner.services` only."""
