"""Issue 4 in a real browser: a provider fills and submits an SD application, the coordinator
assigns reviewers and approves, and the public directory lists the provider under each district
of its service area. The reviewers' conflict declarations and score sheets go through the same
web forms over HTTP (a test client against the served database) to keep the walk short."""

import re

import pytest

from tests.app.applications.conftest import PDF, complete_program, complete_sections
from tests.conftest import Auth

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
SD_HIGH = {"A": "22", "B": "13", "C": "21", "D": "20", "E": "9", "F": "yes"}  # 85 points


def fill_form(page, data):
    """Fill a form in `page` from {field name: value or [values]} like the HTTP tests post."""
    for name, value in data.items():
        inputs = page.locator(f'main [name="{name}"]')
        kind = (inputs.first.get_attribute("type") or "").lower()
        tag = inputs.first.evaluate("e => e.tagName").lower()
        if tag == "select":
            inputs.first.select_option(value if isinstance(value, list) else str(value))
        elif kind in ("checkbox", "radio"):
            for v in value if isinstance(value, list) else [value]:
                if kind == "checkbox" and inputs.count() == 1 and v in ("y", True):
                    inputs.first.check()
                else:
                    page.locator(f'main [name="{name}"][value="{v}"]').check()
        else:
            inputs.first.fill(str(value))


def sign_in(page, base, email):
    page.goto(base + "/auth/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home")


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_provider_submits_coordinator_approves_directory_lists(
    live_server, page, make_district, make_cycle, make_org, make_user, tmp_path
):
    app, base = live_server.app, live_server.url
    app.config["FIXED_TODAY"] = "2009-04-01"
    with live_server.app_context():
        sioux, rapid = make_district("Sioux Falls", "49-5"), make_district("Rapid City", "51-4")
        district_ids = [sioux.id, rapid.id]
        make_cycle("sd-2009", name="SD 2009")
        org = make_org("Prairie Learning", contact_email="office@prairie.example.org")
        org_id = org.id
        make_user("provider", organization=org, email="pat@prairie.example.org")
        make_user("coordinator", email="coord@example.gov")
        reviewers = [
            make_user("reviewer", email=f"rev{n}@example.gov", name=f"Reviewer {n}").id
            for n in range(1, 4)
        ]

    # The provider starts, fills every section and submits.
    sign_in(page, base, "pat@prairie.example.org")
    page.goto(f"{base}/organizations/{org_id}")
    page.get_by_role("button", name=re.compile("Start an application")).click()
    application_id = int(re.search(r"/applications/(\d+)", page.url).group(1))
    sections = {"program": complete_program(district_ids), **complete_sections("sd-2009")}
    for key, data in sections.items():
        page.goto(f"{base}/applications/{application_id}/sections/{key}")
        if key == "narrative":
            data = {
                f"narrative-{k}" if page.locator(f'main [name="narrative-{k}"]').count() else k: v
                for k, v in data.items()
            }
        fill_form(page, data)
        page.get_by_role("button", name="Save this section").click()
        assert page.locator(".flash-error").count() == 0, (key, page.content()[:2000])
    attachment = tmp_path / "audit.pdf"
    attachment.write_bytes(PDF)
    page.goto(f"{base}/applications/{application_id}/attachments")
    page.locator('main select[name="kind"]').select_option("financial_information")
    page.locator('main input[type="file"]').set_input_files(str(attachment))
    page.get_by_role("button", name="Attach").click()
    page.goto(f"{base}/applications/{application_id}/submit")
    page.get_by_role("button", name="Submit the application").click()
    assert "submitted" in page.locator("main").inner_text().lower()
    sign_out(page)

    # The coordinator assigns three reviewers and starts the review.
    app.config["FIXED_TODAY"] = "2009-04-21"
    sign_in(page, base, "coord@example.gov")
    page.goto(f"{base}/review/applications/{application_id}/assign")
    for reviewer_id in reviewers:
        page.locator(f'main input[name="reviewers"][value="{reviewer_id}"]').check()
    page.get_by_role("button", name="Assign").click()
    page.get_by_role("button", name="Start the review").click()
    assert "under review" in page.locator("main").inner_text().lower()

    # Each reviewer declares no conflict and submits a score sheet (HTTP, same forms).
    client = app.test_client()
    auth = Auth(client)
    with app.app_context():
        from app.extensions import db
        from app.models import ReviewerAssignment

        assignments = dict(
            db.session.execute(
                db.select(ReviewerAssignment.reviewer_id, ReviewerAssignment.id).filter_by(
                    application_id=application_id
                )
            ).all()
        )
    for n, reviewer_id in enumerate(reviewers, start=1):
        assert auth.login(f"rev{n}@example.gov").status_code == 302
        assignment = assignments[reviewer_id]
        assert (
            auth.post(
                f"/review/assignments/{assignment}/declaration", {"declaration": "no_conflict"}
            ).status_code
            == 302
        )
        response = auth.post(
            f"/review/assignments/{assignment}/sheet",
            {**{f"answer_{k}": v for k, v in SD_HIGH.items()}, "action": "submit"},
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:1000]
        auth.logout()

    # The coordinator sees the recommendation and approves.
    page.goto(f"{base}/review/applications/{application_id}/decide")
    assert "approve" in page.locator("main").inner_text().lower()
    page.locator('main [name="outcome"][value="approve"]').check()
    page.get_by_role("button", name="Record the decision").click()
    assert "approved" in page.locator("main").inner_text().lower()
    sign_out(page)

    # The public directory lists the provider under each district of its service area.
    for district_id in district_ids:
        page.goto(f"{base}/directory/districts/{district_id}")
        assert page.locator("article.provider-entry h3").all_inner_texts() == ["Prairie Learning"]
