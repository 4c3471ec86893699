"""Dates as the state's letters write them: 'July 17, 2009'.

One spelling for pages (the `date` template filter), refusals, e-mail subjects and audit
reasons, so a date reads the same wherever the provider meets it. (Parent-facing pages in
Spanish use the locale's form instead: `app.i18n.local_date`.)
"""

from datetime import datetime


def long_date(value):
    """'July 17, 2009' for a date (or the day of a datetime); '' for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return f"{value:%B} {value.day}, {value.year}"
