"""Views of the appeals area."""
