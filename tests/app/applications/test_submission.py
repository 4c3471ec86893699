"""Filling and submitting an SD application through the web interface, and each refusal with
its message (004 "Application Form", "Application Process and Timeline")."""

from datetime import UTC, datetime

from app.extensions import db
from app.models import Application, ApplicationVersion, AuditEntry, Letter


def _body(response):
    return response.get_data(as_text=True)


def test_complete_sd_application_submits_freezes_a_version_and_issues_a_receipt(
    sd, auth, client, filler
):
    auth.login("pat@prairie.example.org")
    app_id = filler.start(sd["org"].id)
    filler.fill(app_id, [d.id for d in sd["districts"]])
    page = _body(client.get(f"/applications/{app_id}/submit"))
    assert "Every section is complete." in page
    assert "April 9, 2009, 5:00 PM CDT" in page

    response = filler.submit(app_id)
    assert response.status_code == 302
    application = db.session.get(Application, app_id)
    assert application.state == "submitted"
    assert application.submitted_at == datetime(2009, 4, 1, 12, 0, tzinfo=UTC)
    [version] = application.versions
    assert version.number == 1
    assert version.snapshot["program"]["students_per_instructor"] == 4
    assert version.snapshot["program"]["hourly_rate"] == "38.00"
    assert [d["code"] for d in version.snapshot["service_area"]] == ["51-4", "49-5"]
    assert [d["kind"] for d in version.snapshot["documents"]] == ["financial_information"]
    letter = db.session.scalar(db.select(Letter).where(Letter.application_id == app_id))
    assert letter.kind == "submission_receipt"
    assert letter.organization_id == sd["org"].id
    assert "received the application of Prairie Learning" in letter.body_html
    assert (
        db.session.scalar(
            db.select(AuditEntry).where(
                AuditEntry.entity == "applications", AuditEntry.event == "submit"
            )
        ).to_state
        == "submitted"
    )


def test_after_submission_pages_are_read_only_and_edits_are_refused(sd, auth, client, filler):
    auth.login("pat@prairie.example.org")
    app_id = filler.start(sd["org"].id)
    filler.fill(app_id, [d.id for d in sd["districts"]])
    filler.submit(app_id)

    page = _body(client.get(f"/applications/{app_id}/sections/program"))
    assert "shown read-only" in page and '<form method="post" novalidate>' not in page
    response = filler.save(app_id, "program", {"program_name": "Changed"})
    assert response.status_code == 409
    assert "is submitted and can no longer be changed" in _body(response)
    assert db.session.get(Application, app_id).program["program_name"] == "Reading Rockets"
    assert filler.attach(app_id).status_code == 409
    second = filler.submit(app_id)
    assert second.status_code == 409
    assert "An application that is submitted cannot be submitted" in _body(second)
    assert db.session.scalar(db.select(db.func.count()).select_from(ApplicationVersion)) == 1


def test_incomplete_submission_is_refused_with_the_list_of_problems(sd, auth, client, filler):
    auth.login("pat@prairie.example.org")
    app_id = filler.start(sd["org"].id)
    filler.save(app_id, "program", {"program_name": "Half done", "students_per_instructor": "5"})
    response = filler.submit(app_id)
    body = _body(response)
    assert response.status_code == 409
    assert "the application is not complete and valid" in body
    assert "At most 4 students per instructor are allowed; 5 were entered." in body
    assert "Narrative: Element A (Program): This is required." in body
    assert "Attach the financial information" in body
    assert db.session.get(Application, app_id).state == "draft"


def test_late_submission_is_refused_with_the_deadline_in_central_time(
    sd, app, auth, client, filler
):
    auth.login("pat@prairie.example.org")
    app_id = filler.start(sd["org"].id)
    filler.fill(app_id, [d.id for d in sd["districts"]])
    app.config["FIXED_TODAY"] = "2009-04-10"  # the day after 004's April 9, 5:00 PM deadline
    response = filler.submit(app_id)
    body = _body(response)
    assert response.status_code == 409
    assert "the submission deadline has passed" in body
    assert "Applications were due April 9, 2009, 5:00 PM CDT." in body
    assert db.session.get(Application, app_id).state == "draft"


def test_debarred_organization_can_register_but_cannot_start_or_submit(
    sd, auth, client, filler, make_application
):
    sd["org"].debarred = True
    db.session.commit()
    auth.login("pat@prairie.example.org")
    response = auth.post(
        f"/organizations/{sd['org'].id}/applications",
        token_from=f"/organizations/{sd['org'].id}",
        follow_redirects=True,
    )
    assert "recorded as debarred or suspended" in _body(response)
    assert "003 &#34;Debarment Certification&#34;" in _body(
        response
    ) or "003 &quot;Debarment Certification&quot;" in _body(response)
    draft = make_application("draft", organization=sd["org"], cycle=sd["cycle"])
    refused = filler.submit(draft.id)
    assert refused.status_code == 409
    assert "cannot apply (E.O. 12549" in _body(refused)


def test_one_application_per_organization_per_cycle(sd, auth, client, filler):
    auth.login("pat@prairie.example.org")
    filler.start(sd["org"].id)
    again = auth.post(
        f"/organizations/{sd['org'].id}/applications",
        token_from=f"/organizations/{sd['org'].id}",
        follow_redirects=True,
    )
    assert "already has an application for SD 2009" in _body(again)
    assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 1


def test_no_open_cycle_refuses_to_start(sd, app, auth, client):
    app.config["FIXED_TODAY"] = "2009-05-01"
    auth.login("pat@prairie.example.org")
    response = auth.post(
        f"/organizations/{sd['org'].id}/applications",
        token_from=f"/organizations/{sd['org'].id}",
        follow_redirects=True,
    )
    assert "No application cycle is open now." in _body(response)


def test_withdraw_after_confirmation(sd, auth, client, filler):
    auth.login("pat@prairie.example.org")
    app_id = filler.start(sd["org"].id)
    assert "Yes, withdraw the application" in _body(client.get(f"/applications/{app_id}/withdraw"))
    response = auth.post(
        f"/applications/{app_id}/withdraw",
        {"reason": "Not this year."},
        token_from=f"/applications/{app_id}/withdraw",
    )
    assert response.status_code == 302
    assert db.session.get(Application, app_id).state == "withdrawn"
    again = auth.post(
        f"/applications/{app_id}/withdraw", {}, token_from=f"/applications/{app_id}/withdraw"
    )
    assert again.status_code == 409
    assert "An application that is withdrawn cannot be withdrawn" in _body(again)
