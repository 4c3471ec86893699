"""Checking a district's outcome data before anything is stored (001 "Report SES data to the
Department"; DESIGN.md section 6).

The whole upload is read and checked in one pass; every problem is reported with its line and
column, and the rows come back ready for a bulk insert (student ids already replaced by their
keyed hash). Nothing here touches the database: the caller passes what it needs in `UploadRules`.
"""

import csv
import hashlib
import hmac
import io
import re
from dataclasses import dataclass, field

from app.models.outcomes import ACHIEVEMENT, HOURS_COMPLETED, HOURS_COMPLETION, OUTCOME_STATUSES

COLUMNS = ("student_id", "school", "provider", "subject", "status", "start_month", "end_month",
           "hours_completion", "achievement")
MAX_KEPT_ERRORS = 1000  # every error is counted; this many are kept for the report
MAX_LENGTHS = {"student_id": 64, "school": 200}
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def _words(codes, labels):
    """Accepted spellings -> code: each code, and the document's wording, case-insensitively."""
    words = {code: code for code in codes}
    words.update({label.lower(): code for label, code in labels.items()})
    words.update({code.replace("_", " "): code for code in codes})
    return words


# 001 "Report SES data to the Department": the answers as the Department's form words them.
STATUS_WORDS = _words(OUTCOME_STATUSES, {"Applied/Not Served": "applied_not_served",
                                         "Applied, not served": "applied_not_served"})
HOURS_WORDS = _words(HOURS_COMPLETION, {
    "Yes, student completed all contracted hours": "completed",
    "No, student did not attend regularly": "did_not_attend_regularly",
    "No, parent ended services": "parent_ended",
    "No, district ended services": "district_ended",
    "No, provider ended services": "provider_ended",
    "No, provider did not serve student": "provider_did_not_serve",
})
ACHIEVEMENT_WORDS = _words(ACHIEVEMENT, {
    "Exceeded goals": "exceeded",
    "Met goals": "met",
    "Made progress but did not meet goals": "progress_not_met",
    "Made no progress towards goals": "no_progress",
})


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
    year_start_month: int                  # the pack's program year starts in this month
    subjects: tuple
    providers: dict                        # lower-case code -> organization id
    approved: frozenset                    # ids approved to serve this district that year
    district_label: str
    student_key: bytes

    def month_range(self):
        """First and last month of the program year as month numbers (year * 12 + month - 1)."""
        first = self.program_year * 12 + self.year_start_month - 1
        return first, first + 11


@dataclass
class Checked:
    """The outcome of checking an upload: rows ready to insert, or errors (all counted)."""

    records: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    error_count: int = 0
    lines: int = 0

    def add_error(self, line, column, message):
        """Count an error; keep it for the report while under MAX_KEPT_ERRORS."""
        self.error_count += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(RowError(line, column, message))

    @property
    def ok(self):
        """True when there is nothing to report."""
        return self.error_count == 0


def csv_rows(data, checked):
    """Yield (line, {column: value}) from CSV bytes; header and encoding problems go to
    `checked` (and stop the reading)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        checked.add_error(line, "(file)", "The file is not UTF-8 text (byte "
                          f"0x{data[error.start]:02x} on line {line}). Save it as \"CSV UTF-8\" "
                          "and upload it again.")
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            checked.add_error(1, "(header)", "The file is empty: the first line must name the "
                              f"columns {', '.join(COLUMNS)}.")
            return
        names = [h.strip().lower() for h in header]
        if not _header_ok(names, checked):
            return
        width = len(names)
        for values in reader:
            if not values or (len(values) == 1 and not values[0].strip()):
                continue  # blank line
            if len(values) != width:
                checked.add_error(reader.line_num, "(row)", f"The row has {len(values)} values; "
                                  f"the header names {width} columns.")
                continue
            yield reader.line_num, dict(zip(names, values))
    except csv.Error as error:
        checked.add_error(reader.line_num, "(file)", f"The file cannot be read as CSV: {error}.")


def _header_ok(names, checked):
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n for n in names if n not in COLUMNS]
    repeated = sorted({n for n in names if names.count(n) > 1})
    for problem, items in (("missing column", missing), ("unknown column", unknown),
                           ("repeated column", repeated)):
        if items:
            checked.add_error(1, "(header)", f"{problem}{'s' if len(items) > 1 else ''}: "
                              f"{', '.join(items) or '(blank)'}. The columns are: "
                              f"{', '.join(COLUMNS)}.")
    return not (missing or unknown or repeated)


def json_rows(items, checked):
    """Yield (n, {column: value}) from a JSON array of objects (n counts from 1)."""
    if not isinstance(items, list):
        checked.add_error(0, "(body)", "The body must be a JSON array of rows, or an object "
                          "with a \"rows\" array.")
        return
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            checked.add_error(number, "(row)", "Each row must be a JSON object.")
            continue
        row, bad = {}, False
        for key, value in item.items():
            name = str(key).strip().lower()
            if name not in COLUMNS:
                checked.add_error(number, str(key), "Unknown field; the fields are: "
                                  f"{', '.join(COLUMNS)}.")
                bad = True
            elif value is None:
                row[name] = ""
            elif isinstance(value, (str, int)) and not isinstance(value, bool):
                row[name] = str(value)
            else:
                checked.add_error(number, name, "Must be text.")
                bad = True
        if not bad:
            yield number, {c: row.get(c, "") for c in COLUMNS}


def check_rows(rows, rules, checked, progress=None):
    """Check every row of `rows` against `rules`; good rows go to `checked.records`.

    `progress`, when given, is called as progress("checked", rows so far) every 10,000 rows."""
    seen = {}
    first, last = rules.month_range()
    mac = hmac.new(rules.student_key, digestmod=hashlib.sha256)
    for line, row in rows:
        checked.lines += 1
        if progress is not None and checked.lines % 10_000 == 0:
            progress("checked", checked.lines)
        record = _check_row(line, row, rules, checked, first, last)
        if record is None:
            continue
        key = (row["student_id"].strip(), record["organization_id"], record["subject"])
        if key in seen:
            checked.add_error(line, "student_id", f"Repeats line {seen[key]}: the same student, "
                              "provider and subject appear twice.")
            continue
        seen[key] = line
        if checked.ok:
            digest = mac.copy()
            digest.update(key[0].encode())
            record["student_hash"] = digest.hexdigest()
            checked.records.append(record)
    if checked.ok and not checked.records:
        checked.add_error(1, "(file)", "The file has no student rows. Report every student who "
                          "applied for or received services (001).")
    if not checked.ok:
        checked.records.clear()
    return checked


def _required(line, row, name, checked):
    value = row[name].strip()
    if not value:
        checked.add_error(line, name, "Required.")
        return None
    limit = MAX_LENGTHS.get(name)
    if limit and len(value) > limit:
        checked.add_error(line, name, f"At most {limit} characters ({len(value)} given).")
        return None
    return value


def _choice(line, row, name, words, checked, required=True):
    value = row[name].strip()
    if not value:
        if required:
            checked.add_error(line, name, "Required.")
        return None
    code = words.get(value.lower())
    if code is None:
        allowed = sorted(set(words.values()))
        checked.add_error(line, name, f"{value[:60]!r} is not one of: {', '.join(allowed)}.")
    return code


def _month(line, row, name, required, first, last, checked):
    value = row[name].strip()
    if not value:
        if required:
            checked.add_error(line, name, "Required for a served student (YYYY-MM).")
        return None, None
    match = MONTH_RE.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        checked.add_error(line, name, f"{value[:20]!r} is not a month like 2009-10 (YYYY-MM).")
        return None, None
    number = int(match.group(1)) * 12 + int(match.group(2)) - 1
    if not first <= number <= last:
        checked.add_error(line, name, f"{value} is outside the program year "
                          f"({_month_text(first)} to {_month_text(last)}).")
        return None, None
    return value, number


def _month_text(number):
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def _check_row(line, row, rules, checked, first, last):
    """Check one row; return its record (without hash) or None after adding its errors."""
    before = checked.error_count
    _required(line, row, "student_id", checked)
    school = _required(line, row, "school", checked)
    organization_id = _provider(line, row, rules, checked)
    subject = _choice(line, row, "subject", {s: s for s in rules.subjects}, checked)
    status = _choice(line, row, "status", STATUS_WORDS, checked)
    served = status == "served"
    start, start_n = _month(line, row, "start_month", served, first, last, checked)
    end, end_n = _month(line, row, "end_month", served, first, last, checked)
    if start_n is not None and end_n is not None and end_n < start_n:
        checked.add_error(line, "end_month", f"{end} is before the start month {start}.")
    hours = _choice(line, row, "hours_completion", HOURS_WORDS, checked)
    if served and hours == "provider_did_not_serve":
        checked.add_error(line, "hours_completion", "A student with status served cannot have "
                          "'No, provider did not serve student'.")
    achievement = _choice(line, row, "achievement", ACHIEVEMENT_WORDS, checked,
                          required=served and hours in HOURS_COMPLETED)
    if checked.error_count != before:
        return None
    return {"organization_id": organization_id, "school": school, "subject": subject,
            "status": status, "start_month": start, "end_month": end,
            "hours_completion": hours, "achievement": achievement}


def _provider(line, row, rules, checked):
    code = row["provider"].strip()
    if not code:
        checked.add_error(line, "provider", "Required (the provider's code on the state list).")
        return None
    organization_id = rules.providers.get(code.lower())
    if organization_id is None:
        checked.add_error(line, "provider", f"{code[:40]!r} is not the code of a known provider.")
        return None
    if organization_id not in rules.approved:
        checked.add_error(line, "provider", f"{code} was not approved to serve "
                          f"{rules.district_label} in program year {rules.program_year}-"
                          f"{(rules.program_year + 1) % 100:02d}.")
        return None
    return organization_id
