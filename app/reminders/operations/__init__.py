"""The reminders area's operations, one module per kind of record."""
