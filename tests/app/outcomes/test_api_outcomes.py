"""`POST /api/outcomes/<year>` with a district's bearer token: CSV or JSON rows, the same checks
as a web upload, a JSON error report, 401 without a valid token, and only its own district."""

from app.extensions import db
from app.models import ApiToken, OutcomeRecord, OutcomeUpload

from .conftest import csv_bytes, row, year_rows


def post_csv(client, data, token, year=2009, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(
        f"/api/outcomes/{year}", data=data, headers=headers, content_type="text/csv", **kwargs
    )


def count_records():
    return db.session.scalar(db.select(db.func.count()).select_from(OutcomeRecord))


def test_csv_upload_with_a_token(token, world, client):
    response = post_csv(client, csv_bytes(*year_rows("ACME", 2009, completed=4, improved=2)), token)
    assert response.status_code == 201
    assert response.json == {
        "district": "49-5",
        "program_year": 2009,
        "rows": 4,
        "replaced_rows": None,
    }
    upload = db.session.scalar(db.select(OutcomeUpload))
    assert (upload.source, upload.district_id) == ("api", world["sioux"].id)
    response = post_csv(client, csv_bytes(row()), token)
    assert response.json["replaced_rows"] == 4 and count_records() == 1


def test_json_rows_and_the_json_error_report(token, client):
    good = {
        "student_id": 7,
        "school": "Hawthorne",
        "provider": "ACME",
        "subject": "reading",
        "status": "Served",
        "start_month": "2009-09",
        "end_month": "2010-05",
        "hours_completion": "Yes, student completed all contracted hours",
        "achievement": "Made progress but did not meet goals",
    }
    response = client.post(
        "/api/outcomes/2009",
        json={"district": "49-5", "rows": [good]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201 and response.json["rows"] == 1
    assert db.session.scalar(db.select(OutcomeRecord.achievement)) == "progress_not_met"
    bad = [
        good,
        {**good, "student_id": 8, "end_month": "2010-13"},
        "nonsense",
        {**good, "student_id": 9, "shoe_size": "9", "school": ["x"]},
    ]
    response = client.post(
        "/api/outcomes/2009", json=bad, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422
    assert response.json["error_count"] == 4
    assert response.json["errors"] == [
        {
            "line": 2,
            "column": "end_month",
            "message": "'2010-13' is not a month like 2009-10 (YYYY-MM).",
        },
        {"line": 3, "column": "(row)", "message": "Each row must be a JSON object."},
        {"line": 4, "column": "school", "message": "Must be text."},
        {"line": 4, "column": "shoe_size", "message": response.json["errors"][3]["message"]},
    ]
    assert response.json["errors"][3]["message"].startswith("Unknown field")
    assert count_records() == 1  # the earlier upload stands


def test_csv_error_report_is_json(token, client):
    response = post_csv(client, csv_bytes(row(), row(provider="NOPE"), row(subject="")), token)
    assert response.status_code == 422
    assert [(e["line"], e["column"]) for e in response.json["errors"]] == [
        (3, "provider"),
        (4, "subject"),
    ]
    response = post_csv(client, b"student_id\n\xff\xfe", token)
    assert response.status_code == 422 and response.json["errors"][0]["column"] == "(file)"
    assert count_records() == 0


def test_missing_invalid_or_revoked_token_is_401(token, world, users, auth, client):
    data = csv_bytes(row())
    assert post_csv(client, data, None).status_code == 401
    response = post_csv(client, data, "not-a-token")
    assert response.status_code == 401 and "Bearer" in response.headers["WWW-Authenticate"]
    assert (
        client.post(
            "/api/outcomes/2009",
            data=data,
            content_type="text/csv",
            headers={"Authorization": f"Basic {token}"},
        ).status_code
        == 401
    )
    auth.login("district@example.gov")
    row_id = db.session.scalar(db.select(ApiToken.id))
    assert (
        auth.post(f"/outcomes/tokens/{row_id}/revoke", token_from="/outcomes/tokens").status_code
        == 302
    )
    assert post_csv(client, data, token).status_code == 401
    assert count_records() == 0


def test_token_uploads_only_for_its_own_district(token, client):
    data = csv_bytes(row())
    response = post_csv(client, data, token, query_string={"district": "51-4"})
    assert response.status_code == 403 and "only for Sioux Falls 49-5" in response.json["message"]
    response = client.post(
        "/api/outcomes/2009",
        json={"district": "51-4", "rows": []},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403
    assert count_records() == 0


def test_bad_year_and_type_are_refused(token, client):
    data = csv_bytes(row())
    # A year beyond any database integer is no such resource (the app-wide bounded converter).
    assert post_csv(client, data, token, year=99999999999999).status_code == 404
    assert post_csv(client, data, token, year=99999).status_code == 400
    assert (
        client.post(
            "/api/outcomes/2009",
            data=data,
            content_type="application/xml",
            headers={"Authorization": f"Bearer {token}"},
        ).status_code
        == 415
    )
    response = client.post(
        "/api/outcomes/2009",
        data=b"{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422 and response.json["errors"][0]["column"] == "(body)"
    assert client.get("/api/outcomes/2009").status_code == 405
