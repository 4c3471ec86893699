"""Importing a district's outcome data for a program year: check the whole upload, then replace
the district's earlier upload for that year in one transaction (DESIGN.md section 6).

Speed matters (100,000 rows in seconds): rows are checked in one Python pass, student ids are
hashed with hmac, and the rows go in with one bulk statement per batch (PostgreSQL: COPY), never
one ORM object per row.
"""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.audit import record_change
from app.extensions import db
from app.locking import locked_one, take_write_lock
from app.models import Application, ApplicationDistrict, Organization
from app.models.outcomes import OutcomeRecord, OutcomeUpload
from app.models.types import utcnow
from app.outcomes.validation import Checked, UploadRules, check_rows, csv_rows, json_rows
from workflows.policy import available_policies, load_policy

BATCH_SIZE = 10_000
RECORD_COLUMNS = ("upload_id", "district_id", "program_year", "organization_id", "student_hash",
                  "school", "subject", "status", "start_month", "end_month", "hours_completion",
                  "achievement")
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


def policy_for_district(district):
    """The policy pack that governs `district`: the default pack if it is the district's
    state's, else the first pack of that state, else the default."""
    default = load_policy(current_app.config["DEFAULT_POLICY"])
    if default.state == district.state:
        return default
    for code in available_policies():
        policy = load_policy(code)
        if policy.state == district.state:
            return policy
    return default


def program_year_allowed(program_year, today):
    """True for a program year from FIRST_PROGRAM_YEAR up to the one that starts next year."""
    return FIRST_PROGRAM_YEAR <= program_year <= today.year + 1


def upload_rules(district, program_year, policy=None):
    """The lookups a row is checked against, read from the database once."""
    policy = policy or policy_for_district(district)
    year_start = policy.program_year_start_date(program_year)
    year_end = policy.program_year_start_date(program_year + 1)
    providers = {code.lower(): org_id for org_id, code in db.session.execute(
        db.select(Organization.id, Organization.code)).all()}
    approved = db.session.scalars(
        db.select(Application.organization_id).distinct()
        .join(ApplicationDistrict, ApplicationDistrict.application_id == Application.id)
        .where(ApplicationDistrict.district_id == district.id,
               Application.approved_on.is_not(None), Application.approved_on < year_end,
               Application.term_ends_on >= year_start)).all()
    return UploadRules(
        program_year=program_year, year_start_month=policy.program_year_start[0],
        subjects=tuple(policy.subjects), providers=providers, approved=frozenset(approved),
        district_label=district.label,
        student_key=current_app.config["STUDENT_ID_KEY"].encode())


def import_outcome_csv(district, program_year, data, *, filename, source, actor, progress=None):
    """Check CSV bytes and, when every row is good, store them (see `store_outcomes`)."""
    checked = Checked()
    rows = csv_rows(data, checked)
    check_rows(rows, upload_rules(district, program_year), checked, progress)
    return _finish(district, program_year, checked, filename, source, actor, progress)


def import_outcome_rows(district, program_year, items, *, filename, source, actor):
    """Check a JSON array of row objects and, when every row is good, store them."""
    checked = Checked()
    rows = json_rows(items, checked)
    check_rows(rows, upload_rules(district, program_year), checked)
    return _finish(district, program_year, checked, filename, source, actor, None)


def _finish(district, program_year, checked, filename, source, actor, progress):
    if not checked.ok:
        return ImportReport(checked)
    upload, replaced = store_outcomes(district, program_year, checked.records, filename=filename,
                                      source=source, actor=actor, progress=progress)
    return ImportReport(checked, upload, replaced)


def store_outcomes(district, program_year, records, *, filename, source, actor, progress=None):
    """Replace `district`'s upload for `program_year` with `records` (checked row dicts).

    Deletes the earlier upload's rows, updates or creates the OutcomeUpload, bulk-inserts the
    rows, writes the audit entry and flushes; the caller commits once. Returns (upload, number
    of rows replaced or None).
    """
    upload, created = _claimed_upload(district, program_year, source)
    replaced = None if created else upload.row_count
    db.session.execute(delete(OutcomeRecord).where(OutcomeRecord.upload_id == upload.id))
    upload.filename = (filename or "upload.csv")[:255]
    upload.row_count = len(records)
    upload.source = source
    upload.uploaded_by_id = actor.id if actor is not None else None
    upload.uploaded_at = utcnow()
    db.session.flush()
    common = {"upload_id": upload.id, "district_id": district.id, "program_year": program_year}
    bulk_insert_records(records, common, progress)
    reason = f"{len(records)} rows for program year {program_year}" + (
        f"; replaced the earlier upload of {replaced} rows" if replaced is not None else "")
    record_change(upload, "upload_outcomes", actor=actor, reason=f"{reason} (via {source})")
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
    created = db.session.execute(
        dialect_insert(table)
        .values(district_id=district.id, program_year=program_year, filename="(uploading)",
                row_count=0, source=source, uploaded_at=utcnow())
        .on_conflict_do_nothing(index_elements=["district_id", "program_year"])
        .returning(table.c.id)).scalar() is not None  # no row back: it existed already
    upload = locked_one(db.select(OutcomeUpload).where(
        OutcomeUpload.district_id == district.id, OutcomeUpload.program_year == program_year))
    return upload, created


def bulk_insert_records(records, common, progress=None):
    """Insert `records` (dicts) into outcome_records with `common` values added: COPY on
    PostgreSQL, executemany of one Core INSERT per batch elsewhere; same transaction."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        _copy_records(connection, records, common, progress)
        return
    statement = insert(OutcomeRecord.__table__)
    for start in range(0, len(records), BATCH_SIZE):
        batch = records[start:start + BATCH_SIZE]
        for record in batch:
            record.update(common)
        connection.execute(statement, batch)
        if progress is not None:
            progress("stored", start + len(batch))


def _copy_records(connection, records, common, progress):
    """PostgreSQL: stream the rows with COPY on the session's own connection."""
    rest = [name for name in RECORD_COLUMNS if name not in common]
    fixed = [common[name] for name in RECORD_COLUMNS if name in common]
    columns = ", ".join([name for name in RECORD_COLUMNS if name in common] + rest)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f"COPY outcome_records ({columns}) FROM STDIN") as copy:
        for number, record in enumerate(records, start=1):
            copy.write_row(fixed + [record[name] for name in rest])
            if progress is not None and number % BATCH_SIZE == 0:
                progress("stored", number)
    if progress is not None:
        progress("stored", len(records))
