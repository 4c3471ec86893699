"""The violations register through HTTP: cite, notify, investigate, confirm or dismiss, and the
removal rule of 002 "Policy for Removal" > "Resulting Action" (first standard violation noted,
second within two years or an immediate kind opens a removal case)."""

from datetime import date

from app.extensions import db
from app.models import Document, RemovalCase, Violation
from tests.app.monitoring.helpers import cases, cite, latest_violation, letters_of, set_today


def _cite_and_confirm(
    auth, app, application, *, cited_on, kind="contract_noncompliance", today=None
):
    """Cite on `cited_on` (today pinned to `today` or the citation date) and confirm."""
    set_today(app, today or cited_on)
    assert cite(auth, application, kind=kind, cited_on=cited_on).status_code == 302
    violation = latest_violation()
    response = auth.post(
        f"/monitoring/violations/{violation.id}/confirm",
        {"findings": "Confirmed by the district's rosters."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    return db.session.get(Violation, violation.id)


def test_citation_notifies_the_provider(mon, auth, client):
    auth.login("coordinator@example.gov")
    response = cite(auth, mon.application)
    assert response.status_code == 302
    violation = latest_violation()
    assert violation.status == "notified"
    assert violation.immediate is False
    assert violation.application_id == mon.application.id
    assert violation.cited_by_id == mon.users.coordinator.id
    [notice] = letters_of("violation_notice")
    assert notice.organization_id == mon.org.id and notice.violation_id == violation.id
    assert "Did not serve children as agreed" in notice.body_html
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "notified" in page and notice.subject in page


def test_first_standard_violation_is_noted_with_a_letter(mon, auth):
    """002 "Resulting Action": a first violation is noted and the provider told."""
    auth.login("coordinator@example.gov")
    violation = _cite_and_confirm(auth, mon.app, mon.application, cited_on="2009-08-03")
    assert (violation.status, violation.outcome) == ("confirmed", "noted")
    assert violation.decided_on == date(2009, 8, 3)
    assert violation.decided_by_id == mon.users.coordinator.id
    [outcome] = letters_of("violation_outcome")
    assert outcome.organization_id == mon.org.id
    assert (
        "noted" in outcome.subject
        and "second confirmed violation within 2 years" in outcome.body_html
    )
    assert cases() == []


def test_second_confirmed_violation_within_two_years_opens_a_removal_case(mon, auth):
    auth.login("coordinator@example.gov")
    first = _cite_and_confirm(auth, mon.app, mon.application, cited_on="2009-08-03")
    second = _cite_and_confirm(auth, mon.app, mon.application, cited_on="2011-08-03")
    assert second.outcome == "removal"
    [case] = cases()
    assert case.status == "open" and case.grounds == "violations"
    assert case.application_id == mon.application.id
    assert {v.id for v in case.violations} == {first.id, second.id}
    letter = letters_of("violation_outcome")[-1]
    assert letter.removal_case_id == case.id and "removal" in letter.body_html


def test_a_day_outside_the_anniversary_window_is_only_noted(mon, auth):
    """DESIGN.md section 6: the window opens on the same calendar date two years before; an
    earlier violation cited the day before that date does not count."""
    auth.login("coordinator@example.gov")
    _cite_and_confirm(auth, mon.app, mon.application, cited_on="2009-08-03")
    later = _cite_and_confirm(auth, mon.app, mon.application, cited_on="2011-08-04")
    assert later.outcome == "noted"
    assert cases() == []


def test_dismissed_violations_do_not_count(mon, auth):
    auth.login("coordinator@example.gov")
    cite(auth, mon.application)
    first = latest_violation()
    auth.post(f"/monitoring/violations/{first.id}/dismiss", {"reason": "Rosters were correct."})
    second = _cite_and_confirm(auth, mon.app, mon.application, cited_on="2009-09-01")
    assert second.outcome == "noted"


def test_immediate_kind_opens_a_case_at_once(mon, auth):
    """004 "SES Code of Ethics": a breach is grounds for immediate removal."""
    auth.login("coordinator@example.gov")
    violation = _cite_and_confirm(
        auth, mon.app, mon.application, cited_on="2009-08-03", kind="code_of_ethics_breach"
    )
    assert violation.immediate is True and violation.outcome == "removal"
    [case] = cases()
    assert case.grounds == "immediate_violation" and case.status == "open"
    assert [v.id for v in case.violations] == [violation.id]


def test_a_closed_case_is_never_reopened(mon, auth):
    """A third violation a year after the second, once the first removal case is closed (not
    removed), does not reopen that case: it stays closed with its own two violations.

    What happens instead, per the rolling window rule (002 "Resulting Action"; DESIGN.md section
    6: an earlier confirmed violation counts when cited on or after the same calendar date two
    years before): the third violation (2011-08-01) has earlier confirmed violations inside its
    window (opening 2009-08-01): the first (2009-08-03) and the second (2010-08-02). So the rules
    call for removal again and a NEW removal case opens, resting on all three.
    """
    auth.login("coordinator@example.gov")
    first = _cite_and_confirm(auth, mon.app, mon.application, cited_on="2009-08-03")
    second = _cite_and_confirm(auth, mon.app, mon.application, cited_on="2010-08-02")
    [case] = cases()
    assert {v.id for v in case.violations} == {first.id, second.id}
    coordinator_id = mon.users.coordinator.id
    case.status, case.decided_on = "not_removed", date(2010, 10, 1)
    case.decided_by_id = coordinator_id
    db.session.commit()

    third = _cite_and_confirm(auth, mon.app, mon.application, cited_on="2011-08-01")
    assert third.outcome == "removal"
    closed, new = cases()
    assert closed.id == case.id and closed.status == "not_removed"
    assert {v.id for v in closed.violations} == {first.id, second.id}
    assert new.status == "open" and new.grounds == "violations"
    assert {v.id for v in new.violations} == {first.id, second.id, third.id}


def test_dismissal_needs_a_reason(mon, auth):
    auth.login("coordinator@example.gov")
    cite(auth, mon.application)
    violation = latest_violation()
    response = auth.post(f"/monitoring/violations/{violation.id}/dismiss", {"reason": "  "})
    assert response.status_code == 422
    assert "A dismissal needs a reason." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Violation, violation.id).status == "notified"
    response = auth.post(
        f"/monitoring/violations/{violation.id}/dismiss",
        {"reason": "The district withdrew its report."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    dismissed = db.session.get(Violation, violation.id)
    assert dismissed.status == "dismissed" and dismissed.decided_on == date(2009, 8, 3)
    assert dismissed.decision_reason == "The district withdrew its report."
    assert "dismissed" in letters_of("violation_outcome")[0].body_html


def test_confirmation_twice_is_refused(mon, auth):
    auth.login("coordinator@example.gov")
    violation = _cite_and_confirm(auth, mon.app, mon.application, cited_on="2009-08-03")
    response = auth.post(f"/monitoring/violations/{violation.id}/confirm", {"findings": ""})
    assert response.status_code == 409
    assert "already confirmed on August 3, 2009" in response.get_data(as_text=True)
    response = auth.post(f"/monitoring/violations/{violation.id}/dismiss", {"reason": "Oops"})
    assert response.status_code == 409
    assert len(letters_of("violation_outcome")) == 1


def test_the_page_offers_only_the_moves_the_table_allows(mon, auth, client):
    auth.login("coordinator@example.gov")
    assert cite(auth, mon.application).status_code == 302
    violation = latest_violation()
    page = client.get(f"/monitoring/violations/{violation.id}").get_data(as_text=True)
    for button in ("Record investigation notes", "Confirm the violation", "Dismiss the violation"):
        assert button in page
    assert (
        auth.post(
            f"/monitoring/violations/{violation.id}/confirm", {"findings": "Confirmed."}
        ).status_code
        == 302
    )
    page = client.get(f"/monitoring/violations/{violation.id}").get_data(as_text=True)
    for button in ("Record investigation notes", "Confirm the violation", "Dismiss the violation"):
        assert button not in page


def test_citing_a_provider_that_is_not_approved_is_refused(mon, auth):
    auth.login("coordinator@example.gov")
    response = cite(auth, mon.denied)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Denied Academy is not an approved provider" in page
    assert "Sessions were cancelled without notice." in page  # typed text kept
    assert db.session.scalar(db.select(Violation.id)) is None
    assert letters_of("violation_notice") == []


def test_investigation_notes_are_kept_with_their_dates(mon, auth):
    auth.login("coordinator@example.gov")
    cite(auth, mon.application)
    violation = latest_violation()
    assert (
        auth.post(
            f"/monitoring/violations/{violation.id}/investigation",
            {"notes": "Called the district."},
        ).status_code
        == 302
    )
    set_today(mon.app, "2009-08-05")
    auth.post(f"/monitoring/violations/{violation.id}/investigation", {"notes": "Read rosters."})
    db.session.expire_all()
    violation = db.session.get(Violation, violation.id)
    assert violation.status == "investigating"
    assert "2009-08-03" in violation.investigation and "2009-08-05" in violation.investigation
    response = auth.post(f"/monitoring/violations/{violation.id}/investigation", {"notes": ""})
    assert response.status_code == 422 and "Write the notes." in response.get_data(as_text=True)


def test_evidence_files_are_stored_and_downloadable_by_the_coordinator(mon, auth, client):
    from io import BytesIO

    auth.login("coordinator@example.gov")
    raw = b"\x89PNG\r\n\x1a\n\x00\xfe roster \x93 scan"
    response = cite(
        auth,
        mon.application,
        evidence=[(BytesIO(raw), "roster.png"), (BytesIO(b"%PDF-1.4"), "letter.pdf")],
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    violation = latest_violation()
    documents = db.session.scalars(
        db.select(Document).where(Document.violation_id == violation.id).order_by(Document.id)
    ).all()
    assert [d.filename for d in documents] == ["roster.png", "letter.pdf"]
    assert {d.kind for d in documents} == {"violation_evidence"}
    download = client.get(f"/monitoring/violations/{violation.id}/evidence/{documents[0].id}")
    assert download.status_code == 200 and download.data == raw
    assert "attachment" in download.headers["Content-Disposition"]
    empty = auth.post(
        f"/monitoring/violations/{violation.id}/evidence",
        {"evidence": (BytesIO(b""), "empty.txt")},
        content_type="multipart/form-data",
    )
    assert empty.status_code == 422 and "is empty" in empty.get_data(as_text=True)
    none = auth.post(f"/monitoring/violations/{violation.id}/evidence", {})
    assert none.status_code == 422 and "Choose at least one file." in none.get_data(as_text=True)
    assert client.get(f"/monitoring/violations/{violation.id}/evidence/999").status_code == 404
    auth.logout()
    auth.login("provider@example.gov")
    assert (
        client.get(f"/monitoring/violations/{violation.id}/evidence/{documents[0].id}").status_code
        == 403
    )


def test_evidence_gets_the_attachment_checks(mon, auth):
    """Type by extension and first bytes, and no directories in the name, as attachments."""
    from io import BytesIO

    auth.login("coordinator@example.gov")
    html = cite(
        auth,
        mon.application,
        evidence=[(BytesIO(b"<html><script>"), "scan.pdf")],
        content_type="multipart/form-data",
    )
    assert html.status_code == 422 and "not a real .pdf file" in html.get_data(as_text=True)
    kind = cite(
        auth,
        mon.application,
        evidence=[(BytesIO(b"<html>"), "page.html")],
        content_type="multipart/form-data",
    )
    assert kind.status_code == 422 and "can be attached" in kind.get_data(as_text=True)
    assert latest_violation() is None
    named = cite(
        auth,
        mon.application,
        evidence=[(BytesIO(b"%PDF-1.4"), "../../etc/x\x00.pdf")],
        content_type="multipart/form-data",
    )
    assert named.status_code == 302
    document = db.session.scalar(
        db.select(Document).where(Document.violation_id == latest_violation().id)
    )
    assert document.filename == "x.pdf" and document.content_type == "application/pdf"


def test_sweep_style_citation_of_a_missing_final_report(mon, app):
    """The outcomes sweep cites a missing final report (004 "Reporting") with actor None."""
    from app.monitoring.operations import cite_violation

    violation = cite_violation(
        mon.org,
        kind="missing_final_report",
        source="missing_report",
        cited_on=date(2010, 6, 16),
        description="No final report for program year 2009.",
        actor=None,
        today=date(2010, 6, 16),
        program_year=2009,
    )
    db.session.commit()
    assert violation.status == "notified" and violation.cited_by_id is None
    assert violation.application_id == mon.application.id and violation.program_year == 2009
    assert letters_of("violation_notice")[0].sent_on == date(2010, 6, 16)


def test_operation_refusals_name_the_reason(mon):
    import pytest

    from app.monitoring.operations import cite_violation
    from app.refusals import Refused

    common = dict(
        source="district_report",
        cited_on=date(2009, 8, 1),
        description="x",
        actor=mon.users.coordinator,
        today=date(2009, 8, 3),
    )
    with pytest.raises(Refused, match="not an approved provider"):
        cite_violation(mon.denied_org, kind="contract_noncompliance", **common)
    with pytest.raises(Refused, match="not a violation kind"):
        cite_violation(mon.org, kind="jaywalking", **common)
    with pytest.raises(Refused, match="not Bright Tutors's"):
        cite_violation(
            mon.org, kind="contract_noncompliance", application=mon.other_application, **common
        )
    with pytest.raises(Refused, match="after today"):
        cite_violation(
            mon.org, kind="contract_noncompliance", **{**common, "cited_on": date(2009, 8, 4)}
        )


def test_register_filters(mon, auth, client):
    auth.login("coordinator@example.gov")
    cite(auth, mon.application, kind="contract_noncompliance")
    cite(auth, mon.other_application, kind="not_ready_to_serve")
    page = client.get("/monitoring/violations").get_data(as_text=True)
    assert "Bright Tutors" in page and "Other Learning" in page
    page = client.get(f"/monitoring/violations?provider={mon.other.id}").get_data(as_text=True)
    assert "Other Learning" in page and "<td>Bright Tutors</td>" not in page
    page = client.get("/monitoring/violations?kind=contract_noncompliance").get_data(as_text=True)
    assert "<td>Bright Tutors</td>" in page and "<td>Other Learning</td>" not in page
    page = client.get("/monitoring/violations?status=confirmed").get_data(as_text=True)
    assert "No violations." in page
    for junk in (
        "provider=abc",
        "provider=99999999999999999999999",
        "status=<script>",
        "kind=" + "x" * 500,
    ):
        assert client.get(f"/monitoring/violations?{junk}").status_code == 200


def test_provider_sees_only_its_own_violations(mon, auth, client):
    auth.login("coordinator@example.gov")
    cite(auth, mon.application, description="Own org problem")
    own = latest_violation()
    cite(auth, mon.other_application, description="Other org problem")
    theirs = latest_violation()
    auth.logout()
    auth.login("provider@example.gov")
    page = client.get(f"/monitoring/violations?provider={mon.other.id}").get_data(as_text=True)
    assert "Bright Tutors" in page and "Other Learning" not in page
    own_page = client.get(f"/monitoring/violations/{own.id}").get_data(as_text=True)
    assert "Own org problem" in own_page and "Notice of violation" in own_page
    assert "Confirm the violation" not in own_page and "History" not in own_page
    assert client.get(f"/monitoring/violations/{theirs.id}").status_code == 403
    assert auth.post(f"/monitoring/violations/{own.id}/confirm", {}).status_code == 403
    assert (
        auth.post(f"/monitoring/violations/{own.id}/dismiss", {"reason": "no"}).status_code == 403
    )
    assert client.get("/monitoring/violations/new").status_code == 403


def test_malformed_citations_never_500(mon, auth, client):
    auth.login("coordinator@example.gov")
    cases_ = [
        {},
        {"application_id": "abc", "kind": "contract_noncompliance"},
        {
            "application_id": "99999999999999999999999",
            "kind": "contract_noncompliance",
            "cited_on": "2009-08-01",
            "source": "district_report",
            "description": "x",
        },
        {
            "application_id": str(mon.application.id),
            "kind": "jaywalking",
            "cited_on": "2009-08-01",
            "source": "district_report",
            "description": "x",
        },
        {
            "application_id": str(mon.application.id),
            "kind": "contract_noncompliance",
            "cited_on": "2009-13-45",
            "source": "district_report",
            "description": "x",
        },
        {
            "application_id": str(mon.application.id),
            "kind": "contract_noncompliance",
            "cited_on": "2009-09-01",
            "source": "district_report",
            "description": "x",
        },
        {
            "application_id": str(mon.application.id),
            "kind": "contract_noncompliance",
            "cited_on": "2009-08-01",
            "source": "rumour",
            "description": "x",
        },
    ]
    for data in cases_:
        response = auth.post("/monitoring/violations/new", data)
        assert response.status_code in (200, 422), data  # the form's check, or the refusal's
        assert "error-summary" in response.get_data(as_text=True), data
    future = auth.post("/monitoring/violations/new", cases_[5]).get_data(as_text=True)
    assert "cannot be after today" in future
    assert db.session.scalar(db.select(Violation.id)) is None
    assert client.get("/monitoring/violations/99999999999999999999").status_code == 404
    assert client.get("/monitoring/violations/0").status_code == 404
    assert auth.post("/monitoring/violations/99999999999999/confirm", {}).status_code == 404


def test_approval_already_removed_confirms_without_a_case(mon, auth):
    auth.login("coordinator@example.gov")
    cite(auth, mon.application, kind="falsified_information")
    violation = latest_violation()
    mon.application.state = "removed"
    db.session.commit()
    auth.post(f"/monitoring/violations/{violation.id}/confirm", {"findings": ""})
    db.session.expire_all()
    assert db.session.get(Violation, violation.id).outcome == "removal"
    assert db.session.scalars(db.select(RemovalCase)).all() == []
    assert "no longer in effect" in letters_of("violation_outcome")[0].body_html
