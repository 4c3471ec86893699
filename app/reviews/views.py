"""Views of the reviews area."""
