"""Views of the monitoring area."""
