"""The department review and the appeals committee (002 "Appeals Process" > "Appeal", "Appeals
Committee Review", "Appeals Committee": 3 to 5 neutral members; decision within 10 working days
after the review, provider notified within 20 days; the decision is final)."""

from datetime import date

from app.extensions import db
from app.models import (
    Application,
    Decision,
    Letter,
    OutcomeRecord,
    OutcomeUpload,
    ReviewerAssignment,
)


def _letters(kind):
    return db.session.scalars(db.select(Letter).where(Letter.kind == kind)).all()


def _state(world):
    return db.session.get(Application, world.application.id).state


def test_department_rescinds_the_removal(world, flow, client):
    flow.remove()
    flow.certified_mail()
    assert flow.file().status_code == 302
    flow.review("rescind")
    appeal = flow.appeal()
    assert (appeal.status, appeal.reviewed_on) == ("rescinded", date(2009, 7, 22))
    assert _state(world) == "approved"
    assert len(_letters("review_outcome")) == 1
    assert "rescinds its decision" in _letters("review_outcome")[0].body_html
    assert sorted(
        letter.district_id for letter in _letters("district_rescission_notice")
    ) == sorted(d.id for d in world.districts)
    directory = client.get("/directory/")
    assert directory.status_code == 200
    assert "Bright Minds Tutoring" in directory.get_data(as_text=True)


def test_review_date_before_filing_is_refused(world, flow, auth, as_user):
    flow.remove()
    flow.certified_mail()
    flow.file("2009-07-17")
    flow.at("2009-07-22")
    as_user(world.users.coordinator)
    response = auth.post(
        f"/appeals/{flow.appeal().id}/review",
        {"rev-outcome": "retain", "rev-reviewed_on": "2009-07-16", "rev-notes": "Notes typed"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "cannot be before the appeal was filed (July 17, 2009)" in page
    assert "Notes typed" in page
    assert flow.appeal().status == "filed"


def test_retain_convenes_the_committee_and_overturn_restores_the_provider(world, flow, client):
    flow.to_committee()
    appeal = flow.appeal()
    assert appeal.status == "committee" and len(appeal.members) == 3
    assert "retains its decision" in _letters("review_outcome")[0].body_html
    flow.hearing("2009-07-28")
    page = client.get(f"/appeals/{appeal.id}").get_data(as_text=True)
    assert "August 11, 2009" in page  # 10 working days after July 28
    assert "August 17, 2009" in page  # 20 days (Aug 17) is a Monday: no roll needed
    response = flow.decide("overturn", votes=(2, 1))
    assert response.status_code == 302, response.get_data(as_text=True)
    appeal = flow.appeal()
    assert (appeal.status, appeal.committee_decision, appeal.votes_for, appeal.votes_against) == (
        "overturned",
        "overturn",
        2,
        1,
    )
    assert appeal.provider_notified_on == date(2009, 8, 4)
    assert _state(world) == "approved"
    assert "overturn the" in _letters("committee_decision")[0].body_html
    assert sorted(
        letter.district_id for letter in _letters("district_reinstatement_notice")
    ) == sorted(d.id for d in world.districts)
    directory = client.get("/directory/")
    assert directory.status_code == 200
    assert "Bright Minds Tutoring" in directory.get_data(as_text=True)


def test_committee_upholds_and_the_provider_stays_removed(world, flow):
    flow.to_committee()
    flow.hearing()
    assert flow.decide("uphold", votes=(3, 0)).status_code == 302
    assert flow.appeal().status == "upheld"
    assert _state(world) == "removed"
    assert _letters("district_reinstatement_notice") == []
    again = flow.decide("overturn", votes=(3, 0), day="2009-08-05")
    assert again.status_code == 409  # the decision is final: a conflict
    assert "decision is final" in again.get_data(as_text=True)
    assert _state(world) == "removed"


def test_reviewer_of_the_application_is_refused_as_member(world, flow, quick_user):
    reviewer = quick_user("committee", "reviewer", name="Rita Reviewer")
    db.session.add(
        ReviewerAssignment(
            application_id=world.application.id,
            reviewer_id=reviewer.id,
            assigned_by_id=world.users.coordinator.id,
        )
    )
    db.session.commit()
    flow.remove()
    flow.certified_mail()
    flow.file()
    flow.review("retain")
    response = flow.appoint([world.users.committee[0], reviewer])
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert (
        "Rita Reviewer cannot sit on this committee: reviewed the provider&#39;s application."
        in page
    )
    assert flow.appeal().members == []  # all or none


def test_district_user_of_a_served_district_is_refused(world, flow, quick_user):
    served = quick_user("committee", district=world.districts[1], name="Dana District")
    neutral = quick_user("committee", district=world.pierre, name="Pat Pierre")
    flow.remove()
    flow.certified_mail()
    flow.file()
    flow.review("retain")
    response = flow.appoint([served])
    assert response.status_code == 422
    assert (
        "Dana District cannot sit on this committee: belongs to Rapid City 51-4, a district "
        "where the provider&#39;s services were used."
    ) in response.get_data(as_text=True)
    assert flow.appoint([neutral]).status_code == 302


def test_outcome_data_and_deciders_make_members_conflicted(world, quick_user):
    from app.appeals.operations.committee import member_conflicts

    reporter = quick_user("committee", district=world.pierre, name="Reporter")
    decider = quick_user("committee", "coordinator", name="Decider")
    upload = OutcomeUpload(
        district_id=world.pierre.id, program_year=2009, filename="o.csv", row_count=1
    )
    db.session.add(upload)
    db.session.flush()
    db.session.add(
        OutcomeRecord(
            upload_id=upload.id,
            district_id=world.pierre.id,
            program_year=2009,
            organization_id=world.org.id,
            student_hash="0" * 64,
            school="Pierre Elementary",
            subject="math",
            status="served",
            start_month="2009-10",
            hours_completion="completed",
        )
    )
    db.session.add(
        Decision(application_id=world.application.id, outcome="approve", decided_by_id=decider.id)
    )
    db.session.commit()
    assert member_conflicts(reporter, world.application) == [
        "belongs to Pierre 32-2, a district where the provider's services were used"
    ]
    assert member_conflicts(decider, world.application) == ["decided the provider's application"]
    assert member_conflicts(world.users.reviewer, world.application) == [
        "does not hold the appeals committee role"
    ]
    assert member_conflicts(world.users.committee[4], world.application) == []


def test_whoever_decided_the_removal_is_not_neutral(world, flow):
    from app.appeals.operations.committee import member_conflicts

    flow.remove()
    coordinator = world.users.coordinator
    coordinator.set_roles(["coordinator", "committee"])
    db.session.commit()
    assert member_conflicts(coordinator, world.application) == ["decided the provider's removal"]


def test_more_than_five_members_refused(world, flow, quick_user):
    sixth = quick_user("committee", name="Sixth Member")
    flow.remove()
    flow.certified_mail()
    flow.file()
    flow.review("retain")
    assert flow.appoint(world.users.committee[:4]).status_code == 302
    response = flow.appoint([world.users.committee[4], sixth])
    assert response.status_code == 422
    assert "would have 6 members; it may have at most 5" in response.get_data(as_text=True)
    assert len(flow.appeal().members) == 4
    assert flow.appoint([world.users.committee[4]]).status_code == 302


def test_fewer_than_three_members_cannot_decide(world, flow):
    flow.remove()
    flow.certified_mail()
    flow.file()
    flow.review("retain")
    assert flow.appoint(world.users.committee[:2]).status_code == 302
    flow.hearing()
    response = flow.decide("uphold", votes=(2, 0))
    assert response.status_code == 409
    assert "has 2 members; it needs at least 3 to decide" in response.get_data(as_text=True)
    assert flow.appeal().status == "committee"


def test_votes_must_fit_the_committee_and_carry_the_decision(world, flow):
    flow.to_committee()
    flow.hearing()
    too_many = flow.decide("uphold", votes=(3, 1))
    assert too_many.status_code == 422
    assert "4 votes were recorded but the committee has 3 members" in too_many.get_data(
        as_text=True
    )
    minority = flow.decide("uphold", votes=(1, 2))
    assert minority.status_code == 422 and "not a majority" in minority.get_data(as_text=True)
    for votes in (("x", "1"), ("99999999999999999999", "0"), ("-1", "0")):
        response = flow.decide("uphold", votes=votes)
        assert response.status_code == 422
    assert flow.appeal().status == "committee"


def test_decision_needs_a_recorded_hearing(world, flow):
    flow.to_committee()
    response = flow.decide("uphold")
    assert response.status_code == 409
    assert "Record the hearing" in response.get_data(as_text=True)


def test_overdue_committee_dates_are_flagged(world, flow, client, as_user):
    flow.to_committee()
    flow.hearing("2009-07-28")
    flow.at("2009-08-12")
    as_user(world.users.coordinator)
    page = client.get(f"/appeals/{flow.appeal().id}").get_data(as_text=True)
    assert 'August 11, 2009 <strong class="overdue">overdue</strong>' in page
    assert 'August 17, 2009 <strong class="overdue">' not in page
