"""Views of the directory area."""
