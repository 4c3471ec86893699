"""End to end through the web pages of two areas: two confirmed violations within two years
(002 "Resulting Action": "second violation in two years") open a removal case on the monitoring
pages; the coordinator removes on the case page; the provider and its districts get their
notices; the provider reads its notice in the portal (receipt), appeals on the last day, the
department retains the removal and the appeals committee upholds it."""

import re
from datetime import date

from app.extensions import db, limiter
from app.models import Application, Letter, RemovalCase, Violation


def _cite(auth, application, kind, cited_on, description):
    response = auth.post(
        "/monitoring/violations/new",
        {
            "application_id": str(application.id),
            "kind": kind,
            "cited_on": cited_on,
            "source": "district_report",
            "description": description,
        },
        token_from="/monitoring/violations/new",
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(db.select(Violation).order_by(Violation.id.desc()).limit(1))


def _confirm(auth, violation):
    response = auth.post(
        f"/monitoring/violations/{violation.id}/confirm",
        {"findings": "Substantiated by the district's records."},
        token_from=f"/monitoring/violations/{violation.id}",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.get(Violation, violation.id)


def test_two_violations_to_removal_appeal_and_committee(
    app, auth, client, quick_user, make_org, make_district, make_application
):
    sioux = make_district("Sioux Falls", "49-5")
    rapid = make_district("Rapid City", "51-4")
    org = make_org("Bright Minds Tutoring")
    application = make_application(
        "approved", organization=org, service_area=[sioux, rapid], approved_on=date(2009, 7, 1)
    )
    coordinator = quick_user("coordinator", email="coordinator@example.gov")
    provider = quick_user("provider", organization=org, email="provider@example.gov")
    members = [quick_user("committee", name=f"Member {i}") for i in range(3)]

    def sign_in(user, day):
        app.config["FIXED_TODAY"] = day
        auth.logout()
        limiter.reset()  # several sign-ins a minute, on purpose
        assert auth.login(user.email).status_code == 302

    # First confirmed violation: noted, no case.
    sign_in(coordinator, "2009-10-05")
    first = _confirm(
        auth,
        _cite(
            auth,
            application,
            "contract_noncompliance",
            "2009-10-01",
            "Served fewer students than the contract.",
        ),
    )
    assert (first.status, first.outcome) == ("confirmed", "noted")
    assert db.session.scalar(db.select(RemovalCase)) is None

    # Second within two years: the rules open a removal case.
    sign_in(coordinator, "2010-03-01")
    second = _confirm(
        auth,
        _cite(
            auth,
            application,
            "not_ready_to_serve",
            "2010-02-15",
            "Not ready to begin services on the contract date.",
        ),
    )
    assert second.outcome == "removal"
    case = db.session.scalar(db.select(RemovalCase))
    assert (case.status, case.grounds) == ("open", "violations")
    page = client.get(f"/appeals/cases/{case.id}").get_data(as_text=True)
    assert "Served fewer students" in page and "Not ready to begin services" in page

    # The coordinator removes: notice to the provider, one to each district.
    sign_in(coordinator, "2010-03-05")
    assert (
        auth.post(
            f"/appeals/cases/{case.id}/decision",
            {"dec-decision": "remove", "dec-reason": "Second violation within two years."},
            token_from=f"/appeals/cases/{case.id}",
        ).status_code
        == 302
    )
    assert db.session.get(Application, application.id).state == "removed"
    district_ids = sorted(
        db.session.scalars(
            db.select(Letter.district_id).where(Letter.kind == "district_removal_notice")
        )
    )
    assert district_ids == sorted([sioux.id, rapid.id])

    # The provider reads the notice in the portal on Monday March 8: the clock starts.
    sign_in(provider, "2010-03-08")
    filing_page = client.get(f"/appeals/cases/{case.id}/appeal").get_data(as_text=True)
    assert "March 22, 2010" in filing_page  # 10 working days after March 8
    sign_in(provider, "2010-03-22")
    response = auth.post(
        f"/appeals/cases/{case.id}/appeal",
        {"letter": "Both findings rest on a district data error."},
        token_from=f"/appeals/cases/{case.id}/appeal",
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    appeal_id = int(re.search(r"/appeals/(\d+)$", response.headers["Location"]).group(1))
    assert db.session.get(Application, application.id).state == "appealed"

    # Department review retains; the committee is appointed, hears and upholds.
    sign_in(coordinator, "2010-03-26")
    appeal_url = f"/appeals/{appeal_id}"
    assert (
        auth.post(
            f"{appeal_url}/review",
            {
                "rev-outcome": "retain",
                "rev-reviewed_on": "2010-03-26",
                "rev-notes": "Data checked.",
            },
            token_from=appeal_url,
        ).status_code
        == 302
    )
    assert (
        auth.post(
            f"{appeal_url}/members",
            {"app-members": [str(m.id) for m in members]},
            token_from=appeal_url,
        ).status_code
        == 302
    )
    sign_in(members[0], "2010-04-02")
    assert (
        auth.post(
            f"{appeal_url}/hearing",
            {"hear-held_on": "2010-04-02", "hear-mode": "in_person", "hear-notes": "Heard."},
            token_from=appeal_url,
        ).status_code
        == 302
    )
    assert (
        auth.post(
            f"{appeal_url}/decision",
            {
                "cd-decision": "uphold",
                "cd-votes_for": "3",
                "cd-votes_against": "0",
                "cd-reasons": "The district's data were verified.",
            },
            token_from=appeal_url,
        ).status_code
        == 302
    )
    assert db.session.get(Application, application.id).state == "removed"
    decision = db.session.scalar(db.select(Letter).where(Letter.kind == "committee_decision"))
    assert decision.organization_id == org.id and "uphold the" in decision.body_html
