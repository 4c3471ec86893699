"""Pack-specific fields (NC 003 "SECTION I Certifications", "SECTION II Program Abstract", fee
cap "Cost of Services p7 H") and attachments (004 "Required Format": allowable kinds; type and
size checked)."""

import html
from decimal import Decimal

import pytest

from app.applications.queries.checklist import application_problems
from app.extensions import db
from app.models import Application, Document
from tests.app.applications.conftest import complete_program


def _body(response):
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def nc(app, make_district, make_cycle, make_org, make_user, auth, filler):
    """A signed-in NC provider with a draft in an NC 2009 cycle (per-pupil allotment $1,200)."""
    app.config["FIXED_TODAY"] = "2009-04-01"
    district = make_district("Wake County Schools", "920", state="NC")
    make_cycle("nc-2009", name="NC 2009", per_pupil_allotment=Decimal("1200.00"))
    org = make_org("Tar Heel Tutors")
    make_user("provider", organization=org, email="nc@example.org")
    auth.login("nc@example.org")
    return {"district": district, "app_id": filler.start(org.id)}


def test_nc_pack_shows_the_abstract_and_certifications_and_enforces_75_words(nc, filler, client):
    app_id = nc["app_id"]
    body = _body(client.get(f"/applications/{app_id}/sections/pack"))
    assert "Program abstract in English" in body and "Program abstract in Spanish" in body
    assert "Limited to 75 words." in body
    assert "Policies and Procedure Agreement" in body and "E.O. 12549" in body
    narrative = _body(client.get(f"/applications/{app_id}/sections/narrative"))
    assert "Indicator 1A (Record of effectiveness: description)" in narrative

    filler.save(
        app_id,
        "pack",
        {"abstract_en": " ".join(["word"] * 76), "abstract_es": " ".join(["palabra"] * 75)},
    )
    body = _body(client.get(f"/applications/{app_id}/sections/pack"))
    assert "The English abstract may have at most 75 words; it has 76." in body
    assert "Spanish abstract may have" not in body
    for key in ("procedure_agreement", "debarment_certification"):
        # unanswered: flagged once the provider asks to check, not after a plain save
        assert f'id="f-{key}-error">' not in body
    body = _body(client.get(f"/applications/{app_id}/sections/pack?check=1"))
    for key in ("procedure_agreement", "debarment_certification"):
        assert f'id="f-{key}-error">This certification must be checked.' in body
    filler.save(
        app_id,
        "pack",
        {
            "abstract_en": "Short.",
            "abstract_es": "Corto.",
            "procedure_agreement": "y",
            "debarment_certification": "y",
        },
    )
    assert application_problems(db.session.get(Application, app_id))["pack"] == []


def test_sd_pack_has_no_pack_section(sd, auth, filler, client):
    auth.login("pat@prairie.example.org")
    app_id = filler.start(sd["org"].id)
    assert client.get(f"/applications/{app_id}/sections/pack").status_code == 404


def test_nc_fee_cap_is_the_allotment_over_the_minimum_hours(nc, filler, client):
    """003 p7 H: $1,200 / 30 hours = $40.00 an hour at most."""
    app_id = nc["app_id"]
    filler.save(
        app_id,
        "program",
        complete_program([nc["district"].id], hourly_rate="40.01", students_per_instructor="6"),
    )
    body = _body(client.get(f"/applications/{app_id}/sections/program"))
    assert (
        "cannot exceed the per-pupil allotment divided by the minimum hours ($40.00 an "
        "hour); $40.01 was entered." in body
    )
    assert "students per instructor are allowed" not in body  # NC allows 6 (003 p8 J)
    filler.save(
        app_id,
        "program",
        complete_program([nc["district"].id], hourly_rate="40.00", total_hours="29"),
    )
    problems = application_problems(db.session.get(Application, app_id))["program"]
    assert [p.message for p in problems] == [
        "The program must offer at least 30 hours of group instruction; 29 were entered."
    ]


def test_nc_complete_application_submits(nc, filler):
    filler.fill(nc["app_id"], [nc["district"].id], policy_code="nc-2009")
    assert filler.submit(nc["app_id"]).status_code == 302
    application = db.session.get(Application, nc["app_id"])
    assert application.state == "submitted"
    assert application.versions[0].snapshot["pack_fields"]["procedure_agreement"] is True


@pytest.mark.parametrize(
    "filename, content, message",
    [
        ("virus.exe", b"MZ\x90\x00", "only PDF, Word (.doc, .docx), JPEG, PNG or plain text"),
        ("fake.pdf", b"MZ\x90\x00", "fake.pdf is not a real .pdf file"),
        ("latin1.txt", "caf\xe9".encode("latin-1"), "latin1.txt is not UTF-8 text"),
        ("empty.pdf", b"", "empty.pdf is empty."),
        (
            "big.pdf",
            b"%PDF-" + b"0" * 1024 * 100,
            "big.pdf is too large: files may be at most 100 KB.",
        ),
        ("noext", b"%PDF-1.4", "only PDF"),
    ],
)
def test_attachment_type_and_size_are_refused_with_a_message(
    sd, app, auth, filler, client, filename, content, message
):
    app.config["ATTACHMENT_MAX_BYTES"] = 100 * 1024  # a small cap keeps the test light
    auth.login("pat@prairie.example.org")
    app_id = filler.start(sd["org"].id)
    response = filler.attach(app_id, filename=filename, content=content)
    assert response.status_code == 422
    assert message in _body(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 0


def test_the_default_cap_is_10_mb():
    from app.applications.operations.documents import MAX_BYTES, check_file
    from app.refusals import Refused

    assert check_file("ok.pdf", b"%PDF-" + b"0" * (MAX_BYTES - 5)) == "application/pdf"
    with pytest.raises(Refused, match="files may be at most 10 MB"):
        check_file("big.pdf", b"%PDF-" + b"0" * MAX_BYTES)


def test_attachment_of_an_unlisted_kind_or_without_a_file_is_refused(sd, auth, filler):
    auth.login("pat@prairie.example.org")
    app_id = filler.start(sd["org"].id)
    response = filler.attach(app_id, kind="appeal_letter")
    assert "from the allowable list" in _body(response)
    no_file = filler.auth.post(
        f"/applications/{app_id}/attachments",
        {"kind": "brochure"},
        token_from=f"/applications/{app_id}",
    )
    assert no_file.status_code == 422


def test_attachments_list_download_and_delete_while_draft(sd, auth, filler, client):
    auth.login("pat@prairie.example.org")
    app_id = filler.start(sd["org"].id)
    assert (
        filler.attach(
            app_id, kind="lesson_plan", filename="plan.txt", content="Día 1: lectura".encode()
        ).status_code
        == 302
    )
    document = db.session.scalar(db.select(Document))
    assert (document.content_type, document.size_bytes) == ("text/plain; charset=utf-8", 15)
    page = _body(client.get(f"/applications/{app_id}/attachments"))
    assert "Sample lesson plan" in page and "plan.txt" in page
    download = client.get(f"/applications/{app_id}/attachments/{document.id}")
    assert download.data == "Día 1: lectura".encode()
    assert "attachment" in download.headers["Content-Disposition"]
    deleted = filler.auth.post(
        f"/applications/{app_id}/attachments/{document.id}/delete",
        token_from=f"/applications/{app_id}/attachments",
    )
    assert deleted.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 0
