"""The review workspace (issue 11): each criterion beside the part of the application it scores,
no label shown twice, the running total and thresholds, "submit and open the next", and the
queue's due dates, status filter and sort."""

from datetime import date

import pytest

from app.applications.forms.sections import sections_for
from app.extensions import db
from rubrics import available_rubrics, load_rubric
from workflows.policy import available_policies, load_policy

from .conftest import SD_HIGH, all_answers, text_of

NARRATIVE_SD = {
    "A": "Our lesson plans follow the SD standards.",
    "B": "Certified teachers.",
    "C": "Studies show gains.",
    "D": "Pre and post tests.",
    "E": "$38 per hour.",
    "F": "Audited statements.",
}


@pytest.mark.parametrize("code", available_policies())
def test_every_rubric_part_names_a_part_of_its_packs_form(code):
    """The mapping in rubrics/*.toml resolves against the pack's application form, and every
    criterion scores at least its own narrative answer."""
    policy = load_policy(code)
    sections = {s.key: s for s in sections_for(policy)}
    rubric = load_rubric(policy.rubric)
    for criterion in rubric.criteria:
        assert f"narrative.{criterion.key}" in criterion.application_parts
        for part in criterion.application_parts:
            section_key, _, field_key = part.partition(".")
            assert section_key in sections, part
            if field_key:
                assert sections[section_key].field(field_key) is not None, part


def test_shipped_rubrics_are_all_checked():
    assert {load_policy(c).rubric for c in available_policies()} == set(available_rubrics())


def _open(flow, application, reviewer):
    flow.assign(application, [reviewer])
    flow.declare(application, reviewer)
    assignment = flow.assignment(application, reviewer)
    return f"/review/assignments/{assignment.id}/sheet"


def test_sd_sheet_shows_each_element_beside_its_narrative(flow, people, make_application, program):
    application = make_application(
        "submitted", organization=people["org"], program=program, narrative=NARRATIVE_SD
    )
    reviewer = people["reviewers"][0]
    path = _open(flow, application, reviewer)
    html = flow.client.get(path).get_data(as_text=True)
    for key, text in NARRATIVE_SD.items():
        row = html.split(f'id="crit-{key}"')[1].split('class="criterion-row"')[0]
        assert text in row  # the applicant's answer sits in the criterion's own row
        assert f'name="answer_{key}"' in row
    element_a = html.split('id="crit-A"')[1].split('id="crit-B"')[0]
    assert "Small-group reading and math tutoring" in element_a  # A also reads the program
    # no label shown twice: the criterion title is the row's heading only
    assert html.count("Element A: Program") == 1
    assert "Running total" in html and "approval at 80, revisions at 60" in html
    assert "/static/js/workspace.js" in html and "<script>" not in html


def test_running_total_after_saving_a_draft(flow, people, make_application):
    application = make_application("submitted", organization=people["org"])
    reviewer = people["reviewers"][0]
    path = _open(flow, application, reviewer)
    response = flow.score(
        application, reviewer, {"A": "20", "B": "26", "C": "abc", "E": "7"}, action="save"
    )
    assert response.status_code == 302
    page = text_of(flow.client.get(path))
    # 20 + 7 (26 exceeds B's 15 points and "abc" is not a number: neither counts)
    assert "Running total: 27 of 100 points" in page


def test_nc_sheet_shows_each_indicator_beside_its_answer(
    flow, people, make_application, make_cycle
):
    cycle = make_cycle("nc-2009")
    narrative = {c.key: f"Answer to indicator {c.key}." for c in load_rubric("nc-2009").criteria}
    application = make_application(
        "submitted", organization=people["org"], cycle=cycle, narrative=narrative
    )
    reviewer = people["reviewers"][0]
    html = flow.client.get(_open(flow, application, reviewer)).get_data(as_text=True)
    for key, text in narrative.items():
        row = html.split(f'id="crit-{key}"')[1].split('class="criterion-row"')[0]
        assert text in row and f'name="answer_{key}"' in row
    assert html.count("Indicator 2C: Hiring tutors") == 1
    assert "Running total" not in html  # Met/Not Met: no points
    response = flow.score(application, reviewer, all_answers("nc-2009"))
    assert response.status_code == 302


def test_submit_and_open_the_next(flow, people, make_application, make_org, make_cycle):
    reviewer = people["reviewers"][0]
    early = make_cycle(name="Early", review_due_on=date(2009, 4, 20))
    late = make_cycle(name="Late", review_due_on=date(2009, 4, 30))
    first = make_application("submitted", organization=people["org"], cycle=early)
    later = make_application("submitted", organization=make_org("Later Org"), cycle=late)
    second = make_application("submitted", organization=make_org("Second Org"), cycle=early)
    for application in (first, later, second):
        flow.assign(application, [reviewer])
    flow.declare(first, reviewer)
    response = flow.score(first, reviewer, SD_HIGH, action="submit_next")
    assert response.status_code == 302
    # the next open assignment with the earliest due date: Second Org (April 20), declared first
    nxt = flow.assignment(second, reviewer)
    assert response.headers["Location"].endswith(f"/review/assignments/{nxt.id}/declaration")
    flow.declare(second, reviewer)
    response = flow.score(second, reviewer, SD_HIGH, action="submit_next")
    nxt = flow.assignment(later, reviewer)
    assert response.headers["Location"].endswith(f"/review/assignments/{nxt.id}/declaration")
    flow.declare(later, reviewer)
    response = flow.score(later, reviewer, SD_HIGH, action="submit_next")
    assert response.headers["Location"].endswith("/review/")
    assert "Nothing else is waiting in your queue." in text_of(flow.client.get("/review/"))


def test_submit_and_next_with_a_problem_stays_on_the_sheet(flow, people, make_application):
    application = make_application("submitted", organization=people["org"])
    reviewer = people["reviewers"][0]
    path = _open(flow, application, reviewer)
    response = flow.score(application, reviewer, dict(SD_HIGH, A="30"), action="submit_next")
    assert response.status_code == 422
    assert 'href="#answer-A"' in response.get_data(as_text=True)
    assert flow.assignment(application, reviewer).sheet.status == "draft"
    assert flow.client.get(path).status_code == 200


def _queue_orgs(flow, query=""):
    page = text_of(flow.client.get(f"/review/{query}"))
    return [name for name in ("Alpha", "Beta", "Gamma") if name in page], page


def test_queue_due_dates_sort_and_filter(flow, people, make_application, make_org, make_cycle):
    reviewer = people["reviewers"][0]
    cycles = {
        "Alpha": make_cycle(name="C1", review_due_on=date(2009, 4, 30)),
        "Beta": make_cycle(name="C2", review_due_on=date(2009, 4, 20)),
        "Gamma": make_cycle(
            name="C3", review_ends_on=date(2009, 5, 20), review_starts_on=date(2009, 4, 10)
        ),
    }
    apps = {
        name: make_application("submitted", organization=make_org(name), cycle=cycle)
        for name, cycle in cycles.items()
    }
    for application in apps.values():
        flow.assign(application, [reviewer])
    flow.declare(apps["Alpha"], reviewer)
    flow.score(apps["Alpha"], reviewer, SD_HIGH)
    flow.as_user(reviewer)

    page = text_of(flow.client.get("/review/?sort=due"))
    assert page.index("Beta") < page.index("Alpha") < page.index("Gamma")
    assert "April 20, 2009 overdue" in page  # TODAY is May 1, 2009
    assert "May 20, 2009" in page  # no review due date: the end of the review
    page = text_of(flow.client.get("/review/?sort=organization"))
    assert page.index("Alpha") < page.index("Beta") < page.index("Gamma")
    assert _queue_orgs(flow, "?status=submitted")[0] == ["Alpha"]
    assert _queue_orgs(flow, "?status=open")[0] == ["Beta", "Gamma"]
    assert _queue_orgs(flow, "?status=declare&sort=status")[0] == ["Beta", "Gamma"]
    # an unknown filter or sort falls back to everything by due date, never a 500
    response = flow.client.get("/review/?status=nonsense&sort=%00")
    assert response.status_code == 200 and "Alpha" in text_of(response)


def test_queue_is_the_reviewers_own(flow, people, make_application, auth, make_user):
    application = make_application("submitted", organization=people["org"])
    flow.assign(application, [people["reviewers"][0]])
    flow.as_user(people["reviewers"][1])
    assert "Nothing is assigned to you." in text_of(flow.client.get("/review/"))
    for user in (people["coordinator"], people["provider"]):
        flow.as_user(user)
        assert flow.client.get("/review/?sort=due").status_code == 403


def test_cycle_review_due_date_is_saved_and_checked(flow, people, make_cycle):
    cycle = make_cycle()
    flow.as_user(people["coordinator"])
    data = {
        "name": "SD 2009",
        "policy_code": "sd-2009",
        "opens_on": "2009-03-02",
        "due_at": "2009-04-09T17:00",
        "review_due_on": "2009-04-01",
        "revision_due_at": "2009-05-15T17:00",
    }
    refused = flow.post(f"/review/cycles/{cycle.id}", data)
    assert refused.status_code == 200
    assert "Score sheets cannot be due before the applications are." in text_of(refused)
    response = flow.post(f"/review/cycles/{cycle.id}", dict(data, review_due_on="2009-04-24"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(cycle), cycle.id).review_due_on == date(2009, 4, 24)
