"""Cell checks shared by the reference-data and provider-list imports: each returns the value
to store, or records a problem on the table and returns None."""

import re

from email_validator import EmailNotValidError, validate_email

from workflows.policy import available_policies, load_policy

YEAR_RE = re.compile(r"^(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?$")


def states():
    """The states the installed policy packs cover, e.g. ('MA', 'NC', 'SD')."""
    return tuple(sorted({load_policy(code).state for code in available_policies()}))


def text(table, line, row, column, *, required=False, max_length=200):
    """The stripped cell, '' when blank and allowed."""
    value = row[column].strip()
    if not value:
        if required:
            table.error(line, column, "This cell is required.")
        return value
    if len(value) > max_length:
        table.error(line, column, f"At most {max_length} characters ({len(value)} given).")
        return None
    return value


def program_year(table, line, row, column):
    """'2008-09', '2008-2009' or '2008' -> 2008 (the calendar year the program year starts in)."""
    value = row[column].strip()
    match = YEAR_RE.match(value)
    if not match:
        table.error(line, column, f"“{value}” is not a program year such as 2008-09.")
        return None
    start, end = int(match.group(1)), match.group(2)
    if end is not None and int(end) != (start + 1) % (100 if len(end) == 2 else 10_000):
        table.error(
            line,
            column,
            f"“{value}” is not a program year: the years must follow each other, as in 2008-09.",
        )
        return None
    return start


def choice(table, line, row, column, words):
    """The code of the cell's wording (case-insensitive), or None with a problem."""
    value = row[column].strip()
    code = words.get(value.lower())
    if code is None:
        accepted = ", ".join(sorted({w for w in words if "_" not in w}))
        table.error(line, column, f"“{value}” is not one of: {accepted}.")
    return code


def email(table, line, row, column):
    """A normalized e-mail address, '' when blank."""
    value = row[column].strip()
    if not value:
        return ""
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        table.error(line, column, f"“{value}” is not an e-mail address ({error}).")
        return None
