"""The set-based import at volume (issue 9): many errors across a file are all counted and the
first kept in line order, nothing is stored on any error, a good file replaces the earlier one
atomically, and the CLI, the web page and the API store identical rows for the same file
(001 "Report SES data to the Department"; DESIGN.md section 6)."""

import io

import pytest

from app.extensions import db
from app.models import AuditEntry, OutcomeRecord, OutcomeUpload
from app.outcomes.operations import import_outcome_csv
from app.outcomes.operations.validation import MAX_KEPT_ERRORS, student_hash

from .conftest import HEADER, csv_bytes, row
from .test_api_outcomes import post_csv
from .test_uploads_web import post_file

STORED = (
    "district_id",
    "program_year",
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


def stored_rows():
    """Every stored outcome row (without ids), in id order."""
    columns = [getattr(OutcomeRecord, name) for name in STORED]
    return db.session.execute(db.select(*columns).order_by(OutcomeRecord.id)).all()


def thousand_rows():
    """1,000 good rows: two subjects, both providers, every status and completion answer."""
    lines = []
    for n in range(1000):
        served = n % 9 != 0
        hours = (
            ("completed", "Yes, student completed all contracted hours", "parent_ended")[n % 3]
            if served
            else "provider_did_not_serve"
        )
        lines.append(
            row(
                student=f"ST{n // 2:05d}",
                school=f"School {n % 13}",
                provider=("ACME", "beta")[n % 2],
                subject=("math", "Reading")[n // 2 % 2],
                status="served" if served else "Applied/Not Served",
                start="2009-09" if served else "",
                end="2010-05" if served else "",
                hours=hours,
                achievement=("met", "Exceeded goals", "no_progress")[n % 3]
                if served and n % 3 < 2
                else "",
            )
        )
    return csv_bytes(*lines)


def import_bytes(district, data, year=2009):
    return import_outcome_csv(district, year, data, filename="t.csv", source="cli", actor=None)


def test_errors_across_a_large_file_are_all_counted_and_the_first_kept_in_order(world):
    """Rows 2..4001: every 7th has an unknown subject, every 11th a month outside the year,
    every 13th a short row; the rest are good but every 17th repeats the row before it."""
    lines, expected = [], []
    for n in range(4000):
        line = n + 2
        if n % 13 == 0:
            lines.append("A,B,C")
            expected.append((line, "(row)"))
            continue
        subject = "science" if n % 7 == 0 else "math"
        start = "2011-01" if n % 11 == 0 else "2009-10"
        student = f"S{n - 1}" if n % 17 == 0 and (n - 1) % 13 else f"S{n}"
        lines.append(row(student=student, subject=subject, start=start))
        bad = [
            column for column, yes in (("subject", n % 7 == 0), ("start_month", n % 11 == 0)) if yes
        ]
        expected += [(line, column) for column in bad]
        previous_good = (n - 1) % 13 and (n - 1) % 7 and (n - 1) % 11
        if not bad and student != f"S{n}" and previous_good:
            expected.append((line, "student_id"))
    report = import_bytes(world["sioux"], csv_bytes(*lines))
    assert not report.ok
    assert report.checked.error_count == len(expected) > MAX_KEPT_ERRORS
    kept = [(e.line, e.column) for e in report.checked.errors]
    assert kept == expected[:MAX_KEPT_ERRORS]
    assert "'science' is not one of: math, reading." in {e.message for e in report.checked.errors}
    assert stored_rows() == [] and db.session.scalar(db.select(OutcomeUpload)) is None


def test_a_failed_import_keeps_the_earlier_upload_and_a_good_one_replaces_it(world):
    assert import_bytes(world["sioux"], thousand_rows()).ok
    db.session.commit()
    before = stored_rows()
    bad = thousand_rows().replace(b"ST00400,", b",", 1)  # one student id left blank
    report = import_bytes(world["sioux"], bad)
    assert [(e.line, e.column, e.message) for e in report.checked.errors] == [
        (802, "student_id", "Required.")
    ]
    db.session.rollback()
    assert stored_rows() == before
    report = import_bytes(world["sioux"], csv_bytes(row(student="ONLY")))
    assert report.ok and report.replaced_rows == 1000
    db.session.commit()
    assert len(stored_rows()) == 1
    upload = db.session.scalar(db.select(OutcomeUpload))
    assert upload.row_count == 1
    assert (
        db.session.scalars(
            db.select(AuditEntry.reason)
            .where(AuditEntry.event == "upload_outcomes")
            .order_by(AuditEntry.id)
        )
        .all()[-1]
        .startswith("1 rows for program year 2009; replaced the earlier upload of 1000 rows")
    )


def test_cli_web_and_api_store_identical_rows(world, users, auth, runner, tmp_path, client):
    data = thousand_rows()
    path = tmp_path / "outcomes.csv"
    path.write_bytes(data)
    result = runner.invoke(
        args=["ses", "import-outcomes", str(path), "--district", "49-5", "--year", "2009"]
    )
    assert result.exit_code == 0, result.output
    by_cli = stored_rows()
    assert len(by_cli) == 1000 and by_cli[3][5:] == (
        "reading",
        "served",
        "2009-09",
        "2010-05",
        "completed",
        "met",
    )
    auth.login("district@example.gov")
    response = post_file(auth, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert stored_rows() == by_cli
    response = auth.post("/outcomes/tokens", {"label": "SIS"}, token_from="/outcomes/tokens")
    token = (
        response.get_data(as_text=True)
        .split('id="issued-token" type="text" readonly size="50" value="', 1)[1]
        .split('"', 1)[0]
    )
    auth.logout()
    response = post_csv(client, data, token)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["replaced_rows"] == 1000
    assert stored_rows() == by_cli


def test_a_bad_byte_far_into_the_file_is_located_exactly(world):
    """The stream is decoded a chunk at a time; the report still names the right line."""
    lines = [row(student=f"S{n}", school="Lincoln Elementary " + "x" * 100) for n in range(12000)]
    data = csv_bytes(*lines)
    cut = data.index(b"S11000,")
    data = data[:cut] + b"\xe9" + data[cut:]
    report = import_bytes(world["sioux"], data)
    assert len(data) > 1 << 20  # past the first chunk
    assert [(e.line, e.column) for e in report.checked.errors] == [(11002, "(file)")]
    assert report.checked.error_count == 1
    assert "byte 0xe9 on line 11002" in report.checked.errors[0].message


def test_header_only_file_is_refused_as_before(world):
    report = import_bytes(world["sioux"], (HEADER + "\n").encode())
    assert [(e.line, e.column) for e in report.checked.errors] == [(1, "(file)")]
    assert report.checked.errors[0].message.startswith("The file has no student rows")


def test_a_stream_is_read_as_a_stream(world):
    """A binary file object is accepted as is (the CLI and the stored uploads pass one)."""
    report = import_outcome_csv(
        world["sioux"],
        2009,
        io.BytesIO(csv_bytes(row())),
        filename="s.csv",
        source="cli",
        actor=None,
    )
    assert report.ok and report.upload.row_count == 1


def test_values_with_tabs_newlines_and_backslashes_are_stored_as_written(world):
    """Quoted CSV values may hold what COPY's text format escapes (PostgreSQL streams the rows
    that way); each is stored exactly, and a blank student id is still reported."""
    schools = ["Tab\tSchool", "Two\nLines", "Back\\slash \\N", "Carriage\rReturn", "Plain"]
    lines = [
        f'S{n},"{school}",ACME,math,served,2009-10,2010-04,completed,met'
        for n, school in enumerate(schools)
    ]  # quoted: the newlines are in the value
    report = import_bytes(world["sioux"], csv_bytes(*lines))
    assert report.ok, report.checked.errors
    assert [r.school for r in stored_rows()] == schools
    db.session.rollback()
    report = import_bytes(world["sioux"], csv_bytes(row(student=""), row(school="A\\B")))
    assert [(e.line, e.column) for e in report.checked.errors] == [(2, "student_id")]


@pytest.mark.parametrize("key", ["testing-student-key", "k" * 100])  # a key over one block too
def test_stored_hashes_are_the_keyed_hash_of_each_student_id(world, app, key):
    """PostgreSQL hashes in SQL and SQLite in Python: either way the stored value is
    `student_hash` under STUDENT_ID_KEY, for any text (accents, quotes, long ids)."""
    app.config["STUDENT_ID_KEY"] = key
    ids = ["S1", "Zoë-Ñ 42", 'quote"d', "x" * 64]
    assert import_bytes(world["sioux"], csv_bytes(*(row(student=s) for s in ids))).ok
    stored = db.session.scalars(db.select(OutcomeRecord.student_hash).order_by(OutcomeRecord.id))
    assert stored.all() == [student_hash(key.encode(), s) for s in ids]


def test_a_nul_byte_in_a_value_is_reported_by_line_and_column_and_nothing_is_stored(world):
    """No database stores NUL in text (PostgreSQL refuses it at COPY): the reader reports each
    value holding one instead of letting the database fail the request."""
    data = csv_bytes(row(), row(student="S\x00", school="Lincoln\x00 Elementary"), row())
    report = import_bytes(world["sioux"], data)
    assert not report.ok
    nul = [(e.line, e.column) for e in report.checked.errors if "NUL" in e.message]
    assert nul == [(3, "student_id"), (3, "school")]
    assert stored_rows() == [] and db.session.scalar(db.select(OutcomeUpload)) is None
