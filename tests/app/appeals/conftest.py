"""Fixtures of the removal and appeals tests: an approved provider serving two districts, one user
per role, three neutral committee members, and helpers that walk the case through the pages."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from app.appeals.operations.removal import open_removal_case
from app.extensions import db
from app.models import Appeal, Condition, CorrectiveAction, Letter, MonitoringVisit, RemovalCase

CENTRAL = ZoneInfo("America/Chicago")


@pytest.fixture
def world(app, quick_user, make_org, make_district, make_application):
    """Provider "Bright Minds Tutoring", approved 2009-07-01 for Sioux Falls and Rapid City, with
    an open removal case (opened 2009-06-25 as the monitoring area would open it)."""
    sioux = make_district("Sioux Falls", "49-5", contact_email="ses@sf.k12.sd.us")
    rapid = make_district("Rapid City", "51-4", contact_email="ses@rc.k12.sd.us")
    pierre = make_district("Pierre", "32-2")
    org = make_org("Bright Minds Tutoring", contact_email="director@brightminds.example")
    other_org = make_org("Other Provider")
    application = make_application("approved", organization=org, service_area=[sioux, rapid])
    other_application = make_application("approved", organization=other_org, service_area=[pierre])
    users = SimpleNamespace(
        coordinator=quick_user("coordinator", email="coordinator@example.gov", name="Beth Coord"),
        provider=quick_user("provider", organization=org, email="provider@example.gov"),
        other_provider=quick_user(
            "provider", organization=other_org, email="other-provider@example.gov"
        ),
        reviewer=quick_user("reviewer", email="reviewer@example.gov"),
        district=quick_user("district", district=sioux, email="district@example.gov"),
        committee=[
            quick_user("committee", email=f"member{i}@example.gov", name=f"Member {i}")
            for i in range(1, 6)
        ],
        outsider=quick_user("committee", email="committee@example.gov", name="Not Appointed"),
    )
    case, _ = open_removal_case(
        application,
        grounds="violations",
        summary="Second confirmed violation within two years.",
        actor=None,
        today=date(2009, 6, 25),
    )
    db.session.commit()
    return SimpleNamespace(
        org=org,
        application=application,
        other_application=other_application,
        districts=[sioux, rapid],
        pierre=pierre,
        users=users,
        case=case,
    )


@pytest.fixture
def as_user(auth, client):
    """Sign in as `user` unless already signed in as them (the login rate limit is reset: these
    tests change hands many times a minute on purpose)."""
    from app.extensions import limiter

    current = {}

    def sign_in(user):
        if current.get("id") == user.id:
            return
        auth.logout()
        limiter.reset()
        response = auth.login(user.email)
        assert response.status_code == 302, f"could not sign in {user.email}"
        current["id"] = user.id

    return sign_in


@pytest.fixture
def flow(app, auth, client, as_user, world):
    """Steps of the removal and appeal through the web pages, each asserting it worked."""

    def at(day):
        app.config["FIXED_TODAY"] = day

    def remove(day="2009-06-30"):
        at(day)
        as_user(world.users.coordinator)
        response = auth.post(
            f"/appeals/cases/{world.case.id}/decision",
            {"dec-decision": "remove", "dec-reason": "Two confirmed violations within two years."},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return removal_notice()

    def removal_notice():
        return db.session.scalar(
            db.select(Letter).where(
                Letter.kind == "removal_notice", Letter.removal_case_id == world.case.id
            )
        )

    def certified_mail(received_on="2009-07-02", day="2009-07-06"):
        at(day)
        as_user(world.users.coordinator)
        notice = removal_notice()
        response = auth.post(f"/letters/{notice.id}/certified-mail", {"received_on": received_on})
        assert response.status_code == 302, response.get_data(as_text=True)

    def file(day="2009-07-17", letter="The violations were not ours.", data=None):
        at(day)
        as_user(world.users.provider)
        payload = {"letter": letter, **(data or {})}
        return auth.post(
            f"/appeals/cases/{world.case.id}/appeal", payload, content_type="multipart/form-data"
        )

    def appeal():
        return db.session.scalar(
            db.select(Appeal).join(RemovalCase).where(RemovalCase.id == world.case.id)
        )

    def review(outcome, day="2009-07-22"):
        at(day)
        as_user(world.users.coordinator)
        response = auth.post(
            f"/appeals/{appeal().id}/review",
            {"rev-outcome": outcome, "rev-reviewed_on": day, "rev-notes": "Evidence reviewed."},
        )
        assert response.status_code == 302, response.get_data(as_text=True)

    def appoint(members, day="2009-07-23"):
        at(day)
        as_user(world.users.coordinator)
        return auth.post(
            f"/appeals/{appeal().id}/members", {"app-members": [str(m.id) for m in members]}
        )

    def hearing(day="2009-07-28", mode="conference_call"):
        at(day)
        as_user(world.users.committee[0])
        response = auth.post(
            f"/appeals/{appeal().id}/hearing",
            {"hear-held_on": day, "hear-mode": mode, "hear-notes": "Provider presented."},
        )
        assert response.status_code == 302, response.get_data(as_text=True)

    def decide(decision, votes=(3, 0), day="2009-08-04", member=None):
        at(day)
        as_user(member or world.users.committee[0])
        return auth.post(
            f"/appeals/{appeal().id}/decision",
            {
                "cd-decision": decision,
                "cd-votes_for": str(votes[0]),
                "cd-votes_against": str(votes[1]),
                "cd-reasons": "Reasons of the committee.",
            },
        )

    def to_committee():
        remove()
        certified_mail()
        assert file().status_code == 302
        review("retain")
        assert appoint(world.users.committee[:3]).status_code == 302

    return SimpleNamespace(
        at=at,
        remove=remove,
        removal_notice=removal_notice,
        certified_mail=certified_mail,
        file=file,
        appeal=appeal,
        review=review,
        appoint=appoint,
        hearing=hearing,
        decide=decide,
        to_committee=to_committee,
    )


@pytest.fixture
def due_things(world, flow, make_application, make_org):
    """One deadline of each kind the monitoring and review areas keep, plus the removal's
    appeal window (notice received July 2, 2009 -> due July 17)."""
    coordinator = world.users.coordinator
    revising = make_application(
        "revisions_needed",
        organization=make_org("Revising Co"),
        revision_due_at=datetime(2009, 7, 15, 17, 0, tzinfo=CENTRAL),
    )
    conditional = make_application("conditional", organization=make_org("Conditional, Inc."))
    db.session.add(
        Condition(
            application_id=conditional.id,
            kind="insurance_proof",
            description="Proof of insurance; signed, dated",
            due_on=date(2009, 7, 25),
        )
    )
    late_report = MonitoringVisit(
        application_id=world.other_application.id,
        visit_on=date(2009, 6, 19),
        status="recorded",
        recorded_on=date(2009, 6, 19),
        recorded_by_id=coordinator.id,
        report_due_on=date(2009, 7, 10),
    )
    reported = MonitoringVisit(
        application_id=world.other_application.id,
        visit_on=date(2009, 6, 1),
        status="report_issued",
        recorded_on=date(2009, 6, 1),
        recorded_by_id=coordinator.id,
        report_due_on=date(2009, 6, 22),
        report_issued_on=date(2009, 6, 20),
        report_issued_by_id=coordinator.id,
        response_due_on=date(2009, 8, 1),
    )
    db.session.add_all([late_report, reported])
    db.session.flush()
    db.session.add(
        CorrectiveAction(visit_id=reported.id, indicator="student_ratio", due_on=date(2009, 7, 30))
    )
    db.session.commit()
    flow.remove()
    flow.certified_mail("2009-07-02")
    return revising
