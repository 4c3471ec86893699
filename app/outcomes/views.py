"""Views of the outcomes area."""
