"""The set-based outcome import (DESIGN.md section 6; issue 9): rows are streamed into a
temporary staging table, checked there with a few SQL statements whatever the volume, and moved
into outcome_records with one INSERT ... SELECT in the caller's transaction.

Loading: a CSV file on PostgreSQL goes to COPY as it is (`raw_csv.copy_csv`), unless the Python
reader might read it differently; rows the Python reader yields go through COPY ... FROM STDIN
on the session's own connection (psycopg 3) on PostgreSQL, batched executemany on SQLite.
Student ids are stored as HMAC-SHA256 under STUDENT_ID_KEY (`validation.student_hash`):
SQLite's are hashed while streaming, PostgreSQL's in the final INSERT ... SELECT from the same
formula (`_student_hash_sql`, tested against the Python one), so the value stored is the one
every earlier import stored. The provider and the coded answers are looked up while streaming
the Python reader's rows (dictionary lookups), in SQL by `raw_csv`. Checking is one aggregate
for a clean file (no rule fails, no repeated student, provider and subject); only a file with
problems has its findings written to a second temporary table, to be read back in line order
and worded. The rules and the wording of each problem live in `validation.py`; this module only
finds, per row and column, which rule failed (a "finding kind").
"""

import hashlib
from contextlib import contextmanager

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    cast,
    func,
    insert,
    literal,
    select,
)

from app.models.outcomes import HOURS_COMPLETED, OutcomeRecord
from app.outcomes.operations.validation import (
    COLUMNS,
    FINDINGS,
    MAX_KEPT_ERRORS,
    MAX_LENGTHS,
    NO_ROWS_MESSAGE,
    RowError,
    choice_words,
    duplicate_message,
    finding_message,
    month_text,
    student_hash,
)

BATCH_SIZE = 10_000
PROGRESS_EVERY = 10_000
_metadata = MetaData()  # not the application's: these tables never reach a migration
CODED = ("subject", "status", "hours_completion", "achievement")
STAGING = Table(
    "outcome_staging",
    _metadata,
    Column("line", Integer, nullable=False),
    *(Column(name, Text, nullable=False) for name in COLUMNS),
    # Looked up while streaming (dictionary lookups cost less than joins on lower(text)):
    Column("student_hash", String(64)),
    Column("organization_id", Integer),  # NULL: not a known provider's code
    Column("approved", Boolean),
    *(Column(f"{name}_code", String(40)) for name in CODED),  # NULL: not a listed word
    prefixes=["TEMPORARY"],
)
CHECKED = Table(
    "outcome_checked",
    _metadata,
    Column("line", Integer, nullable=False),
    Column("organization_id", Integer),
    Column("student_hash", String(64)),
    Column("school", Text),
    *(Column(f"{name}_code", String(40)) for name in CODED),
    Column("start_month", Text),
    Column("end_month", Text),
    *(Column(f"finding_{name}", String(20)) for name, _ in FINDINGS),
    Column("problems", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)
_SHA256_BLOCK = 64  # bytes: HMAC pads the key to the hash's block size
_CODED_AT = tuple(COLUMNS.index(name) for name in CODED)
STORED = (
    "organization_id",
    "student_hash",
    "school",
    "subject",
    "status",
    "start_month",
    "end_month",
    "hours_completion",
    "achievement",
)


@contextmanager
def staging_tables(connection, rules):
    """Create the staging tables on `connection` (temporary: this connection only), yield a
    Staging, and drop them again. On an error the transaction is rolled back by the caller,
    which drops them too."""
    _metadata.drop_all(connection, checkfirst=True)
    _metadata.create_all(connection)
    if connection.dialect.name == "postgresql":
        # The final sort by line and the repeat check stay in memory (this transaction only).
        connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
    yield Staging(connection, rules)
    _metadata.drop_all(connection)


class Staging:
    """One import's staging tables: load the rows, check them, move them."""

    def __init__(self, connection, rules):
        self.connection = connection
        self.rules = rules
        self.postgresql = connection.dialect.name == "postgresql"
        self._words = [choice_words(column, rules) for column in CODED]

    def load(self, rows, checked, progress=None):
        """Stream (line, values in COLUMNS order) into the staging table with their lookups
        (`_looked_up`); count them."""
        prepared = (self._looked_up(line, values) for line, values in rows)
        if self.postgresql:
            self._copy(prepared, checked, progress)
            return
        names = [column.name for column in STAGING.c]
        batch = []
        for row in prepared:
            batch.append(dict(zip(names, row, strict=True)))
            if len(batch) == BATCH_SIZE:
                self._insert(batch, checked, progress)
        self._insert(batch, checked, progress)

    def _looked_up(self, line, values):
        """One staged row: the line, the values, the student's hash (SQLite; PostgreSQL hashes
        in SQL, `_student_hash_sql`), the provider (id and whether approved for this district
        and year) and each coded answer (None if none)."""
        key, words = self.rules.student_key, self._words
        organization_id = self.rules.providers.get(values[2].lower())
        return (
            line,
            *values,
            None if self.postgresql or not values[0] else student_hash(key, values[0]),
            organization_id,
            None if organization_id is None else organization_id in self.rules.approved,
            *(words[n].get(values[i].lower()) for n, i in enumerate(_CODED_AT)),
        )

    def _insert(self, batch, checked, progress):
        if batch:
            self.connection.execute(insert(STAGING), batch)
            checked.lines += len(batch)
            batch.clear()
            if progress is not None:
                progress("read", checked.lines)

    def _copy(self, rows, checked, progress):
        cursor = self.connection.connection.driver_connection.cursor()
        names = ", ".join(column.name for column in STAGING.c)
        with cursor.copy(f"COPY outcome_staging ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                checked.lines += 1
                if progress is not None and checked.lines % PROGRESS_EVERY == 0:
                    progress("read", checked.lines)
        if progress is not None and checked.lines % PROGRESS_EVERY:
            progress("read", checked.lines)

    def check(self, checked):
        """Add every staged row's problems to `checked`, in line order with the problems met
        while reading (the first MAX_KEPT_ERRORS kept, all counted).

        One aggregate over the staged rows tells first whether any rule fails or any row
        repeats another (the usual case: none); only then are the findings written to
        outcome_checked, read back by line and worded."""
        if checked.lines and not self._any_problem():
            return
        self._classify()
        findings, finding_count = self._findings()
        repeats, repeat_count = self._repeats()
        merged = sorted(checked.errors + findings + repeats, key=lambda error: error.line)
        checked.errors = merged[:MAX_KEPT_ERRORS]
        checked.error_count += finding_count + repeat_count
        if checked.ok and checked.lines == 0:
            checked.add_error(1, "(file)", NO_ROWS_MESSAGE)

    def _any_problem(self):
        """True when a staged row has a finding, or two rows share student, provider and
        subject (among rows without findings every part of that key is set)."""
        found = self._found()
        groups = (
            select(func.sum(_problems(found)).label("problems"), func.count().label("rows"))
            .group_by(found.c.student_id, found.c.organization_id, found.c.subject_code)
            .subquery("by_key")
        )  # one hash aggregate: a repeated key, or a finding, anywhere in the file
        problems, repeats = self.connection.execute(
            select(func.coalesce(func.sum(groups.c.problems), 0), func.max(groups.c.rows) > 1)
        ).one()
        return bool(problems or repeats)

    def _found(self):
        """The staged rows with their provider, coded answers and each rule's finding, as a
        subquery. OFFSET 0 keeps each level a subquery, so each expression is computed once
        per row."""
        row = (
            select(
                STAGING,
                *_months("start_month", self.rules, self.postgresql),
                *_months("end_month", self.rules, self.postgresql),
            )
            .offset(0)
            .subquery("looked_up")
        )
        rules = _Rules(self.rules, row.c)
        hashed = (
            case(
                (
                    row.c.student_id != "",
                    _student_hash_sql(self.rules.student_key, row.c.student_id),
                )
            )
            if self.postgresql
            else row.c.student_hash
        )  # computed only where read (the planner drops a subquery's unused columns)
        return (
            select(
                row.c.line,
                row.c.student_id,
                row.c.organization_id,
                hashed.label("student_hash"),
                row.c.school,
                *(row.c[f"{column}_code"] for column in CODED),
                func.nullif(row.c.start_month, "").label("start_month"),
                func.nullif(row.c.end_month, "").label("end_month"),
                *(rules.finding(name).label(f"finding_{name}") for name, _ in FINDINGS),
            )
            .offset(0)
            .subquery("found")
        )

    def _classify(self):
        """The staged rows with their findings into outcome_checked, for the report."""
        found = self._found()
        kept = [c for c in found.c if c.name != "student_id"]  # outcome_checked keeps the hash
        self.connection.execute(
            insert(CHECKED).from_select(
                [*(c.name for c in kept), "problems"], select(*kept, _problems(found))
            )
        )

    def _findings(self):
        """The first rows with findings as RowErrors, and the number of findings."""
        rows = (
            self.connection.execute(
                select(STAGING, *(CHECKED.c[f"finding_{name}"] for name, _ in FINDINGS))
                .join(CHECKED, CHECKED.c.line == STAGING.c.line)
                .where(CHECKED.c.problems > 0)
                .order_by(STAGING.c.line)
                .limit(MAX_KEPT_ERRORS)
            )
            .mappings()
            .all()
        )
        errors = [
            RowError(
                row["line"], column, finding_message(name, row[f"finding_{name}"], row, self.rules)
            )
            for row in rows
            for name, column in FINDINGS
            if row[f"finding_{name}"] is not None
        ]
        if len(rows) < MAX_KEPT_ERRORS:
            return errors[:MAX_KEPT_ERRORS], len(errors)
        count = self.connection.scalar(select(func.sum(CHECKED.c.problems)))
        return errors[:MAX_KEPT_ERRORS], int(count or 0)

    def _repeats(self):
        """Rows without findings repeating an earlier such row's student, provider and subject
        (reported on the later rows, naming the first line), and how many there are. A
        GROUP BY tells first whether there is any (the usual case: none, and no sort)."""
        key = (CHECKED.c.student_hash, CHECKED.c.organization_id, CHECKED.c.subject_code)
        good = CHECKED.c.problems == 0
        if (
            self.connection.scalar(
                select(literal(1)).where(good).group_by(*key).having(func.count() > 1).limit(1)
            )
            is None
        ):
            return [], 0
        first = (
            select(CHECKED.c.line, func.min(CHECKED.c.line).over(partition_by=key).label("first"))
            .where(good)
            .subquery()
        )
        later = select(first.c.line, first.c.first).where(first.c.line > first.c.first)
        rows = self.connection.execute(later.order_by(first.c.line).limit(MAX_KEPT_ERRORS)).all()
        errors = [RowError(line, "student_id", duplicate_message(first)) for line, first in rows]
        if len(rows) < MAX_KEPT_ERRORS:
            return errors, len(errors)
        return errors, self.connection.scalar(select(func.count()).select_from(later.subquery()))

    def store(self, upload_id, district_id, program_year):
        """INSERT ... SELECT the staged rows (once `check` found nothing: every row good) into
        outcome_records, in file order, with their providers and coded answers."""
        c = self._found().c
        values = select(
            literal(upload_id),
            literal(district_id),
            literal(program_year),
            c.organization_id,
            c.student_hash,
            c.school,
            c.subject_code,
            c.status_code,
            c.start_month,
            c.end_month,
            c.hours_completion_code,
            c.achievement_code,
        ).order_by(c.line)
        self.connection.execute(
            insert(OutcomeRecord.__table__).from_select(
                ["upload_id", "district_id", "program_year", *STORED], values
            )
        )


def _student_hash_sql(key, value):
    """`validation.student_hash(key, value)` in PostgreSQL: HMAC-SHA256 (RFC 2104) built from
    its sha256(), so the hash costs the server C code instead of the client a Python call per
    row; the key's pads are computed here once."""
    if len(key) > _SHA256_BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_SHA256_BLOCK, b"\0")
    inner = bytes(b ^ 0x36 for b in key)
    outer = bytes(b ^ 0x5C for b in key)
    message = func.convert_to(value, literal("UTF8"))
    inner_hash = func.sha256(literal(inner, LargeBinary).op("||")(message))
    digest = func.sha256(literal(outer, LargeBinary).op("||")(inner_hash))
    return func.encode(digest, literal("hex"))


def _problems(found):
    """The number of findings on a row of `found`."""
    return sum(case((found.c[f"finding_{name}"].is_not(None), 1), else_=0) for name, _ in FINDINGS)


class _Rules:
    """The SQL of each rule, as CASE expressions over `row`: the columns of one staged row
    with its provider (organization_id, approved), its coded answers (<column>_code, NULL if
    not a listed word) and its months (<column>_mm, <column>_number: NULL unless YYYY-MM).
    CASE also orders the evaluation: SQL does not promise to evaluate AND's operands in order.
    """

    def __init__(self, rules, row):
        self.rules = rules
        self.row = row
        self.served = row.status_code == "served"

    def finding(self, name):
        """The kind of problem `name` finds on the row (a string), or NULL."""
        return getattr(self, f"_{name}")()

    def _student_id(self):
        return self._text("student_id")

    def _school(self):
        return self._text("school")

    def _text(self, name):
        value = self.row[name]
        return case((value == "", "required"), (func.length(value) > MAX_LENGTHS[name], "too_long"))

    def _provider(self):
        return case(
            (self.row.provider == "", "required"),
            (self.row.organization_id.is_(None), "unknown_provider"),
            (self.row.approved.is_(False), "not_approved"),
        )

    def _choice(self, name, required_when=None):
        """Blank: "required" (when `required_when`, if given, holds); else a word not listed."""
        empty = "required" if required_when is None else case((required_when, "required"))
        return case(
            (self.row[name] == "", empty), (self.row[f"{name}_code"].is_(None), "not_one_of")
        )

    def _subject(self):
        return self._choice("subject")

    def _status(self):
        return self._choice("status")

    def _hours_completion(self):
        return self._choice("hours_completion")

    def _achievement(self):
        completed = and_(self.served, self.row.hours_completion_code.in_(HOURS_COMPLETED))
        return self._choice("achievement", required_when=completed)

    def _served_not_served(self):
        return case(
            (
                and_(self.served, self.row.hours_completion_code == "provider_did_not_serve"),
                "served_not_served",
            )
        )

    def _month_ok(self, name):
        first, last = self.rules.month_range()
        return and_(
            self.row[f"{name}_mm"].between(1, 12), self.row[f"{name}_number"].between(first, last)
        )

    def _month(self, name):
        first, last = self.rules.month_range()
        month, number = self.row[f"{name}_mm"], self.row[f"{name}_number"]
        return case(
            (self.row[name] == "", case((self.served, "required"))),
            (month.is_(None), "not_a_month"),
            (~month.between(1, 12), "not_a_month"),
            (~number.between(first, last), "outside_year"),
        )

    def _start_month(self):
        return self._month("start_month")

    def _end_month(self):
        return self._month("end_month")

    def _end_before_start(self):
        return case(
            (
                and_(
                    self._month_ok("start_month"),
                    self._month_ok("end_month"),
                    self.row.end_month_number < self.row.start_month_number,
                ),
                "end_before_start",
            )
        )


def _months(name, rules, postgresql):
    """(month 1-12, year * 12 + month - 1) of a staged YYYY-MM value, both NULL otherwise.

    The twelve months of the program year (nearly every value of a file) are looked up by a
    simple CASE; only other values are parsed, which costs several string functions a row."""
    value = STAGING.c[name]
    shaped = (
        value.op("~")("^[0-9]{4}-[0-9]{2}$")
        if postgresql
        else value.op("GLOB")("[0-9][0-9][0-9][0-9]-[0-9][0-9]")
    )
    month = cast(func.substr(value, 6, 2), Integer)
    year = cast(func.substr(value, 1, 4), Integer)
    first, last = rules.month_range()
    in_year = {month_text(number): number for number in range(first, last + 1)}
    return (
        case(
            {text: number % 12 + 1 for text, number in in_year.items()},
            value=value,
            else_=case((shaped, month)),
        ).label(f"{name}_mm"),
        case(in_year, value=value, else_=case((shaped, year * 12 + month - 1))).label(
            f"{name}_number"
        ),
    )
