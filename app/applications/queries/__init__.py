"""The applications area's queries, one module per kind of record."""
