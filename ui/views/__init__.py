"""Windows, tabs and dialogs. They call planner.services and never hold business rules."""
