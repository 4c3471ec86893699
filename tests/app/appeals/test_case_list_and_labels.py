"""Issue 11 on the coordinator's records: the removal-cases filter never says "No removal
cases" while a decided one exists; the audit log speaks in words and links its records."""

import re

from app.admin.queries.labels import event_label, record_label
from app.audit import record_change
from app.extensions import db


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_decided_case_is_counted_when_the_open_filter_is_empty(world, flow, client, as_user):
    flow.remove()
    as_user(world.users.coordinator)
    page = _text(client.get("/appeals/cases"))
    assert "No removal cases." not in page
    assert "No open removal cases; show all 1 ." in page
    assert "Open (0)" in page and "Decided (1)" in page and "All (1)" in page
    assert "Bright Minds Tutoring" in _text(client.get("/appeals/cases?status=closed"))


def test_no_cases_at_all_says_so(world, client, as_user):
    db.session.delete(world.case)
    db.session.commit()
    as_user(world.users.coordinator)
    assert "No removal cases." in _text(client.get("/appeals/cases?status=all"))


def test_audit_log_labels_and_links(world, client, as_user):
    record_change(world.application, "schedule_visit", actor=None, reason="visit on June 1")
    db.session.commit()
    as_user(world.users.coordinator)
    html = client.get("/admin/audit").get_data(as_text=True)
    page = _text(client.get("/admin/audit"))
    assert "Visit scheduled" in page and "schedule_visit" not in page
    assert (
        f'href="/applications/{world.application.id}">Application #{world.application.id}' in html
    )
    assert "Removal case #" in page and "removal_cases #" not in page


def test_labels():
    assert record_label("monitoring_visits", 1) == "Monitoring visit #1"
    assert event_label("schedule_visit") == "Visit scheduled"
    assert event_label("start_review") == "Put under review"
    assert event_label("some_new_event") == "Some new event"


def test_a_violation_links_to_its_removal_case(world, client, as_user):
    from datetime import date

    from app.models import RemovalCaseViolation, Violation

    violation = Violation(
        organization_id=world.org.id,
        application_id=world.application.id,
        kind="missing_final_report",
        source="missing_report",
        cited_on=date(2009, 6, 20),
        description="No final report.",
    )
    db.session.add(violation)
    db.session.flush()
    db.session.add(RemovalCaseViolation(removal_case_id=world.case.id, violation_id=violation.id))
    db.session.commit()
    as_user(world.users.coordinator)
    html = client.get(f"/monitoring/violations/{violation.id}").get_data(as_text=True)
    assert f'<a href="/appeals/cases/{world.case.id}">Case #{world.case.id}</a> opened' in html
