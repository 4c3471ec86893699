"""Reading a coordinator's spreadsheet (CSV or XLSX) into lines of named cells, with every
problem of the file itself reported by line and column, for imports that are validated whole
and stored all or nothing (reference data, the existing provider list).

Line numbers are the spreadsheet's: line 1 is the header. Header names are compared without
case, spaces or underscores ("District code" = "district_code"). Blank lines are skipped.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

MAX_LINES = 20_000  # a state's whole list fits many times over; a runaway file is refused
MAX_KEPT_ERRORS = 1000


@dataclass(frozen=True)
class LineError:
    """One problem: the line (1 is the header), the column, the reason."""

    line: int
    column: str
    message: str


@dataclass
class Table:
    """The lines read (line number, {column: text}) and the problems found so far."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    error_count: int = 0

    def error(self, line, column, message):
        """Record a problem (the first MAX_KEPT_ERRORS are kept; the count stays exact)."""
        self.error_count += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(LineError(line, column, message))

    def sorted_errors(self):
        """The problems kept for the report, in line order."""
        return sorted(self.errors, key=lambda e: e.line)


def _key(name):
    return "".join(ch for ch in str(name or "").lower() if ch.isalnum())


def _text(value):
    """A cell as text: numbers without a spurious '.0', dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _csv_lines(data, table):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        table.error(
            line,
            "(file)",
            'The file is not UTF-8 text: save it as "CSV UTF-8" or as '
            "an Excel workbook (.xlsx) and import it again.",
        )
        return []
    try:
        return [[_text(c) for c in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        table.error(1, "(file)", f"The file is not readable CSV: {error}.")
        return []


def _xlsx_lines(data, table):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        table.error(1, "(file)", "The file is not a readable Excel workbook (.xlsx).")
        return []
    try:
        sheet = workbook.worksheets[0]
        lines = []
        for row in sheet.iter_rows(values_only=True):
            lines.append([_text(c) for c in row])
            if len(lines) > MAX_LINES + 1:
                break
        return lines
    finally:
        workbook.close()


def read_table(filename, data, columns, required):
    """A Table of `data` (XLSX when `filename` ends in .xlsx, else CSV) whose header must name
    every column in `required` and only columns in `columns`."""
    table = Table()
    is_xlsx = (filename or "").lower().endswith(".xlsx")
    lines = _xlsx_lines(data, table) if is_xlsx else _csv_lines(data, table)
    if table.error_count:
        return table
    if not lines or not any(lines[0]):
        table.error(
            1,
            "(header)",
            f"The file is empty: its first line must name the columns {', '.join(columns)}.",
        )
        return table
    known = {_key(c): c for c in columns}
    header = [known.get(_key(h)) for h in lines[0]]
    for name, column in zip(lines[0], header, strict=True):
        if column is None and name:
            table.error(1, name, f"Unknown column. The columns are: {', '.join(columns)}.")
    for column in required:
        if column not in header:
            table.error(1, column, "This column is missing from the header.")
    if len(lines) > MAX_LINES + 1:
        table.error(MAX_LINES + 2, "(file)", f"The file has more than {MAX_LINES} lines.")
    if table.error_count:
        return table
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cells):
            continue
        row = {c: "" for c in columns}  # a short row leaves its last cells blank
        row.update(
            {col: value for col, value in zip(header, cells, strict=False) if col is not None}
        )
        table.rows.append((number, row))
    return table
