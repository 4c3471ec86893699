"""The application form: a draft keeps whatever was typed, every problem is shown beside its
field at once (the rules engine's `program_problems` included), and the checklist says what is
missing. Malformed input never produces a 500."""

import html
import re

import pytest

from app.applications.queries.checklist import application_problems
from app.extensions import db
from app.models import Application
from tests.app.applications.conftest import complete_program


def _body(response):
    return html.unescape(response.get_data(as_text=True))


def _error_beside(body, field_id):
    """The error text rendered beside the field with `field_id`."""
    match = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', body)
    return match.group(1) if match else None


@pytest.fixture
def draft(sd, auth, filler):
    """The signed-in provider's new SD draft (its id)."""
    auth.login("pat@prairie.example.org")
    return filler.start(sd["org"].id)


def test_new_draft_shows_the_section_nav_checklist_and_the_pack_questions(sd, draft, client):
    body = _body(client.get(f"/applications/{draft}/sections/program"))
    for title in (
        "Basic program information",
        "Narrative",
        "Service summary",
        "Program description",
        "Assurances and signatures",
        "Attachments",
    ):
        assert title in body
    assert "South Dakota 2009 requirements" not in body  # SD lists no pack-specific fields
    assert 'name="subjects_by_grade.reading" value="K-2"' in body
    assert 'name="subjects_by_grade.math" value="9-12"' in body
    assert "Sioux Falls 49-5" in body and "Rapid City 51-4" in body
    narrative = _body(client.get(f"/applications/{draft}/sections/narrative"))
    assert "Element A (Program)" in narrative and "Element F (Financial Status)" in narrative
    assert "a detailed sample lesson plan" in narrative  # the rubric's guidance
    assurances = _body(client.get(f"/applications/{draft}/sections/assurances"))
    assert "The provider has liability insurance." in assurances
    # The service summary starts from the organization's contact details.
    assert 'value="office@prairie.example.org"' in _body(
        client.get(f"/applications/{draft}/sections/service_summary")
    )


def test_program_problems_are_shown_beside_their_fields(sd, draft, filler, client):
    """004 item 9 (4 per instructor), item 12 (three sentences), item 4 (statewide refused),
    "Students to be Served" (30-minute sessions)."""
    data = complete_program(
        [],
        students_per_instructor="5",
        session_minutes="20",
        description="One. Two. Three. Four.",
        statewide="y",
    )
    response = filler.save(draft, "program", data)
    assert response.status_code == 302  # saved, problems and all
    body = _body(client.get(f"/applications/{draft}/sections/program"))
    assert (
        _error_beside(body, "f-students_per_instructor")
        == "At most 4 students per instructor are allowed; 5 were entered."
    )
    assert (
        _error_beside(body, "f-description")
        == "The description may have at most 3 sentences; it has 4."
    )
    assert (
        _error_beside(body, "f-service_area")
        == "Statewide will not be accepted; list the districts you serve."
    )
    assert (
        _error_beside(body, "f-session_minutes")
        == "Each session must last at least 30 minutes; 20 were entered."
    )
    application = db.session.get(Application, draft)
    assert application.program["students_per_instructor"] == 5
    assert application.program["description"] == "One. Two. Three. Four."
    assert application.service_area == []


def test_malformed_numbers_are_saved_as_typed_and_flagged(sd, draft, filler, client):
    data = complete_program(
        [sd["districts"][0].id],
        total_hours="thirty",
        students_per_instructor="99999999999999999999",
        hourly_rate="$38.999",
        min_students_per_site="-3",
        hours_per_week="1e9",
    )
    assert filler.save(draft, "program", data).status_code == 302
    program = db.session.get(Application, draft).program
    assert program["total_hours"] == "thirty"
    assert program["students_per_instructor"] == "99999999999999999999"
    assert program["hourly_rate"] == "$38.999"
    body = _body(client.get(f"/applications/{draft}/sections/program"))
    assert 'value="thirty"' in body and 'value="99999999999999999999"' in body
    assert "“thirty” is not one" in _error_beside(body, "f-total_hours")
    assert "not one" in _error_beside(body, "f-students_per_instructor")
    assert "dollars and cents" in _error_beside(body, "f-hourly_rate")
    assert "not one" in _error_beside(body, "f-min_students_per_site")
    assert "not one" in _error_beside(body, "f-hours_per_week")


def test_large_but_whole_numbers_are_out_of_range_not_a_crash(sd, draft, filler, client):
    filler.save(
        draft,
        "program",
        complete_program(
            [sd["districts"][0].id], max_students_per_site="999999999", min_students_per_site="30"
        ),
    )
    body = _body(client.get(f"/applications/{draft}/sections/program"))
    assert "999,999,999 is out of range" in _error_beside(body, "f-max_students_per_site")


def test_minimum_above_maximum_is_flagged(sd, draft, filler, client):
    filler.save(
        draft,
        "program",
        complete_program(
            [sd["districts"][0].id], min_students_per_site="30", max_students_per_site="10"
        ),
    )
    body = _body(client.get(f"/applications/{draft}/sections/program"))
    assert (
        _error_beside(body, "f-max_students_per_site")
        == "The maximum (10) is below the minimum (30)."
    )


def test_unknown_district_id_keeps_the_rest_and_says_so(sd, draft, filler, client):
    data = complete_program([sd["districts"][1].id], program_name="Kept")
    data["service_area"] = data["service_area"] + ["99999", "abc", "²"]
    response = filler.save(draft, "program", data)
    body = _body(response)
    assert response.status_code == 200
    assert "Not a district of this state: “99999”, “abc”, “²”" in body
    application = db.session.get(Application, draft)
    assert [d.code for d in application.service_area] == ["51-4"]
    assert application.program["program_name"] == "Kept"


def test_unknown_choices_and_bad_dates_never_500(sd, draft, filler, client):
    response = filler.save(
        draft,
        "program",
        complete_program(
            [sd["districts"][0].id],
            delivery="telepathy",
            modes=["in_person", "smoke"],
            **{"subjects_by_grade.art": ["K-2"], "subjects_by_grade.math": ["13-14"]},
        ),
    )
    assert response.status_code == 200
    body = _body(response)
    assert "“telepathy” is not one of the choices." in body
    program = db.session.get(Application, draft).program
    assert program["modes"] == ["in_person"]
    assert program["subjects_by_grade"] == {"reading": ["K-2", "3-5"]}
    filler.save(draft, "assurances", {"signed_on": "2009-02-30", "statements": ["1", "9"]})
    body = _body(client.get(f"/applications/{draft}/sections/assurances"))
    assert 'value="2009-02-30"' in body
    assert "“2009-02-30” is not a date" in _error_beside(body, "f-signed_on")
    assert "not yet checked: 2, 3, 4, 5, 6, 7, 8" in _error_beside(body, "f-statements")


def test_empty_post_and_huge_text_are_kept(sd, draft, filler, client):
    assert filler.save(draft, "narrative", {}).status_code == 302
    assert filler.save(draft, "service_summary", {"contact_name": "x" * 5000}).status_code == 302
    body = _body(client.get(f"/applications/{draft}/sections/service_summary"))
    assert "Keep this under 300 characters; it has 5,000." in body


def test_checklist_lists_what_is_missing_per_section(sd, draft, filler, client):
    filler.save(draft, "description", {"program_description": "Our program."})
    problems = application_problems(db.session.get(Application, draft))
    assert problems["description"] == []
    assert {p.field for p in problems["program"]} >= {"program_name", "service_area"}
    assert problems["attachments"][0].message.startswith("Attach the financial information")
    body = _body(client.get(f"/applications/{draft}"))
    assert 'Program description</a>:\n      <span class="done">complete</span>' in body
    # the side summary counts what is left; the problems themselves wait for a check
    assert "to do</span>" in body and "to fix" not in body
    assert "Attach the financial information" in _body(client.get(f"/applications/{draft}/submit"))


def test_statewide_selects_every_district_where_the_pack_allows_it(
    app, make_district, make_cycle, make_org, make_user, auth, filler
):
    """NC 003 "Service Areas p8 M": "The organization can serve all districts"."""
    app.config["FIXED_TODAY"] = "2009-04-01"
    for name, code in (("Wake", "920"), ("Durham", "320")):
        make_district(name, code, state="NC")
    make_district("Sioux Falls", "49-5")
    make_cycle("nc-2009")
    org = make_org("Tar Heel Tutors")
    make_user("provider", organization=org, email="nc@example.org")
    auth.login("nc@example.org")
    app_id = filler.start(org.id)
    filler.save(app_id, "program", {"statewide": "y"})
    application = db.session.get(Application, app_id)
    assert [d.code for d in application.service_area] == ["320", "920"]
    assert not [
        p for p in application_problems(application)["program"] if p.field == "service_area"
    ]
