"""The reference area's operations, one module per kind of record."""
