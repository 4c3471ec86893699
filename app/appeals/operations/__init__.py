"""The appeals area's operations, one module per kind of record."""
