"""The provider's working day (issue 11): the section page starts with its form, problems wait
until the provider asks to check, deadlines in the pack's time zone on every page that shows
one, the deadline state on the submit page, each pack's own assurances and citations, menu
items only for what exists, no contradictory messages."""

import html
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.extensions import db
from app.models import Letter, Violation
from tests.app.applications.conftest import complete_sections
from tests.app.applications.test_registration import _form
from workflows.policy import load_policy

EASTERN = ZoneInfo("America/New_York")


def _body(response):
    return html.unescape(response.get_data(as_text=True))


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _body(response)))


@pytest.fixture
def nc_draft(app, make_district, make_cycle, make_org, make_user, auth, filler):
    """A signed-in NC provider with a draft; the NC cycle is due 5:00 PM Eastern, April 9."""
    app.config["FIXED_TODAY"] = "2009-04-01"
    make_district("Wake County Schools", "920", state="NC")
    cycle = make_cycle(
        "nc-2009",
        name="NC 2009",
        due_at=datetime(2009, 4, 9, 17, 0, tzinfo=EASTERN),
        revision_due_at=datetime(2009, 5, 15, 17, 0, tzinfo=EASTERN),
    )
    org = make_org("Tar Heel Tutors")
    user = make_user("provider", organization=org, email="nc@example.org")
    auth.login("nc@example.org")
    return {"org": org, "cycle": cycle, "user": user, "app_id": filler.start(org.id)}


def test_section_page_starts_with_its_form(sd, auth, filler, client):
    auth.login(sd["provider"].email)
    draft = filler.start(sd["org"].id)
    body = _body(client.get(f"/applications/{draft}/sections/program"))
    main = body.split('<main id="main"')[1]
    # the form comes before the checklist summary, which lists no problems
    assert main.index('<form method="post"') < main.index('id="checklist-h"')
    summary = main.split('id="checklist-h"')[1].split("</nav>")[0]
    # one line per section (SD: six), counts only: no nested list of problems
    assert summary.count("<li") == 6 and "to do" in summary and summary.count("<ul>") == 1


def test_a_fresh_draft_does_not_turn_red_after_its_first_save(sd, auth, filler, client):
    auth.login(sd["provider"].email)
    draft = filler.start(sd["org"].id)
    assert filler.save(draft, "program", {"program_name": "Reading Club"}).status_code == 302
    body = _body(client.get(f"/applications/{draft}/sections/program"))
    assert "error-summary" not in body and 'class="error"' not in body
    # a value that breaks a rule is flagged at once; what is missing waits for the check
    filler.save(draft, "program", {"program_name": "Reading Club", "students_per_instructor": "9"})
    body = _body(client.get(f"/applications/{draft}/sections/program"))
    assert 'id="f-students_per_instructor-error"' in body
    assert 'id="f-program_name-error"' not in body and 'id="f-transportation-error"' not in body
    response = filler.save(draft, "program", {"program_name": "Reading Club", "action": "check"})
    assert response.status_code == 302 and response.headers["Location"].endswith("?check=1")
    body = _body(client.get(response.headers["Location"]))
    assert 'id="f-transportation-error"' in body and "error-summary" in body
    assert "to fix" in body  # the summary turns red only now


def test_nc_deadlines_are_eastern_on_every_page_that_shows_one(nc_draft, client, app):
    app_id, org = nc_draft["app_id"], nc_draft["org"]
    db.session.add(
        Letter(
            kind="submission_receipt",
            organization=org,
            application_id=app_id,
            subject="Receipt",
            body_html="<p>Receipt</p>",
            sent_on=date(2009, 4, 8),
            emailed_at=datetime(2009, 4, 8, 17, 0, tzinfo=EASTERN),
        )
    )
    db.session.commit()
    letter = db.session.scalar(db.select(Letter))
    pages = {
        f"/applications/{app_id}": "April 9, 2009, 5:00 PM EDT",
        f"/applications/{app_id}/submit": "April 9, 2009, 5:00 PM EDT",
        "/letters/": "April 8, 2009, 5:00 PM EDT",
        f"/letters/{letter.id}": "April 8, 2009, 5:00 PM EDT",
    }
    for path, shown in pages.items():
        page = _text(client.get(path))
        assert shown in page, path
        assert "CDT" not in page and "CST" not in page, path


def test_organization_page_shows_the_open_nc_cycle_in_eastern(
    nc_draft, auth, make_org, make_user, client
):
    org = make_org("Pamlico Tutors")
    make_user("provider", organization=org, email="p@pamlico.example.org")
    auth.logout()
    auth.login("p@pamlico.example.org")
    page = _text(client.get(f"/organizations/{org.id}"))
    assert "open for applications until April 9, 2009, 5:00 PM EDT" in page


def test_coordinator_pages_show_nc_deadlines_in_eastern(nc_draft, auth, make_user, client):
    make_user("coordinator", email="coord@example.gov")
    auth.logout()
    auth.login("coord@example.gov")
    for path in ("/home", "/review/cycles"):
        page = _text(client.get(path))
        assert "April 9, 2009, 5:00 PM EDT" in page, path
        assert "4:00 PM CDT" not in page, path


def test_submit_page_says_the_deadline_has_passed(nc_draft, client, app):
    app.config["FIXED_TODAY"] = "2009-04-10"
    page = _text(client.get(f"/applications/{nc_draft['app_id']}/submit"))
    assert "The deadline passed on April 9, 2009, 5:00 PM EDT" in page
    assert "Submit the application</button>" not in _body(
        client.get(f"/applications/{nc_draft['app_id']}/submit")
    )
    app.config["FIXED_TODAY"] = "2009-04-09"  # noon UTC: before 5:00 PM Eastern
    page = _text(client.get(f"/applications/{nc_draft['app_id']}/submit"))
    assert "deadline passed" not in page and "Applications are due" in page


@pytest.mark.parametrize("code", ["nc-2009", "ma-2011"])
def test_other_packs_neither_cite_004_nor_show_sds_assurances(
    code, app, make_district, make_cycle, make_org, make_user, auth, filler, client
):
    app.config["FIXED_TODAY"] = "2009-04-01"
    state = load_policy(code).state
    make_district("A district", "100", state=state)
    make_cycle(code, due_at=datetime(2009, 4, 9, 17, 0, tzinfo=EASTERN))
    org = make_org("Bay Tutors")
    make_user("provider", organization=org, email="p@bay.example.org")
    auth.login("p@bay.example.org")
    app_id = filler.start(org.id)
    pages = [f"/applications/{app_id}/sections/{key}" for key in complete_sections(code)]
    pages += [
        f"/applications/{app_id}/sections/program",
        f"/applications/{app_id}/attachments",
        f"/applications/{app_id}/submit",
        f"/applications/{app_id}",
    ]
    for path in pages:
        body = _body(client.get(path))
        assert "004" not in body, path
        assert "The provider has liability insurance." not in body, path
    assurances = _text(client.get(f"/applications/{app_id}/sections/assurances"))
    expected = {
        "nc-2009": "approval does not constitute a guarantee of employment",
        "ma-2011": "Criminal Offender Record Information (CORI)",
    }[code]
    assert expected in assurances
    assert f"Source: {load_policy(code).assurances_source}." in assurances


def test_sd_keeps_its_eight_assurances(sd, auth, filler, client):
    auth.login(sd["provider"].email)
    draft = filler.start(sd["org"].id)
    body = _body(client.get(f"/applications/{draft}/sections/assurances"))
    assert body.count('name="statements"') == 8
    assert "The provider has liability insurance." in body and "004" in body


def test_debarred_registration_is_not_told_it_can_apply(
    places,
    auth,
    client,
    make_cycle,  # noqa: F811
    app,
):
    make_cycle()
    app.config["FIXED_TODAY"] = "2009-04-01"
    response = auth.post(
        "/register", _form(debarred="yes"), token_from="/register", follow_redirects=True
    )
    page = _text(response)
    assert "This organization cannot apply" in page and "Lakeside Tutoring is registered." in page
    assert "You can now start an application" not in page


def test_eligible_registration_is_told_it_can_apply(
    places,
    auth,
    client,
    make_cycle,  # noqa: F811
    app,
):
    make_cycle()
    app.config["FIXED_TODAY"] = "2009-04-01"
    response = auth.post("/register", _form(), token_from="/register", follow_redirects=True)
    assert "You can now start an application" in _text(response)


def _menu(client):
    nav = _body(client.get("/home", follow_redirects=True)).split('aria-label="Main"')[1]
    return nav.split("</nav>")[0]


def test_provider_menu_only_lists_what_exists(sd, auth, client, make_application):
    auth.login(sd["provider"].email)
    menu = _menu(client)
    for label in ("Violations", "Monitoring visits", "Removal cases", "Appeals"):
        assert f">{label}</a>" not in menu
    assert ">Letters</a>" in menu and ">Your organization</a>" in menu
    application = make_application("approved", organization=sd["org"], cycle=sd["cycle"])
    db.session.add(
        Violation(
            organization_id=sd["org"].id,
            application_id=application.id,
            kind="missing_final_report",
            source="missing_report",
            cited_on=date(2009, 7, 1),
            description="No final report.",
        )
    )
    db.session.commit()
    menu = _menu(client)
    assert ">Violations</a>" in menu and ">Removal cases</a>" not in menu
