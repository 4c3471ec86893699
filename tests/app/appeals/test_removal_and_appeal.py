"""Removal, notices, receipt and appeal through the pages (002 "Policy for Removal" >
"Resulting Action"; "Appeals Process" > "Appeal": ten working days after receipt)."""

import io
from datetime import date

from app.extensions import db
from app.models import Appeal, Application, AuditEntry, Document, Letter, RemovalCase


def _letters(kind):
    return db.session.scalars(
        db.select(Letter).where(Letter.kind == kind).order_by(Letter.id)
    ).all()


def test_coordinator_removes_and_provider_and_each_district_are_notified(world, flow, client):
    notice = flow.remove()
    application = db.session.get(Application, world.application.id)
    case = db.session.get(RemovalCase, world.case.id)
    assert application.state == "removed"
    assert (case.status, case.decided_on, case.decided_by_id) == (
        "removed",
        date(2009, 6, 30),
        world.users.coordinator.id,
    )
    assert notice.organization_id == world.org.id and notice.district_id is None
    assert "ten working days" not in notice.body_html  # the count comes from the pack
    assert "no later than 10 working days after" in notice.body_html
    assert "Second confirmed violation" in notice.body_html
    district_notices = _letters("district_removal_notice")
    assert sorted(letter.district_id for letter in district_notices) == sorted(
        d.id for d in world.districts
    )
    assert all(letter.sent_on == date(2009, 6, 30) for letter in district_notices)
    assert all("Bright Minds Tutoring" in letter.body_html for letter in district_notices)
    # The provider is gone from the public directory.
    directory = client.get("/directory/")
    assert directory.status_code == 200
    assert "Bright Minds Tutoring" not in directory.get_data(as_text=True)
    events = db.session.scalars(
        db.select(AuditEntry.event).where(
            AuditEntry.entity == "applications", AuditEntry.entity_id == application.id
        )
    ).all()
    assert "remove" in events


def test_not_removing_closes_the_case_and_sends_nothing(world, flow, auth, as_user):
    flow.at("2009-06-30")
    as_user(world.users.coordinator)
    response = auth.post(
        f"/appeals/cases/{world.case.id}/decision",
        {"dec-decision": "not_remove", "dec-reason": "The second violation was minor."},
    )
    assert response.status_code == 302
    case = db.session.get(RemovalCase, world.case.id)
    assert (
        case.status == "not_removed" and case.decision_reason == "The second violation was minor."
    )
    assert db.session.get(Application, world.application.id).state == "approved"
    assert _letters("removal_notice") == []
    again = auth.post(
        f"/appeals/cases/{world.case.id}/decision",
        {"dec-decision": "remove", "dec-reason": "Changed mind."},
    )
    assert again.status_code == 409  # the case's state forbids a second decision
    assert "already decided on June 30, 2009" in again.get_data(as_text=True)


def test_decision_form_mistakes_rerender_with_values(world, flow, auth, as_user):
    flow.at("2009-06-30")
    as_user(world.users.coordinator)
    response = auth.post(
        f"/appeals/cases/{world.case.id}/decision", {"dec-reason": "Typed reason kept"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose a decision." in page and "Typed reason kept" in page
    assert db.session.get(RemovalCase, world.case.id).status == "open"


def test_recommendation_recorded_and_bad_dates_refused(world, flow, auth, as_user):
    flow.at("2009-06-30")
    as_user(world.users.coordinator)
    url = f"/appeals/cases/{world.case.id}/recommendation"
    future = auth.post(url, {"rec-recommendation": "Remove.", "rec-recommended_on": "2009-07-01"})
    assert future.status_code == 422 and "cannot be in the future" in future.get_data(as_text=True)
    bad = auth.post(url, {"rec-recommendation": "Remove.", "rec-recommended_on": "2009-13-45"})
    assert bad.status_code == 422 and "Remove." in bad.get_data(as_text=True)
    ok = auth.post(
        url, {"rec-recommendation": "Remove the provider.", "rec-recommended_on": "2009-06-29"}
    )
    assert ok.status_code == 302
    case = db.session.get(RemovalCase, world.case.id)
    assert (case.committee_recommendation, case.recommendation_on) == (
        "Remove the provider.",
        date(2009, 6, 29),
    )


def test_appeal_due_date_not_started_until_receipt(world, flow, client):
    flow.remove()
    page = client.get(f"/appeals/cases/{world.case.id}").get_data(as_text=True)
    assert "not started (receipt not recorded)" in page
    flow.certified_mail("2009-07-02")
    page = client.get(f"/appeals/cases/{world.case.id}").get_data(as_text=True)
    assert "July 17, 2009" in page  # July 3, 2009 is the observed Independence Day in SD


def test_appeal_on_the_due_date_is_accepted(world, flow, client):
    flow.remove()
    flow.certified_mail("2009-07-02")
    response = flow.file(
        "2009-07-17", data={"evidence": [(io.BytesIO(b"%PDF-1.4 attendance"), "attendance.pdf")]}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    appeal = flow.appeal()
    assert (appeal.status, appeal.filed_on) == ("filed", date(2009, 7, 17))
    assert db.session.get(Application, world.application.id).state == "appealed"
    kinds = sorted(
        d.kind
        for d in db.session.scalars(db.select(Document).where(Document.appeal_id == appeal.id))
    )
    assert kinds == ["appeal_evidence", "appeal_letter"]
    receipt = _letters("appeal_receipt")
    assert len(receipt) == 1 and "July 17, 2009" in receipt[0].body_html
    page = client.get(f"/appeals/{appeal.id}").get_data(as_text=True)
    assert "attendance.pdf" in page
    evidence = next(d for d in appeal.documents if d.kind == "appeal_evidence")
    download = client.get(f"/appeals/{appeal.id}/documents/{evidence.id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 attendance"


def test_appeal_a_day_late_is_refused_with_the_dates(world, flow):
    flow.remove()
    flow.certified_mail("2009-07-02")
    response = flow.file("2009-07-18", letter="Late letter text")
    page = response.get_data(as_text=True)
    assert response.status_code == 409  # the window has closed
    assert (
        "The notice of removal was received on July 2, 2009; an appeal was due by July 17, 2009."
    ) in page
    assert "Late letter text" in page  # nothing typed is lost
    assert flow.appeal() is None
    assert db.session.get(Application, world.application.id).state == "removed"


def test_portal_opening_is_receipt_when_earlier_than_certified_mail(world, flow, client, as_user):
    flow.remove()
    flow.at("2009-07-01")
    as_user(world.users.provider)
    page = client.get(f"/appeals/cases/{world.case.id}/appeal")
    assert page.status_code == 200 and "July 16, 2009" in page.get_data(as_text=True)
    assert flow.removal_notice().opened_on == date(2009, 7, 1)
    flow.certified_mail("2009-07-02")
    assert flow.removal_notice().received_on == date(2009, 7, 1)
    late = flow.file("2009-07-17")
    assert late.status_code == 409
    assert "received on July 1, 2009; an appeal was due by July 16, 2009." in late.get_data(
        as_text=True
    )


def test_filing_before_any_receipt_records_portal_receipt_that_day(world, flow):
    flow.remove()
    response = flow.file("2009-07-10")
    assert response.status_code == 302
    assert flow.removal_notice().opened_on == date(2009, 7, 10)
    assert flow.appeal().filed_on == date(2009, 7, 10)


def test_district_copy_opened_by_a_district_is_not_the_providers_receipt(
    world, flow, client, as_user
):
    flow.remove()
    flow.at("2009-07-01")
    as_user(world.users.district)
    district_notice = next(
        letter
        for letter in _letters("district_removal_notice")
        if letter.district_id == world.districts[0].id
    )
    assert client.get(f"/letters/{district_notice.id}").status_code == 200
    assert flow.removal_notice().received_on is None


def test_second_appeal_is_refused(world, flow):
    flow.remove()
    flow.certified_mail("2009-07-02")
    assert flow.file("2009-07-10").status_code == 302
    second = flow.file("2009-07-13")
    assert second.status_code == 409
    assert "already appealed on July 10, 2009" in second.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Appeal)) == 1
    from app.appeals.operations.filing import file_appeal
    from app.refusals import Refused

    try:
        file_appeal(
            db.session.get(RemovalCase, world.case.id),
            letter="again",
            files=[],
            actor=world.users.provider,
            today=date(2009, 7, 13),
        )
    except Refused as refusal:
        assert "already appealed on July 10, 2009" in str(refusal)
    else:
        raise AssertionError("a second appeal was accepted")


def test_filing_checks_the_letter_and_files(world, flow):
    flow.remove()
    flow.certified_mail("2009-07-02")
    empty = flow.file("2009-07-10", letter="")
    assert empty.status_code == 422 and "Write the appeal letter." in empty.get_data(as_text=True)
    blank_file = flow.file("2009-07-10", data={"evidence": [(io.BytesIO(b""), "empty.pdf")]})
    assert blank_file.status_code == 422
    assert "empty.pdf is empty." in blank_file.get_data(as_text=True)
    disguised = flow.file(
        "2009-07-10",
        data={
            "evidence": [
                (io.BytesIO(b"<html><script>x</script></html>"), "../../proof.pdf"),
                (io.BytesIO(b"MZ binary"), "tool.exe"),
            ]
        },
    )
    assert disguised.status_code == 422
    text = disguised.get_data(as_text=True)  # every file's problem at once, no directories kept
    assert "proof.pdf is not a real .pdf file" in text and "../" not in text
    assert "tool.exe: only" in text
    assert flow.appeal() is None


def test_coordinator_opens_a_case_by_hand_only_on_an_approved_provider(
    world, auth, as_user, make_application
):
    as_user(world.users.coordinator)
    page = auth.client.get("/appeals/cases/new")
    assert page.status_code == 200 and "Other Provider" in page.get_data(as_text=True)
    taken = auth.post(
        "/appeals/cases/new",
        {"application_id": world.application.id, "grounds": "violations", "summary": "More."},
    )
    assert taken.status_code == 409
    assert "already has an open removal case" in taken.get_data(as_text=True)
    ok = auth.post(
        "/appeals/cases/new",
        {
            "application_id": world.other_application.id,
            "grounds": "effectiveness",
            "subject": "math",
            "summary": "Two failing years in math.",
        },
    )
    assert ok.status_code == 302
    case = db.session.scalar(
        db.select(RemovalCase).where(RemovalCase.application_id == world.other_application.id)
    )
    assert (case.grounds, case.subject, case.opened_by_id) == (
        "effectiveness",
        "math",
        world.users.coordinator.id,
    )
    denied = make_application("denied")
    refused = auth.post(
        "/appeals/cases/new", {"application_id": denied.id, "grounds": "violations", "summary": "x"}
    )
    assert refused.status_code == 422
    for bad in ("abc", "99999999999999999999", ""):
        response = auth.post(
            "/appeals/cases/new", {"application_id": bad, "grounds": "violations", "summary": "x"}
        )
        assert response.status_code == 422


def test_removal_refused_by_the_engine_says_why(world, flow, auth, as_user):
    application = db.session.get(Application, world.application.id)
    application.state = "expired"
    db.session.commit()
    flow.at("2009-06-30")
    as_user(world.users.coordinator)
    response = auth.post(
        f"/appeals/cases/{world.case.id}/decision",
        {"dec-decision": "remove", "dec-reason": "Two violations."},
    )
    assert response.status_code == 409
    assert "expired" in response.get_data(as_text=True)
    assert db.session.get(RemovalCase, world.case.id).status == "open"
    assert _letters("removal_notice") == []
