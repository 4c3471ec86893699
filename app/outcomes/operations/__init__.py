"""Importing a district's outcome data for a program year: check the whole upload, then replace
the district's earlier upload for that year in one transaction (DESIGN.md section 6).

Speed and memory matter (1,000,000 rows, flat memory): the file is streamed into a staging
table (PostgreSQL: its bytes to COPY, `raw_csv.py`, or the Python reader's rows to COPY), checked
there set-based and moved with one INSERT ... SELECT (`app/outcomes/operations/staging.py`);
never one ORM object, nor one Python check, per stored row.
"""

import io
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.audit import record_change
from app.core.policy import policy_for_district
from app.extensions import db
from app.locking import locked_one, take_write_lock
from app.models import Application, ApplicationDistrict, Organization
from app.models.outcomes import OutcomeRecord, OutcomeUpload
from app.models.types import utcnow
from app.outcomes.operations.raw_csv import copy_csv
from app.outcomes.operations.staging import staging_tables
from app.outcomes.operations.validation import Checked, UploadRules, csv_rows, json_rows

FIRST_PROGRAM_YEAR = 2000  # outcome data before SES existed is a typo


@dataclass
class ImportReport:
    """What an import did: the stored upload, or the errors that stopped it."""

    checked: Checked
    upload: OutcomeUpload | None = None
    replaced_rows: int | None = None  # rows of the earlier upload this one replaced

    @property
    def ok(self):
        """True when the rows were stored."""
        return self.upload is not None


def program_year_allowed(program_year, today):
    """True for a program year from FIRST_PROGRAM_YEAR up to the one that starts next year."""
    return FIRST_PROGRAM_YEAR <= program_year <= today.year + 1


def upload_rules(district, program_year, policy=None):
    """The lookups a row is checked against, read from the database once."""
    policy = policy or policy_for_district(district)
    year_start = policy.program_year_start_date(program_year)
    year_end = policy.program_year_start_date(program_year + 1)
    providers = {
        code.lower(): org_id
        for org_id, code in db.session.execute(db.select(Organization.id, Organization.code)).all()
    }
    approved = db.session.scalars(
        db.select(Application.organization_id)
        .distinct()
        .join(ApplicationDistrict, ApplicationDistrict.application_id == Application.id)
        .where(
            ApplicationDistrict.district_id == district.id,
            Application.approved_on.is_not(None),
            Application.approved_on < year_end,
            Application.term_ends_on >= year_start,
        )
    ).all()
    return UploadRules(
        program_year=program_year,
        year_start_month=policy.program_year_start[0],
        subjects=tuple(policy.subjects),
        providers=providers,
        approved=frozenset(approved),
        district_label=district.label,
        student_key=current_app.config["STUDENT_ID_KEY"].encode(),
    )


def import_outcome_csv(district, program_year, stream, *, filename, source, actor, progress=None):
    """Check a CSV stream (a binary file object; bytes are accepted too) and, when every row
    is good, store it (see `store_outcomes`). The file is read one row at a time, or on
    PostgreSQL streamed to COPY as it is (`raw_csv.copy_csv`) when that reads it alike."""
    if isinstance(stream, (bytes, bytearray)):
        stream = io.BytesIO(stream)
    return _import(
        district,
        program_year,
        lambda checked: csv_rows(stream, checked),
        filename=filename,
        source=source,
        actor=actor,
        progress=progress,
        raw=stream if stream.seekable() else None,
    )


def import_outcome_rows(district, program_year, items, *, filename, source, actor):
    """Check a JSON array of row objects and, when every row is good, store them."""
    return _import(
        district,
        program_year,
        lambda checked: json_rows(items, checked),
        filename=filename,
        source=source,
        actor=actor,
        progress=None,
    )


def _import(district, program_year, read, *, filename, source, actor, progress, raw=None):
    """Stage the rows `read(checked)` yields (or, on PostgreSQL, the CSV file `raw` through
    COPY when it can), check them set-based, store them if all good."""
    checked = Checked()
    connection = db.session.connection()
    with staging_tables(connection, upload_rules(district, program_year)) as staging:
        copied = (
            raw is not None and staging.postgresql and copy_csv(staging, raw, checked, progress)
        )
        if not copied:
            staging.load(read(checked), checked, progress)
        if not checked.unreadable:
            staging.check(checked)
        if not checked.ok:
            return ImportReport(checked)
        upload, replaced = store_outcomes(
            district,
            program_year,
            staging,
            checked.lines,
            filename=filename,
            source=source,
            actor=actor,
            progress=progress,
        )
    return ImportReport(checked, upload, replaced)


def store_outcomes(
    district, program_year, staging, rows, *, filename, source, actor, progress=None
):
    """Replace `district`'s upload for `program_year` with the `rows` checked rows of
    `staging`.

    Deletes the earlier upload's rows, updates or creates the OutcomeUpload, moves the rows
    with one INSERT ... SELECT, writes the audit entry and flushes; the caller commits once.
    Returns (upload, number of rows replaced or None).
    """
    upload, replaced = _replace_upload(district, program_year, filename, source, actor)
    upload.row_count, upload.no_students = rows, False
    db.session.flush()
    staging.store(upload.id, district.id, program_year)
    if progress is not None:
        progress("stored", upload.row_count)
    reason = f"{upload.row_count} rows for program year {program_year}" + (
        f"; replaced the earlier upload of {replaced} rows" if replaced is not None else ""
    )
    record_change(upload, "upload_outcomes", actor=actor, reason=f"{reason} (via {source})")
    return upload, replaced


def report_no_students(district, program_year, *, source, actor):
    """Record that `district` served no SES students in `program_year`: an upload of zero
    rows flagged no_students, replacing any earlier upload of that year (its rows deleted).
    It is the district's report for the year (DESIGN.md section 6; 004 "Reporting")."""
    upload, replaced = _replace_upload(district, program_year, "(no SES students)", source, actor)
    upload.row_count, upload.no_students = 0, True
    db.session.flush()
    reason = f"no SES students in program year {program_year}" + (
        f"; replaced the earlier upload of {replaced} rows" if replaced is not None else ""
    )
    record_change(upload, "report_no_students", actor=actor, reason=f"{reason} (via {source})")
    return upload, replaced


def _claimed_upload(district, program_year, source):
    """The district's upload row for the year, locked for this transaction, and whether this
    call created it. Two uploads of the same district and year at once (a district system
    retrying after a timeout) thus run one after the other: the second replaces the first's
    rows instead of adding to them. The row is created with INSERT ... ON CONFLICT DO NOTHING,
    so two first uploads never collide on the unique key either."""
    take_write_lock()
    connection = db.session.connection()
    dialect_insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    table = OutcomeUpload.__table__
    created = (
        db.session.execute(
            dialect_insert(table)
            .values(
                district_id=district.id,
                program_year=program_year,
                filename="(uploading)",
                row_count=0,
                source=source,
                uploaded_at=utcnow(),
            )
            .on_conflict_do_nothing(index_elements=["district_id", "program_year"])
            .returning(table.c.id)
        ).scalar()
        is not None
    )  # no row back: it existed already
    upload = locked_one(
        db.select(OutcomeUpload).where(
            OutcomeUpload.district_id == district.id, OutcomeUpload.program_year == program_year
        )
    )
    return upload, created


def _replace_upload(district, program_year, filename, source, actor):
    """The district's upload row for the year, emptied of its rows (or new), and the number
    of rows it held (None if new); the caller sets the counts and flushes."""
    upload, created = _claimed_upload(district, program_year, source)
    replaced = None
    if not created:
        replaced = upload.row_count
        db.session.execute(delete(OutcomeRecord).where(OutcomeRecord.upload_id == upload.id))
    upload.filename = (filename or "upload.csv")[:255]
    upload.source = source
    upload.uploaded_by_id = actor.id if actor is not None else None
    upload.uploaded_at = utcnow()
    return upload, replaced
