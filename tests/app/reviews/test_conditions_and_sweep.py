"""Conditional approvals: due dates from the pack's deadline rule (closure days counted), the
provider's evidence, the coordinator's entry, and the daily sweep's moves."""

import io
from datetime import UTC, date, datetime

from app.extensions import db
from app.models import Application, AuditEntry, ClosureDay, Condition, Document, Letter

from .conftest import all_answers, text_of


def _nc_conditional(flow, people, make_application, make_cycle, program, **decision):
    cycle = make_cycle("nc-2009", deliberation_meeting_on=date(2009, 5, 1))  # 003 meeting
    application = make_application(
        "submitted", organization=people["org"], cycle=cycle, program=program
    )
    flow.review(application, people["reviewers"][:3], [all_answers("nc-2009")] * 3)
    response = flow.decide(application, outcome="approve_with_conditions", **decision)
    assert response.status_code == 302, text_of(response)
    return db.session.get(Application, application.id)


def test_conditional_then_evidence_then_met_is_approved(
    flow, people, make_application, make_cycle, program
):
    db.session.add(ClosureDay(state="NC", closed_on=date(2009, 5, 4), reason="Ice storm"))
    db.session.commit()
    application = _nc_conditional(
        flow,
        people,
        make_application,
        make_cycle,
        program,
        cond_insurance_proof="y",
        **{"others-0-description": "Send the signed district MOU", "others-0-due_on": "2009-06-01"},
    )
    assert application.state == "conditional"
    insurance, mou = db.session.scalars(db.select(Condition).order_by(Condition.id)).all()
    # 003 "Proof of Insurance": 5 business days after the meeting (May 1); May 4 was closed.
    assert insurance.due_on == date(2009, 5, 11) and insurance.deadline_rule == "insurance_proof"
    assert (mou.kind, mou.due_on) == ("other", date(2009, 6, 1))
    [letter] = db.session.scalars(db.select(Letter).filter_by(kind="decision_conditional"))
    assert "May 11, 2009" in letter.body_html and "Send the signed district MOU" in letter.body_html

    flow.as_user(people["provider"])
    page = flow.client.get(f"/review/applications/{application.id}/conditions")
    assert page.status_code == 200 and "Upload evidence" in page.get_data(as_text=True)
    bad = flow.auth.post(
        f"/review/conditions/{insurance.id}/evidence",
        {"evidence": (io.BytesIO(b"MZ\x90"), "policy.exe")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "policy.exe is not an accepted type" in text_of(bad)
    good = flow.auth.post(
        f"/review/conditions/{insurance.id}/evidence",
        {"evidence": (io.BytesIO(b"%PDF-1.4 insurance"), "certificate.pdf")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    document = db.session.scalar(db.select(Document).filter_by(condition_id=insurance.id))
    assert document.kind == "condition_evidence" and document.size_bytes == 18
    download = flow.client.get(f"/review/evidence/{document.id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 insurance"
    assert flow.client.post(
        f"/review/conditions/{insurance.id}/met", data={"met_on": "2009-05-01"}
    ).status_code in (400, 403)

    flow.as_user(people["coordinator"])
    for condition in (insurance, mou):
        response = flow.auth.post(
            f"/review/conditions/{condition.id}/met", {"met_on": "2009-05-01", "entry": ""}
        )
        assert response.status_code == 302
    application = db.session.get(Application, application.id)
    assert application.state == "approved"
    assert application.approved_on == date(2009, 5, 1)
    assert application.term_ends_on == date(2010, 6, 30)  # NC: one year
    final = db.session.scalar(db.select(Letter).filter_by(kind="decision_approved"))
    assert "every condition" in final.body_html.lower() or "Every condition" in final.body_html


def test_ma_vendor_code_is_the_coordinators_entry(flow, people, make_application, make_cycle):
    cycle = make_cycle("ma-2011")
    application = make_application("conditional", organization=people["org"], cycle=cycle)
    condition = Condition(
        application=application,
        kind="vendor_code",
        due_on=date(2009, 8, 31),
        description="Vendor code issued by the Operational Services Division",
    )
    db.session.add(condition)
    db.session.commit()
    flow.as_user(people["coordinator"])
    refused = flow.auth.post(
        f"/review/conditions/{condition.id}/met", {"met_on": "2009-05-01", "entry": " "}
    )
    assert refused.status_code == 422
    assert "Enter the vendor code issued by the Operational Services Division." in text_of(refused)
    future = flow.auth.post(
        f"/review/conditions/{condition.id}/met", {"met_on": "2009-05-02", "entry": "VC-1234"}
    )
    assert "cannot be met on a future date" in text_of(future)
    assert 'value="VC-1234"' in future.get_data(as_text=True)
    assert (
        flow.auth.post(
            f"/review/conditions/{condition.id}/met", {"met_on": "2009-05-01", "entry": "VC-1234"}
        ).status_code
        == 302
    )
    application = db.session.get(Application, application.id)
    assert (
        application.state == "approved"
        and db.session.get(Condition, condition.id).entry == "VC-1234"
    )
    # MA's program year starts September 1: announced July 1, the approval serves 2009-10.
    assert application.term_ends_on == date(2010, 8, 31)


def test_overdue_condition_is_denied_by_the_sweep_once(
    runner, people, make_application, make_cycle
):
    application = make_application(
        "conditional", organization=people["org"], cycle=make_cycle("nc-2009")
    )
    condition = Condition(
        application=application,
        kind="insurance_proof",
        description="Proof of professional liability insurance",
        due_on=date(2009, 5, 8),
    )
    db.session.add(condition)
    db.session.commit()

    assert "0 change(s)" in runner.invoke(args=["ses", "sweep", "--today", "2009-05-04"]).output
    reminded = runner.invoke(args=["ses", "sweep", "--today", "2009-05-05"]).output
    assert f"condition {condition.id} of application {application.id}: reminder sent" in reminded
    assert "0 change(s)" in runner.invoke(args=["ses", "sweep", "--today", "2009-05-05"]).output
    assert "0 change(s)" in runner.invoke(args=["ses", "sweep", "--today", "2009-05-08"]).output

    result = runner.invoke(args=["ses", "sweep", "--today", "2009-05-09"])
    assert result.exit_code == 0, result.output
    assert (
        f"application {application.id} (Bright Futures Tutoring): denied, 1 condition(s) "
        "overdue" in result.output
    )
    db.session.expire_all()
    assert db.session.get(Application, application.id).state == "denied"
    assert db.session.get(Condition, condition.id).status == "overdue"
    letter = db.session.scalar(db.select(Letter).filter_by(kind="decision_denied"))
    assert "Proof of professional liability insurance (due May 8, 2009)" in letter.body_html
    entry = db.session.scalar(
        db.select(AuditEntry).filter_by(event="condition_overdue", entity="applications")
    )
    assert entry.actor_id is None and entry.to_state == "denied"

    again = runner.invoke(args=["ses", "sweep", "--today", "2009-05-09"])
    assert "0 change(s)" in again.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Letter)) == 2


def test_overdue_revision_is_denied_the_day_after_the_due_date(runner, people, make_application):
    application = make_application(
        "revisions_needed",
        organization=people["org"],
        revision_due_at=datetime(2009, 5, 15, 22, 0, tzinfo=UTC),
    )
    on_the_day = runner.invoke(args=["ses", "sweep", "--today", "2009-05-15"]).output
    assert "denied" not in on_the_day and "1 change(s)" in on_the_day  # only its reminder
    result = runner.invoke(args=["ses", "sweep", "--today", "2009-05-16"])
    assert "denied, revision overdue" in result.output
    db.session.expire_all()
    assert db.session.get(Application, application.id).state == "denied"
    letter = db.session.scalar(db.select(Letter).filter_by(kind="decision_denied"))
    assert "May 15, 2009, 5:00 PM CDT" in letter.body_html
    assert "0 change(s)" in runner.invoke(args=["ses", "sweep", "--today", "2009-05-16"]).output


def test_ended_term_expires(runner, people, make_application):
    application = make_application(
        "approved", organization=people["org"], term_ends_on=date(2011, 6, 30)
    )
    assert "0 change(s)" in runner.invoke(args=["ses", "sweep", "--today", "2011-06-30"]).output
    assert (
        "expired, term ended 2011-06-30"
        in runner.invoke(args=["ses", "sweep", "--today", "2011-07-01"]).output
    )
    db.session.expire_all()
    assert db.session.get(Application, application.id).state == "expired"
    letter = db.session.scalar(db.select(Letter).filter_by(kind="expiry_notice"))
    assert "term ending June 30, 2011" in letter.body_html
    assert "0 change(s)" in runner.invoke(args=["ses", "sweep", "--today", "2011-07-01"]).output


def test_conditional_decision_refusals_keep_the_form(
    flow, people, make_application, make_cycle, program
):
    cycle = make_cycle("nc-2009", deliberation_meeting_on=date(2009, 5, 1))  # 003 meeting
    application = make_application(
        "submitted", organization=people["org"], cycle=cycle, program=program
    )
    flow.review(application, people["reviewers"][:3], [all_answers("nc-2009")] * 3)
    none = flow.decide(application, outcome="approve_with_conditions")
    assert none.status_code == 422
    assert (
        "The application cannot be approved with conditions: no condition is chosen "
        "(approve without conditions instead)."
    ) in text_of(none)
    past = flow.decide(
        application,
        outcome="approve_with_conditions",
        **{"others-0-description": "Hire a site lead", "others-0-due_on": "2009-04-01"},
    )
    assert past.status_code == 422
    assert "A condition needs a due date after today." in text_of(past)
    assert 'value="Hire a site lead"' in past.get_data(as_text=True)
    bad_date = flow.decide(
        application,
        outcome="approve_with_conditions",
        **{"cond_insurance_proof": "y", "cond_insurance_proof_due": "31/31"},
    )
    assert bad_date.status_code == 422
    assert db.session.get(Application, application.id).state == "under_review"


def test_conditions_of_a_denied_application_are_closed(flow, people, make_application):
    application = make_application("denied", organization=people["org"])
    condition = Condition(
        application=application, kind="other", description="Send the MOU", due_on=date(2009, 6, 1)
    )
    db.session.add(condition)
    db.session.commit()
    flow.as_user(people["provider"])
    upload = flow.auth.post(
        f"/review/conditions/{condition.id}/evidence",
        {"evidence": (io.BytesIO(b"%PDF"), "mou.pdf")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 409 and "its conditions are closed" in text_of(upload)
    empty = flow.auth.post(
        f"/review/conditions/{condition.id}/evidence", {}, content_type="multipart/form-data"
    )
    assert empty.status_code == 409  # the closed conditions come before the missing file
    flow.as_user(people["coordinator"])
    met = flow.auth.post(f"/review/conditions/{condition.id}/met", {"met_on": "2009-05-01"})
    assert met.status_code == 409 and "its conditions are closed" in text_of(met)
    assert db.session.get(Condition, condition.id).status == "open"


def test_insurance_proof_without_a_meeting_date_is_refused(
    flow, people, make_application, make_cycle, program
):
    application = make_application(
        "submitted", organization=people["org"], program=program, cycle=make_cycle("nc-2009")
    )
    flow.review(application, people["reviewers"][:3], [all_answers("nc-2009")] * 3)
    response = flow.decide(application, outcome="approve_with_conditions", cond_insurance_proof="y")
    assert response.status_code == 422
    assert "no Deliberation Meeting date" in text_of(response)
    assert "5 working days after deliberation meeting" in text_of(response)
    # An explicit due date needs no meeting.
    response = flow.decide(
        application,
        outcome="approve_with_conditions",
        cond_insurance_proof="y",
        cond_insurance_proof_due="2009-05-20",
    )
    assert response.status_code == 302
