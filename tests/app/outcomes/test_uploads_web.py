"""Districts upload outcome data through the web: checked whole, every error reported by line and
column, nothing imported on any error, a good file replaces the year's earlier upload
(001 "Report SES data to the Department"; DESIGN.md section 6)."""

import hashlib
import hmac
import io
import re

from app.extensions import db
from app.models import OutcomeRecord, OutcomeUpload

from .conftest import HEADER, csv_bytes, row, year_rows


def post_file(auth, data, year="2009", name="outcomes.csv", **fields):
    return auth.post(
        "/outcomes/uploads",
        {"program_year": year, **fields, "file": (io.BytesIO(data), name)},
        token_from="/outcomes/uploads",
        content_type="multipart/form-data",
    )


def count_records():
    return db.session.scalar(db.select(db.func.count()).select_from(OutcomeRecord))


def reported(response):
    """[(line, column, message)] from the error report table."""
    html = response.get_data(as_text=True)
    report = html.split('id="upload-report"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", report)
    return [(int(line), column, message.replace("&#39;", "'")) for line, column, message in cells]


def test_bad_rows_in_different_columns_are_all_reported_and_nothing_imported(world, users, auth):
    auth.login("district@example.gov")
    response = post_file(
        auth,
        csv_bytes(
            row(student="A1"),
            row(student="", school=""),  # line 3
            row(student="A3", provider="RAPIDONLY"),  # line 4: unknown code
            row(student="A4", subject="science", status="maybe"),  # line 5
            row(student="A5", start="2009-11", end="2009-10"),  # line 6: end before start
            row(student="A6", hours="completed", achievement=""),  # line 7: achievement required
            row(student="A7", hours="sometimes", achievement="great"),  # line 8
            row(student="A1"),  # line 9: duplicate of line 2
        ),
    )
    assert response.status_code == 200
    errors = reported(response)
    assert [(line, column) for line, column, _ in errors] == [
        (3, "student_id"),
        (3, "school"),
        (4, "provider"),
        (5, "subject"),
        (5, "status"),
        (6, "end_month"),
        (7, "achievement"),
        (8, "hours_completion"),
        (8, "achievement"),
        (9, "student_id"),
    ]
    assert "Nothing was imported: 10 problems" in response.get_data(as_text=True)
    assert errors[6][2] == "Required."
    assert errors[9][2].startswith("Repeats line 2")
    assert count_records() == 0 and db.session.scalar(db.select(OutcomeUpload)) is None


def test_provider_not_approved_for_the_district_or_year(world, users, auth):
    auth.login("rapid@example.gov")  # BETA serves only Sioux Falls
    errors = reported(post_file(auth, csv_bytes(row(provider="BETA"))))
    assert errors == [
        (2, "provider", "BETA was not approved to serve Rapid City 51-4 in program year 2009-10.")
    ]
    errors = reported(post_file(auth, csv_bytes(row(start="2008-10", end="2009-04")), year="2008"))
    assert errors[0][:2] == (2, "provider")  # ACME's approval began 2009-07-01


def test_non_utf8_file_and_wrong_header_are_reported(world, users, auth):
    auth.login("district@example.gov")
    latin1 = csv_bytes(row(), row(school="Ecole Sainte-Therese"))
    latin1 = latin1.replace(b"Therese", b"Th\xe9r\xe8se")
    errors = reported(post_file(auth, latin1))
    assert errors == [
        (
            3,
            "(file)",
            "The file is not UTF-8 text (byte 0xe9 on line 3). Save it "
            'as "CSV UTF-8" and upload it again.'.replace('"', "&#34;"),
        )
    ]
    errors = reported(post_file(auth, csv_bytes(row(), header=HEADER.replace("subject", "subj"))))
    assert [(line, column) for line, column, _ in errors] == [(1, "(header)"), (1, "(header)")]
    assert "missing column: subject" in errors[0][2] and "unknown column: subj" in errors[1][2]
    assert reported(post_file(auth, b""))[0][:2] == (1, "(header)")
    assert reported(post_file(auth, b"\x00\x01binary"))  # not a 500
    assert count_records() == 0


def test_valid_upload_imports_and_a_second_replaces_it(world, users, auth, client):
    auth.login("district@example.gov")
    response = post_file(auth, csv_bytes(*year_rows("ACME", 2009, completed=3, improved=2)))
    upload = db.session.scalar(db.select(OutcomeUpload))
    assert response.status_code == 302 and response.location.endswith(f"/uploads/{upload.id}")
    assert (upload.district_id, upload.program_year, upload.row_count, upload.uploaded_by_id) == (
        world["sioux"].id,
        2009,
        3,
        users["district"].id,
    )
    page = client.get(f"/outcomes/uploads/{upload.id}").get_data(as_text=True)
    assert "Acme Tutoring" in page and "S2009-0" not in page
    hashes = set(db.session.scalars(db.select(OutcomeRecord.student_hash)))
    assert hmac.new(b"testing-student-key", b"S2009-1", hashlib.sha256).hexdigest() in hashes
    post_file(auth, csv_bytes(*year_rows("BETA", 2009, completed=2, improved=2, prefix="T")))
    assert count_records() == 2
    assert set(db.session.scalars(db.select(OutcomeRecord.organization_id))) == {world["beta"].id}
    assert db.session.scalar(db.select(db.func.count()).select_from(OutcomeUpload)) == 1


def test_district_user_uploads_only_for_its_district(world, users, auth):
    auth.login("district@example.gov")
    post_file(auth, csv_bytes(row()), district_id=str(world["rapid"].id))  # field ignored
    upload = db.session.scalar(db.select(OutcomeUpload))
    assert upload.district_id == world["sioux"].id


def test_coordinator_uploads_for_a_chosen_district(world, users, auth):
    auth.login("coordinator@example.gov")
    response = post_file(auth, csv_bytes(row()), district_id=str(world["rapid"].id))
    assert response.status_code == 302
    assert db.session.scalar(db.select(OutcomeUpload.district_id)) == world["rapid"].id
    response = post_file(auth, csv_bytes(row()), district_id="99999")
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)


def test_form_mistakes_keep_the_choices(world, users, auth):
    auth.login("district@example.gov")
    response = auth.post(
        "/outcomes/uploads",
        {"program_year": "1850"},
        token_from="/outcomes/uploads",
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Choose a CSV file." in html
    assert "Not a valid choice" in html
