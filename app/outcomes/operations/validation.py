"""Checking a district's outcome data before anything is stored (001 "Report SES data to the
Department"; DESIGN.md section 6).

The rules live here: the columns, the accepted words, the wording of every problem. The upload is
read as a stream (one row at a time, never the whole file) into a staging table, where
`app/outcomes/operations/staging.py` checks every row set-based in SQL; each finding comes back here
to be worded, with its line and column. Nothing here touches the database: the caller passes what it
needs in `UploadRules`.
"""

import codecs
import csv
import hashlib
import hmac
import io
from dataclasses import dataclass, field

from app.models.outcomes import ACHIEVEMENT, HOURS_COMPLETION, OUTCOME_STATUSES

COLUMNS = (
    "student_id",
    "school",
    "provider",
    "subject",
    "status",
    "start_month",
    "end_month",
    "hours_completion",
    "achievement",
)
MAX_KEPT_ERRORS = 1000  # every error is counted; this many are kept for the report
MAX_LENGTHS = {"student_id": 64, "school": 200}


def _words(codes, labels):
    """Accepted spellings -> code: each code, and the document's wording, case-insensitively."""
    words = {code: code for code in codes}
    words.update({label.lower(): code for label, code in labels.items()})
    words.update({code.replace("_", " "): code for code in codes})
    return words


# 001 "Report SES data to the Department": the answers as the Department's form words them.
STATUS_WORDS = _words(
    OUTCOME_STATUSES,
    {"Applied/Not Served": "applied_not_served", "Applied, not served": "applied_not_served"},
)
HOURS_WORDS = _words(
    HOURS_COMPLETION,
    {
        "Yes, student completed all contracted hours": "completed",
        "No, student did not attend regularly": "did_not_attend_regularly",
        "No, parent ended services": "parent_ended",
        "No, district ended services": "district_ended",
        "No, provider ended services": "provider_ended",
        "No, provider did not serve student": "provider_did_not_serve",
    },
)
ACHIEVEMENT_WORDS = _words(
    ACHIEVEMENT,
    {
        "Exceeded goals": "exceeded",
        "Met goals": "met",
        "Made progress but did not meet goals": "progress_not_met",
        "Made no progress towards goals": "no_progress",
    },
)


@dataclass(frozen=True)
class RowError:
    """One problem: the line (1 is the CSV header; JSON rows count from 1), column, reason."""

    line: int
    column: str
    message: str

    def as_dict(self):
        """The error as the JSON API reports it."""
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class UploadRules:
    """What a row is checked against: the program year, the pack's subjects, the providers."""

    program_year: int
    year_start_month: int  # the pack's program year starts in this month
    subjects: tuple
    providers: dict  # lower-case code -> organization id
    approved: frozenset  # ids approved to serve this district that year
    district_label: str
    student_key: bytes

    def month_range(self):
        """First and last month of the program year as month numbers (year * 12 + month - 1)."""
        first = self.program_year * 12 + self.year_start_month - 1
        return first, first + 11


@dataclass
class Checked:
    """The outcome of checking an upload: the errors (all counted, the first kept), the rows
    read, and whether the file could not be read at all (then nothing else is checked)."""

    errors: list = field(default_factory=list)
    error_count: int = 0
    lines: int = 0
    unreadable: bool = False

    def add_error(self, line, column, message):
        """Count an error; keep it for the report while under MAX_KEPT_ERRORS."""
        self.error_count += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(RowError(line, column, message))

    @property
    def ok(self):
        """True when there is nothing to report."""
        return self.error_count == 0


def csv_rows(stream, checked):
    """Yield (line, values in COLUMNS order) from a binary CSV stream, one row at a time (the
    file is never held whole); header, shape and encoding problems go to `checked`.

    An encoding error stops the reading and, as the whole file is then unreadable, replaces
    every other error (the caller discards what it staged)."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        yield from _csv_records(reader, checked)
    except UnicodeDecodeError:
        checked.errors.clear()
        checked.error_count = 0
        checked.unreadable = True
        checked.add_error(*_encoding_error(stream))
    except csv.Error as error:
        checked.add_error(reader.line_num, "(file)", f"The file cannot be read as CSV: {error}.")
    finally:
        text.detach()  # leave the caller's stream open


def _csv_records(reader, checked):
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        checked.add_error(
            1,
            "(header)",
            f"The file is empty: the first line must name the columns {', '.join(COLUMNS)}.",
        )
        return
    names = [h.strip().lower() for h in header]
    if not _header_ok(names, checked):
        return
    width = len(names)
    order = [names.index(c) for c in COLUMNS]
    for values in reader:
        if not values or (len(values) == 1 and not values[0].strip()):
            continue  # blank line
        if len(values) != width:
            checked.add_error(
                reader.line_num,
                "(row)",
                f"The row has {len(values)} values; the header names {width} columns.",
            )
            continue
        row = [values[i].strip() for i in order]
        if any("\x00" in value for value in row):
            row = _without_nul(reader.line_num, row, checked)
        yield reader.line_num, row


def _without_nul(line, row, checked):
    """`row` with each NUL character replaced, and an error for each column that held one:
    no database stores NUL in text (PostgreSQL refuses it), so the file cannot be imported."""
    for column, value in zip(COLUMNS, row, strict=True):
        if "\x00" in value:
            checked.add_error(line, column, "The value holds a NUL character (byte 0).")
    return [value.replace("\x00", "\ufffd") for value in row]


def _encoding_error(stream, chunk_size=1 << 20):
    """(line, column, message) for the first byte that is not UTF-8: the stream is read again
    from the start with an incremental decoder, so the position is exact in any file size."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    newlines = 0
    while True:
        chunk = stream.read(chunk_size)
        pending = decoder.getstate()[0]
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            data = pending + chunk
            line = newlines + data[: error.start].count(b"\n") + 1
            return (
                line,
                "(file)",
                "The file is not UTF-8 text (byte "
                f'0x{data[error.start]:02x} on line {line}). Save it as "CSV UTF-8" '
                "and upload it again.",
            )
        if not chunk:
            return 1, "(file)", "The file is not UTF-8 text."
        newlines += chunk.count(b"\n")


def _header_ok(names, checked):
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n for n in names if n not in COLUMNS]
    repeated = sorted({n for n in names if names.count(n) > 1})
    for problem, items in (
        ("missing column", missing),
        ("unknown column", unknown),
        ("repeated column", repeated),
    ):
        if items:
            checked.add_error(
                1,
                "(header)",
                f"{problem}{'s' if len(items) > 1 else ''}: "
                f"{', '.join(items) or '(blank)'}. The columns are: "
                f"{', '.join(COLUMNS)}.",
            )
    return not (missing or unknown or repeated)


def json_rows(items, checked):
    """Yield (n, values in COLUMNS order) from a JSON array of objects (n counts from 1)."""
    if not isinstance(items, list):
        checked.add_error(
            0, "(body)", 'The body must be a JSON array of rows, or an object with a "rows" array.'
        )
        return
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            checked.add_error(number, "(row)", "Each row must be a JSON object.")
            continue
        row, bad = {}, False
        for key, value in item.items():
            name = str(key).strip().lower()
            if name not in COLUMNS:
                checked.add_error(
                    number, str(key), f"Unknown field; the fields are: {', '.join(COLUMNS)}."
                )
                bad = True
            elif value is None:
                row[name] = ""
            elif isinstance(value, (str, int)) and not isinstance(value, bool):
                row[name] = str(value)
            else:
                checked.add_error(number, name, "Must be text.")
                bad = True
        if not bad:
            yield number, [row.get(c, "").strip() for c in COLUMNS]


# What the set-based checks (app/outcomes/operations/staging.py) look at, in the order a row's
# problems are reported: (finding, column it is reported on). Each finding's SQL gives a kind
# (below).
FINDINGS = (
    ("student_id", "student_id"),
    ("school", "school"),
    ("provider", "provider"),
    ("subject", "subject"),
    ("status", "status"),
    ("start_month", "start_month"),
    ("end_month", "end_month"),
    ("end_before_start", "end_month"),
    ("hours_completion", "hours_completion"),
    ("served_not_served", "hours_completion"),
    ("achievement", "achievement"),
)
REQUIRED_MESSAGES = {
    "provider": "Required (the provider's code on the state list).",
    "start_month": "Required for a served student (YYYY-MM).",
    "end_month": "Required for a served student (YYYY-MM).",
}


def finding_message(finding, kind, row, rules):
    """The report's wording for one finding of the set-based checks on `row` (a mapping of
    the row's stripped values by column)."""
    column = dict(FINDINGS)[finding]
    value = row[column]
    if kind == "required":
        return REQUIRED_MESSAGES.get(column, "Required.")
    if kind == "too_long":
        return f"At most {MAX_LENGTHS[column]} characters ({len(value)} given)."
    if kind == "unknown_provider":
        return f"{value[:40]!r} is not the code of a known provider."
    if kind == "not_approved":
        return (
            f"{value} was not approved to serve {rules.district_label} in program year "
            f"{rules.program_year}-{(rules.program_year + 1) % 100:02d}."
        )
    if kind == "not_one_of":
        allowed = sorted(set(choice_words(column, rules).values()))
        return f"{value[:60]!r} is not one of: {', '.join(allowed)}."
    if kind == "not_a_month":
        return f"{value[:20]!r} is not a month like 2009-10 (YYYY-MM)."
    if kind == "outside_year":
        first, last = rules.month_range()
        return f"{value} is outside the program year ({month_text(first)} to {month_text(last)})."
    if kind == "end_before_start":
        return f"{row['end_month']} is before the start month {row['start_month']}."
    if kind == "served_not_served":
        return "A student with status served cannot have 'No, provider did not serve student'."
    raise ValueError(f"unknown finding kind {kind!r}")


def choice_words(column, rules):
    """Accepted spellings (lower case) -> code for a column answered from a list."""
    if column == "subject":
        return {s: s for s in rules.subjects}
    return {
        "status": STATUS_WORDS,
        "hours_completion": HOURS_WORDS,
        "achievement": ACHIEVEMENT_WORDS,
    }[column]


def duplicate_message(first_line):
    """A row repeating an earlier row's student, provider and subject."""
    return f"Repeats line {first_line}: the same student, provider and subject appear twice."


NO_ROWS_MESSAGE = (
    "The file has no student rows. Report every student who applied for or received services (001)."
)


def student_hash(key, student_id):
    """The keyed hash stored instead of a student id (HMAC-SHA256, hex)."""
    return hmac.new(key, student_id.encode(), hashlib.sha256).hexdigest()


def month_text(number):
    """A month number (year * 12 + month - 1) as the file writes it, YYYY-MM."""
    return f"{number // 12:04d}-{number % 12 + 1:02d}"
