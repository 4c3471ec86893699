"""`flask ses import-outcomes`: checked whole, stored all or nothing, progress shown, student ids
hashed (001 "Report SES data to the Department"; DESIGN.md section 6)."""

import hashlib
import hmac

from app.extensions import db
from app.models import AuditEntry, OutcomeRecord, OutcomeUpload

from .conftest import csv_bytes, row, year_rows


def _write(tmp_path, data, name="outcomes.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _records():
    return db.session.scalars(db.select(OutcomeRecord).order_by(OutcomeRecord.id)).all()


def test_cli_imports_with_progress_and_hashes_student_ids(world, runner, tmp_path):
    lines = year_rows("ACME", 2009, completed=12, improved=7, served=15) + [
        row(
            student="R-1",
            provider="beta",
            subject="Reading",
            status="Applied/Not Served",
            start="",
            end="",
            hours="No, provider did not serve student",
            achievement="",
        )
    ]
    path = _write(tmp_path, csv_bytes(*lines))
    result = runner.invoke(
        args=["ses", "import-outcomes", path, "--district", "49-5", "--year", "2009"]
    )
    assert result.exit_code == 0, result.output
    assert "Imported 16 rows." in result.output
    assert "stored 16 rows" in result.output  # progress lines go to stderr, shown by the runner
    records = _records()
    assert len(records) == 16
    expected = hmac.new(b"testing-student-key", b"S2009-0", hashlib.sha256).hexdigest()
    assert records[0].student_hash == expected
    assert all("S2009" not in r.student_hash for r in records)
    beta = records[-1]
    assert (beta.subject, beta.status, beta.hours_completion, beta.start_month) == (
        "reading",
        "applied_not_served",
        "provider_did_not_serve",
        None,
    )
    upload = db.session.scalar(db.select(OutcomeUpload))
    assert (upload.row_count, upload.source, upload.filename) == (16, "cli", "outcomes.csv")
    assert db.session.scalar(
        db.select(AuditEntry.reason).where(AuditEntry.event == "upload_outcomes")
    ).startswith("16 rows for program year 2009")


def test_second_import_replaces_the_first(world, runner, tmp_path):
    first = _write(tmp_path, csv_bytes(*year_rows("ACME", 2009, completed=5, improved=5)), "a.csv")
    second = _write(tmp_path, csv_bytes(*year_rows("BETA", 2009, completed=3, improved=1)), "b.csv")
    args = ["ses", "import-outcomes", "--district", "49-5", "--year", "2009"]
    assert runner.invoke(args=args + [first]).exit_code == 0
    result = runner.invoke(args=args + [second])
    assert "replaced the earlier upload of 5 rows" in result.output
    records = _records()
    assert len(records) == 3 and {r.organization_id for r in records} == {world["beta"].id}
    assert db.session.scalar(db.select(db.func.count()).select_from(OutcomeUpload)) == 1


def test_cli_reports_every_error_and_imports_nothing(world, runner, tmp_path):
    path = _write(
        tmp_path,
        csv_bytes(
            row(student="A"),
            row(student="B", provider="NOPE"),
            row(student="C", start="2009-13", end="2008-05"),
            row(student="A"),
        ),
    )
    result = runner.invoke(
        args=["ses", "import-outcomes", path, "--district", "49-5", "--year", "2009"]
    )
    assert result.exit_code == 1
    assert "line 3, provider: 'NOPE' is not the code of a known provider." in result.output
    assert "line 4, start_month: '2009-13' is not a month" in result.output
    assert (
        "line 4, end_month: 2008-05 is outside the program year (2009-07 to 2010-06)."
        in result.output
    )
    assert "line 5, student_id: Repeats line 2" in result.output
    assert "4 error(s); nothing imported." in result.output
    assert _records() == [] and db.session.scalar(db.select(OutcomeUpload)) is None


def test_cli_refuses_unknown_district_and_bad_year(world, runner, tmp_path):
    path = _write(tmp_path, csv_bytes(row()))
    result = runner.invoke(
        args=["ses", "import-outcomes", path, "--district", "99-9", "--year", "2009"]
    )
    assert result.exit_code == 2 and "no district with code '99-9'" in result.output
    result = runner.invoke(
        args=["ses", "import-outcomes", path, "--district", "49-5", "--year", "99999999999"]
    )
    assert result.exit_code == 2 and "not a program year" in result.output
