"""What the revisions share, so each revision says only what it changes.

Revisions import this as ``migrations.helpers`` (alembic.ini puts the project root on
``sys.path``). 0001 is frozen and does not use it; every revision after it may. Everything here
goes through ``batch_alter_table`` so that SQLite, which cannot alter most of a table in place,
gets the copy-and-move that Alembic does for it, and PostgreSQL plain ALTER TABLE statements.
"""

from alembic import op


def add_columns(table, *columns):
    """Add `columns` (``sa.Column`` objects) to `table`."""
    with op.batch_alter_table(table) as batch:
        for column in columns:
            batch.add_column(column)


def drop_columns(table, *names):
    """Drop the columns called `names` from `table` (the downgrade of ``add_columns``)."""
    with op.batch_alter_table(table) as batch:
        for name in names:
            batch.drop_column(name)


def one_of(column, values):
    """The CHECK text holding `column` to `values`: ``kind IN ('a', 'b')``."""
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"
