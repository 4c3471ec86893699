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

from sqlalchemy import (Boolean, Column, Integer, MetaData, String, Table, Text, and_, case,
                        cast, func, insert, literal, or_, select)

from app.models.outcomes import HOURS_COMPLETED, OutcomeRecord
from app.outcomes.validation import (COLUMNS, FINDINGS, MAX_KEPT_ERRORS, MAX_LENGTHS,
                                     NO_ROWS_MESSAGE, RowError, choice_words, duplicate_message,
                                     finding_message, student_hash)

BATCH_SIZE = 10_000
PROGRESS_EVERY = 10_000
_metadata = MetaData()  # not the application's: these tables never reach a migration
STAGING = Table("outcome_staging", _metadata, Column("line", Integer, nullable=False),
                *(Column(name, Text, nullable=False) for name in COLUMNS),
                Column("student_hash", String(64)), prefixes=["TEMPORARY"])
PROVIDERS = Table("outcome_staging_providers", _metadata, Column("code", Text, primary_key=True),
                  Column("organization_id", Integer, nullable=False),
                  Column("approved", Boolean, nullable=False), prefixes=["TEMPORARY"])
STORED = ("organization_id", "student_hash", "school", "subject", "status", "start_month",
          "end_month", "hours_completion", "achievement")


@contextmanager
def staging_tables(connection, rules):
    """Create the staging tables on `connection` (temporary: this connection only), fill the
    provider lookup from `rules`, yield a Staging, and drop them again. On an error the
    transaction is rolled back by the caller, which drops them too."""
    _metadata.drop_all(connection, checkfirst=True)
    _metadata.create_all(connection)
    lookup = [{"code": code, "organization_id": org_id, "approved": org_id in rules.approved}
              for code, org_id in rules.providers.items()]
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
        prepared = ((line, *values, student_hash(key, values[0]) if values[0] else None)
                    for line, values in rows)
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

    def check(self, checked):
        """Add every staged row's problems to `checked`, in line order with the problems met
        while reading (the first MAX_KEPT_ERRORS kept, all counted)."""
        findings, finding_count = self._findings()
        repeats, repeat_count = self._repeats()
        merged = sorted(checked.errors + findings + repeats, key=lambda error: error.line)
        checked.errors = merged[:MAX_KEPT_ERRORS]
        checked.error_count += finding_count + repeat_count
        if checked.ok and checked.lines == 0:
            checked.add_error(1, "(file)", NO_ROWS_MESSAGE)

    def _findings(self):
        """The first rows with findings as RowErrors, and the number of findings."""
        expressions = _Expressions(self.rules, self.postgresql)
        kinds = [expressions.finding(name).label(f"finding_{name}") for name, _ in FINDINGS]
        rows = self.connection.execute(
            select(STAGING, *kinds).select_from(expressions.joined)
            .where(or_(*(kind.isnot(None) for kind in kinds)))
            .order_by(STAGING.c.line).limit(MAX_KEPT_ERRORS)).mappings().all()
        errors = [RowError(row["line"], column,
                           finding_message(name, row[f"finding_{name}"], row, self.rules))
                  for row in rows for name, column in FINDINGS
                  if row[f"finding_{name}"] is not None]
        if len(rows) < MAX_KEPT_ERRORS:
            return errors[:MAX_KEPT_ERRORS], len(errors)
        per_row = sum(case((kind.isnot(None), 1), else_=0) for kind in kinds)
        count = self.connection.scalar(select(func.sum(per_row)).select_from(expressions.joined))
        return errors[:MAX_KEPT_ERRORS], int(count or 0)

    def _repeats(self):
        """Rows without findings repeating an earlier such row's student, provider and subject
        (reported on the later rows, naming the first line), and how many there are."""
        expressions = _Expressions(self.rules, self.postgresql)
        good = (select(STAGING.c.line, func.min(STAGING.c.line).over(
            partition_by=(STAGING.c.student_id, PROVIDERS.c.organization_id,
                          func.lower(STAGING.c.subject))).label("first"))
                .select_from(expressions.joined)
                .where(and_(*(expressions.finding(name).is_(None) for name, _ in FINDINGS)))
                .subquery())
        later = select(good.c.line, good.c.first).where(good.c.line > good.c.first)
        rows = self.connection.execute(later.order_by(good.c.line).limit(MAX_KEPT_ERRORS)).all()
        errors = [RowError(line, "student_id", duplicate_message(first)) for line, first in rows]
        if len(rows) < MAX_KEPT_ERRORS:
            return errors, len(errors)
        return errors, self.connection.scalar(select(func.count()).select_from(later.subquery()))

    def store(self, upload_id, district_id, program_year):
        """INSERT ... SELECT the checked rows (every staged row, once `check` found nothing)
        into outcome_records, in file order."""
        expressions = _Expressions(self.rules, self.postgresql)
        codes = expressions.codes
        values = select(literal(upload_id), literal(district_id), literal(program_year),
                        PROVIDERS.c.organization_id, STAGING.c.student_hash, STAGING.c.school,
                        func.lower(STAGING.c.subject), codes["status"],
                        func.nullif(STAGING.c.start_month, ""),
                        func.nullif(STAGING.c.end_month, ""), codes["hours_completion"],
                        codes["achievement"]).select_from(expressions.joined)
        statement = insert(OutcomeRecord.__table__).from_select(
            ["upload_id", "district_id", "program_year", *STORED],
            values.order_by(STAGING.c.line))
        self.connection.execute(statement)


class _Expressions:
    """The SQL of each rule, as CASE expressions over one staged row joined to its provider."""

    def __init__(self, rules, postgresql):
        self.rules = rules
        self.postgresql = postgresql
        self.joined = STAGING.outerjoin(PROVIDERS,
                                        PROVIDERS.c.code == func.lower(STAGING.c.provider))
        self.codes = {name: case(choice_words(name, rules), value=func.lower(STAGING.c[name]))
                      for name in ("subject", "status", "hours_completion", "achievement")}
        self.served = self.codes["status"] == "served"

    def finding(self, name):
        """The kind of problem `name` finds on the row (a string), or NULL."""
        return getattr(self, f"_{name}")()

    def _student_id(self):
        return self._text("student_id")

    def _school(self):
        return self._text("school")

    def _text(self, name):
        value = STAGING.c[name]
        return case((value == "", "required"),
                    (func.length(value) > MAX_LENGTHS[name], "too_long"))

    def _provider(self):
        return case((STAGING.c.provider == "", "required"),
                    (PROVIDERS.c.organization_id.is_(None), "unknown_provider"),
                    (PROVIDERS.c.approved.is_(False), "not_approved"))

    def _choice(self, name, required_when=None):
        """Blank: "required" (when `required_when`, if given, holds); else a word not listed."""
        empty = "required" if required_when is None else case((required_when, "required"))
        return case((STAGING.c[name] == "", empty),
                    (self.codes[name].is_(None), "not_one_of"))

    def _subject(self):
        return self._choice("subject")

    def _status(self):
        return self._choice("status")

    def _hours_completion(self):
        return self._choice("hours_completion")

    def _achievement(self):
        completed = and_(self.served, self.codes["hours_completion"].in_(HOURS_COMPLETED))
        return self._choice("achievement", required_when=completed)

    def _served_not_served(self):
        return case((and_(self.served,
                          self.codes["hours_completion"] == "provider_did_not_serve"),
                     "served_not_served"))

    def _month_number(self, name):
        """(month 1-12, year * 12 + month - 1) of a YYYY-MM value, both NULL otherwise. CASE
        guards the casts: SQL does not promise to evaluate AND's operands in order."""
        value = STAGING.c[name]
        shaped = (value.op("~")("^[0-9]{4}-[0-9]{2}$") if self.postgresql
                  else value.op("GLOB")("[0-9][0-9][0-9][0-9]-[0-9][0-9]"))
        month = case((shaped, cast(func.substr(value, 6, 2), Integer)))
        year = case((shaped, cast(func.substr(value, 1, 4), Integer)))
        return month, year * 12 + month - 1

    def _month_ok(self, name):
        month, number = self._month_number(name)
        first, last = self.rules.month_range()
        return and_(month.between(1, 12), number.between(first, last))

    def _month(self, name):
        month, number = self._month_number(name)
        first, last = self.rules.month_range()
        return case((STAGING.c[name] == "", case((self.served, "required"))),
                    (month.is_(None), "not_a_month"),
                    (~month.between(1, 12), "not_a_month"),
                    (~number.between(first, last), "outside_year"))

    def _start_month(self):
        return self._month("start_month")

    def _end_month(self):
        return self._month("end_month")

    def _end_before_start(self):
        end_number, start_number = self._month_number("end_month")[1], \
            self._month_number("start_month")[1]
        return case((and_(self._month_ok("start_month"), self._month_ok("end_month"),
                          end_number < start_number), "end_before_start"))
