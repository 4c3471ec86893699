"""The set-based outcome import (DESIGN.md section 6; issue 9): rows are streamed into a
temporary staging table, checked there with a few SQL statements whatever the volume, and moved
into outcome_records with one INSERT ... SELECT in the caller's transaction.

Loading: PostgreSQL uses COPY ... FROM STDIN on the session's own connection (psycopg 3);
SQLite, batched executemany. Student ids are hashed while streaming (HMAC-SHA256 under
STUDENT_ID_KEY, `validation.student_hash`), so the value stored is the one every earlier import
stored. The rules and the wording of each problem live in `validation.py`; this module only
finds, per row and column, which rule failed (a "finding kind").
"""

from contextlib import contextmanager

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
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
    student_hash,
)

BATCH_SIZE = 10_000
PROGRESS_EVERY = 10_000
_metadata = MetaData()  # not the application's: these tables never reach a migration
STAGING = Table(
    "outcome_staging",
    _metadata,
    Column("line", Integer, nullable=False),
    *(Column(name, Text, nullable=False) for name in COLUMNS),
    Column("student_hash", String(64)),
    prefixes=["TEMPORARY"],
)
PROVIDERS = Table(
    "outcome_staging_providers",
    _metadata,
    Column("code", Text, primary_key=True),
    Column("organization_id", Integer, nullable=False),
    Column("approved", Boolean, nullable=False),
    prefixes=["TEMPORARY"],
)
WORDS = Table(
    "outcome_staging_words",
    _metadata,
    Column("kind", String(20), primary_key=True),
    Column("word", Text, primary_key=True),
    Column("code", String(40), nullable=False),
    prefixes=["TEMPORARY"],
)
CODED = ("subject", "status", "hours_completion", "achievement")
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
    """Create the staging tables on `connection` (temporary: this connection only), fill the
    provider lookup from `rules`, yield a Staging, and drop them again. On an error the
    transaction is rolled back by the caller, which drops them too."""
    _metadata.drop_all(connection, checkfirst=True)
    _metadata.create_all(connection)
    lookup = [
        {"code": code, "organization_id": org_id, "approved": org_id in rules.approved}
        for code, org_id in rules.providers.items()
    ]
    if lookup:
        connection.execute(insert(PROVIDERS), lookup)
    yield Staging(connection, rules)
    _metadata.drop_all(connection)


class Staging:
    """One import's staging tables: load the rows, check them, move them."""

    def __init__(self, connection, rules):
        self.connection = connection
        self.rules = rules
        self.postgresql = connection.dialect.name == "postgresql"

    def load(self, rows, checked, progress=None):
        """Stream (line, values in COLUMNS order) into the staging table; count them."""
        key = self.rules.student_key
        prepared = (
            (line, *values, student_hash(key, values[0]) if values[0] else None)
            for line, values in rows
        )
        if self.postgresql:
            self._copy(prepared, checked, progress)
            return
        names = ("line", *COLUMNS, "student_hash")
        batch = []
        for row in prepared:
            batch.append(dict(zip(names, row)))
            if len(batch) == BATCH_SIZE:
                self._insert(batch, checked, progress)
        self._insert(batch, checked, progress)

    def _insert(self, batch, checked, progress):
        if batch:
            self.connection.execute(insert(STAGING), batch)
            checked.lines += len(batch)
            batch.clear()
            if progress is not None:
                progress("read", checked.lines)

    def _copy(self, rows, checked, progress):
        cursor = self.connection.connection.driver_connection.cursor()
        names = ", ".join(("line", *COLUMNS, "student_hash"))
        with cursor.copy(f"COPY outcome_staging ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                checked.lines += 1
                if progress is not None and checked.lines % PROGRESS_EVERY == 0:
                    progress("read", checked.lines)
        if progress is not None and checked.lines % PROGRESS_EVERY:
            progress("read", checked.lines)
        # Autovacuum never analyzes temporary tables; the lookup's statistics let the planner
        # hash-join it (the staged rows' count it reads from the table's size).
        self.connection.exec_driver_sql("ANALYZE outcome_staging_providers")

    def check(self, checked):
        """Add every staged row's problems to `checked`, in line order with the problems met
        while reading (the first MAX_KEPT_ERRORS kept, all counted)."""
        self._classify()
        findings, finding_count = self._findings()
        repeats, repeat_count = self._repeats()
        merged = sorted(checked.errors + findings + repeats, key=lambda error: error.line)
        checked.errors = merged[:MAX_KEPT_ERRORS]
        checked.error_count += finding_count + repeat_count
        if checked.ok and checked.lines == 0:
            checked.add_error(1, "(file)", NO_ROWS_MESSAGE)

    def _classify(self):
        """One pass over the staged rows into outcome_checked: the provider and the coded
        answers looked up (hash joins on small tables), each rule's finding per row. OFFSET 0
        keeps each level a subquery, so each expression is computed once per row."""
        self.connection.execute(
            insert(WORDS),
            [
                {"kind": column, "word": word, "code": code}
                for column in CODED
                for word, code in choice_words(column, self.rules).items()
            ],
        )
        lookups = {column: WORDS.alias(f"{column}_words") for column in CODED}
        joined = STAGING.outerjoin(PROVIDERS, PROVIDERS.c.code == func.lower(STAGING.c.provider))
        for column, alias in lookups.items():
            joined = joined.outerjoin(
                alias, and_(alias.c.kind == column, alias.c.word == func.lower(STAGING.c[column]))
            )
        row = (
            select(
                STAGING,
                PROVIDERS.c.organization_id,
                PROVIDERS.c.approved,
                *(alias.c.code.label(f"{column}_code") for column, alias in lookups.items()),
                *_months("start_month", self.postgresql),
                *_months("end_month", self.postgresql),
            )
            .select_from(joined)
            .offset(0)
            .subquery("looked_up")
        )
        rules = _Rules(self.rules, row.c)
        found = (
            select(
                row.c.line,
                row.c.organization_id,
                row.c.student_hash,
                row.c.school,
                *(row.c[f"{column}_code"] for column in CODED),
                func.nullif(row.c.start_month, "").label("start_month"),
                func.nullif(row.c.end_month, "").label("end_month"),
                *(rules.finding(name).label(f"finding_{name}") for name, _ in FINDINGS),
            )
            .offset(0)
            .subquery("found")
        )
        problems = sum(
            (case((found.c[f"finding_{name}"].is_not(None), 1), else_=0) for name, _ in FINDINGS),
            start=literal(0),
        )
        names = [c.name for c in found.c]
        self.connection.execute(
            insert(CHECKED).from_select([*names, "problems"], select(*found.c, problems))
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
        """INSERT ... SELECT the checked rows (every staged row, once `check` found nothing)
        into outcome_records, in file order."""
        c = CHECKED.c
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


def _months(name, postgresql):
    """(month 1-12, year * 12 + month - 1) of a staged YYYY-MM value, both NULL otherwise."""
    value = STAGING.c[name]
    shaped = (
        value.op("~")("^[0-9]{4}-[0-9]{2}$")
        if postgresql
        else value.op("GLOB")("[0-9][0-9][0-9][0-9]-[0-9][0-9]")
    )
    month = cast(func.substr(value, 6, 2), Integer)
    year = cast(func.substr(value, 1, 4), Integer)
    return (
        case((shaped, month)).label(f"{name}_mm"),
        case((shaped, year * 12 + month - 1)).label(f"{name}_number"),
    )
