"""Qt item models, one per list. They hold rows from :mod:`planner.services` and never query anything."""
