"""Issue 11 in a real browser (Debian's Chromium): a reviewer scores an SD and an NC application
from the workspace without leaving it; a provider completes a section without scrolling past a
checklist; a coordinator assigns reviewers to every application of a cycle in one step; axe-core
finds no serious or critical violation on the main pages of each role; and no page is wider than
a 320 px viewport."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.extensions import db
from app.models import Application, ReviewerAssignment
from rubrics import load_rubric
from tests.app.applications.conftest import complete_program
from tests.app.browser.test_approval_walk import sign_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core 4.14.1 (npm pack axe-core)
EASTERN = ZoneInfo("America/New_York")


def _assign(application, reviewer, coordinator, declared=False):
    assignment = ReviewerAssignment(
        application=application, reviewer=reviewer, assigned_by=coordinator, read_number=1
    )
    if declared:
        assignment.conflict_status = "no_conflict"
        assignment.declared_at = datetime(2009, 4, 20, 15, 0, tzinfo=EASTERN)
    db.session.add(assignment)
    db.session.flush()
    return assignment.id


def test_reviewer_scores_sd_and_nc_from_the_workspace(
    live_server, page, make_cycle, make_application, make_org, make_user
):
    app, base = live_server.app, live_server.url
    app.config["FIXED_TODAY"] = "2009-04-21"
    nc_narrative = {c.key: f"NC answer {c.key}." for c in load_rubric("nc-2009").criteria}
    with live_server.app_context():
        coordinator = make_user("coordinator", email="coord@example.gov")
        reviewer = make_user("reviewer", email="rev@example.gov", name="Rita Reviewer")
        sd = make_application(
            "under_review",
            organization=make_org("Prairie Learning"),
            cycle=make_cycle(name="SD 2009", review_due_on=date(2009, 4, 24)),
            narrative={"A": "Our lessons follow the SD standards.", "F": "Audited statements."},
        )
        nc = make_application(
            "under_review",
            organization=make_org("Tar Heel Tutors"),
            cycle=make_cycle(
                "nc-2009",
                name="NC 2009",
                due_at=datetime(2009, 4, 9, 17, 0, tzinfo=EASTERN),
                revision_due_at=datetime(2009, 5, 15, 17, 0, tzinfo=EASTERN),
                review_due_on=date(2009, 4, 28),
            ),
            narrative=nc_narrative,
        )
        sd_id, nc_id = sd.id, nc.id
        _assign(sd, reviewer, coordinator, declared=True)
        _assign(nc, reviewer, coordinator)
    visited = []
    page.on("framenavigated", lambda frame: visited.append(frame.url))

    sign_in(page, base, "rev@example.gov")
    page.goto(base + "/review/")
    page.get_by_role("link", name="Score Prairie Learning").click()
    page.wait_for_url("**/sheet")  # waits for "load": measure with the stylesheets applied
    # element A's row holds the applicant's answer beside its score field
    row_a = page.locator("section.criterion-row", has=page.locator("#crit-A"))
    assert "Our lessons follow the SD standards." in row_a.locator(".applicant-part").inner_text()
    answer, score = (
        row_a.locator(".applicant-part").bounding_box(),
        row_a.locator(".score-part").bounding_box(),
    )
    assert score["x"] > answer["x"] + answer["width"] - 1  # two columns on a wide screen
    for key, points in {"A": "22", "B": "13", "C": "21", "D": "20", "E": "9"}.items():
        page.get_by_label(f"Element {key}: Points", exact=False).fill(points)
    assert page.locator("#running-total").inner_text() == "85"  # live, by the static script
    page.locator('input[name="answer_F"][value="yes"]').check()
    page.get_by_role("button", name="Submit and open the next").click()

    # the next open assignment: the NC application, its declaration first
    page.get_by_label("I have no conflict of interest", exact=False).check()
    page.get_by_role("button", name="Record my declaration").click()
    page.wait_for_url("**/sheet")
    row = page.locator("section.criterion-row", has=page.locator("#crit-2C"))
    assert "NC answer 2C." in row.inner_text()
    assert page.locator("#running-total").count() == 0
    for key in nc_narrative:
        page.locator(f'input[name="answer_{key}"][value="met"]').check()
    page.get_by_role("button", name="Submit score sheet").click()
    assert "locked" in page.locator("main").inner_text()
    assert not [
        url for url in visited if f"/applications/{sd_id}" in url or f"/applications/{nc_id}" in url
    ], visited
    with live_server.app_context():
        sheets = db.session.scalars(db.select(ReviewerAssignment)).all()
        assert {a.sheet.status for a in sheets} == {"submitted"}


def test_provider_completes_a_section_without_scrolling_past_a_checklist(
    live_server, page, make_cycle, make_org, make_user, make_district
):
    app, base = live_server.app, live_server.url
    app.config["FIXED_TODAY"] = "2009-04-01"
    with live_server.app_context():
        make_cycle(name="SD 2009")
        districts = [make_district("Sioux Falls", "49-5").id]
        org = make_org("Prairie Learning")
        org_id = org.id
        make_user("provider", organization=org, email="pat@prairie.example.org")
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, base, "pat@prairie.example.org")
    page.goto(f"{base}/organizations/{org_id}")
    page.get_by_role("button", name="Start an application", exact=False).click()
    page.get_by_role("link", name="Basic program information").first.click()
    page.wait_for_url("**/sections/program")
    first_input = page.locator("main form input[type=text]").first
    assert first_input.bounding_box()["y"] < 800  # the form starts on the first screen
    assert page.evaluate("window.scrollY") == 0
    assert page.locator(".error-summary").count() == 0
    program = complete_program(districts)
    for name, value in program.items():
        fields = page.locator(f'main [name="{name}"]')
        kind = (fields.first.get_attribute("type") or "").lower()
        if kind in ("checkbox", "radio"):
            for v in value if isinstance(value, list) else [value]:
                target = (
                    fields
                    if fields.count() == 1
                    else page.locator(f'main [name="{name}"][value="{v}"]')
                )
                target.first.check()
        else:
            fields.first.fill(str(value))
    page.get_by_role("button", name="Save and check this section").click()
    assert "Nothing to fix in this section." in page.locator("main").inner_text()
    summary = page.locator("nav.checklist-summary")
    assert "Basic program information: complete" in " ".join(summary.inner_text().split())


def test_coordinator_assigns_reviewers_to_every_application_in_one_step(
    live_server, page, make_cycle, make_application, make_org, make_user
):
    app, base = live_server.app, live_server.url
    app.config["FIXED_TODAY"] = "2009-04-21"
    with live_server.app_context():
        make_user("coordinator", email="coord@example.gov")
        cycle = make_cycle(name="SD 2009")
        cycle_id = cycle.id
        for name in ("Alpha Tutors", "Beta Learning", "Gamma Academy", "Delta Reading"):
            make_application("submitted", organization=make_org(name), cycle=cycle)
        for n in range(1, 4):
            make_user("reviewer", email=f"rev{n}@example.gov", name=f"Reviewer {n}")
    sign_in(page, base, "coord@example.gov")
    page.goto(base + "/review/cycles")
    page.get_by_role("link", name="Reviewers for SD 2009").click()
    for n in range(1, 4):
        page.locator("#everyone").get_by_label(f"Reviewer {n}").check()
    page.get_by_role("button", name="Assign", exact=True).click()
    assert "12 assignment(s) made." in page.locator("main").inner_text()
    page.get_by_role("button", name="Start the reviews").click()
    assert "4 review(s) started." in page.locator("main").inner_text()
    with live_server.app_context():
        states = db.session.scalars(db.select(Application.state).filter_by(cycle_id=cycle_id)).all()
        assert states == ["under_review"] * 4


def _world(live_server, make_cycle, make_application, make_org, make_user, make_district):
    """One user per role and the records their main pages show; returns {role: [paths]}."""
    with live_server.app_context():
        district = make_district("Sioux Falls", "49-5")
        coordinator = make_user("coordinator", email="coord@example.gov")
        reviewer = make_user("reviewer", email="rev@example.gov")
        org = make_org("Prairie Learning With A Rather Long Organization Name Incorporated")
        make_user("provider", organization=org, email="pat@prairie.example.org")
        make_user("committee", email="member@example.gov")
        make_user("district", district=district, email="district@example.gov")
        cycle = make_cycle(name="SD 2009", review_due_on=date(2009, 4, 24))
        draft = make_application(
            "draft", organization=org, cycle=cycle, program=complete_program([district.id])
        )
        review = make_application(
            "under_review",
            organization=make_org("Beta Learning"),
            cycle=cycle,
            narrative={"A": "Lessons."},
        )
        assignment = _assign(review, reviewer, coordinator, declared=True)
        ids = {
            "org": org.id,
            "draft": draft.id,
            "review": review.id,
            "cycle": cycle.id,
            "assignment": assignment,
        }
    return {
        None: ["/", "/directory/", "/auth/login", "/register"],
        "pat@prairie.example.org": [
            "/home",
            f"/organizations/{ids['org']}",
            f"/applications/{ids['draft']}",
            f"/applications/{ids['draft']}/sections/program",
            f"/applications/{ids['draft']}/sections/assurances",
            f"/applications/{ids['draft']}/submit",
            "/letters/",
        ],
        "rev@example.gov": ["/home", "/review/", f"/review/assignments/{ids['assignment']}/sheet"],
        "coord@example.gov": [
            "/home",
            "/review/applications",
            f"/review/applications/{ids['review']}",
            f"/review/applications/{ids['review']}/decide",
            "/review/cycles",
            f"/review/cycles/{ids['cycle']}/reviewers",
            "/appeals/cases",
            "/appeals/deadlines",
            "/monitoring/violations",
            "/admin/users",
            "/admin/audit",
            "/letters/",
        ],
        "member@example.gov": ["/home", "/appeals/"],
        "district@example.gov": ["/home", "/outcomes/uploads", "/monitoring/complaints"],
    }


@pytest.fixture
def axe_page(browser):
    """A tab that may inject axe-core although the site's CSP refuses inline scripts."""
    context = browser.new_context(locale="en-US", bypass_csp=True)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def _each_page(page, base, pages):
    for email, paths in pages.items():
        page.context.clear_cookies()
        if email:
            sign_in(page, base, email)
        for path in paths:
            response = page.goto(base + path)
            assert response.status == 200, (email, path, response.status)
            yield email, path


def test_axe_finds_no_serious_or_critical_violation(
    live_server, axe_page, make_cycle, make_application, make_org, make_user, make_district
):
    live_server.app.config["FIXED_TODAY"] = "2009-04-01"
    pages = _world(live_server, make_cycle, make_application, make_org, make_user, make_district)
    found = []
    for email, path in _each_page(axe_page, live_server.url, pages):
        axe_page.add_script_tag(path=str(AXE))
        result = axe_page.evaluate("async () => await axe.run(document)")
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found.append(
                    (
                        email,
                        path,
                        violation["id"],
                        violation["help"],
                        [n["target"] for n in violation["nodes"]][:3],
                    )
                )
    assert found == []


def test_no_page_is_wider_than_a_320_px_viewport(
    live_server, page, make_cycle, make_application, make_org, make_user, make_district
):
    live_server.app.config["FIXED_TODAY"] = "2009-04-01"
    pages = _world(live_server, make_cycle, make_application, make_org, make_user, make_district)
    page.set_viewport_size({"width": 320, "height": 640})
    wide = []
    for email, path in _each_page(page, live_server.url, pages):
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            wide.append((email, path, width))
    assert wide == []


def test_focus_moves_to_the_error_summary_and_group_errors_are_linked(
    live_server, page, make_cycle, make_application, make_org, make_user
):
    live_server.app.config["FIXED_TODAY"] = "2009-04-21"
    with live_server.app_context():
        coordinator = make_user("coordinator", email="coord@example.gov")
        reviewer = make_user("reviewer", email="rev@example.gov")
        application = make_application(
            "under_review", organization=make_org("Prairie"), cycle=make_cycle(name="SD 2009")
        )
        assignment = _assign(application, reviewer, coordinator, declared=True)
    sign_in(page, live_server.url, "rev@example.gov")
    page.goto(f"{live_server.url}/review/assignments/{assignment}/sheet")
    page.get_by_label("Element A: Points", exact=False).fill("30")
    page.get_by_role("button", name="Submit score sheet").click()
    # the refused sheet comes back on the same address: wait for its script to run (it fails
    # by timeout when the focus never moves)
    page.wait_for_function(
        "() => document.readyState === 'complete' && document.activeElement"
        " && document.activeElement.classList.contains('error-summary')",
        timeout=5_000,
    )
    group = page.locator("fieldset#answer-F")
    assert group.get_attribute("aria-describedby") == "answer-F-error"
    assert page.locator("#answer-F-error").inner_text()
