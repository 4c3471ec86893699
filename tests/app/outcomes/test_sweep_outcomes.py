"""The annual evaluation in `flask ses sweep --today DATE` (DESIGN.md section 6; ESEA
1116(e)(4)(D) quoted in 002 "Policy for Removal"; 002/004 "Monitoring"; 004 "Reporting")."""

import traceback
from datetime import date

from app.extensions import db
from app.models import (
    Application,
    AuditEntry,
    EffectivenessResult,
    FinalReport,
    Letter,
    RemovalCase,
    Violation,
)
from app.outcomes.operations import import_outcome_csv, report_no_students

from .conftest import csv_bytes, year_rows


def upload(district, year, *lines):
    """Store `lines` as the district's outcome data for `year` (the real import path)."""
    report = import_outcome_csv(
        district, year, csv_bytes(*lines), filename="t.csv", source="cli", actor=None
    )
    assert report.ok, report.checked.errors
    db.session.commit()


def sweep(runner, day):
    result = runner.invoke(args=["ses", "sweep", "--today", day])
    assert result.exit_code == 0, (
        result.output + "".join(traceback.format_exception(*result.exc_info))
        if result.exc_info
        else result.output
    )
    return result.output


def results():
    return {
        (r.subject, r.program_year): (r.served, r.completed, r.improved, r.status)
        for r in db.session.scalars(db.select(EffectivenessResult))
    }


def test_two_failing_years_open_a_removal_case_once(world, renewal, runner, make_user):
    """2009-10 and 2010-11 each: 12 completers, 5 improved (not a majority) -> removal case."""
    upload(world["sioux"], 2009, *year_rows("ACME", 2009, completed=12, improved=5, served=14))
    upload(world["sioux"], 2010, *year_rows("ACME", 2010, completed=12, improved=5))
    output = sweep(runner, "2011-07-15")
    assert results() == {
        ("math", 2009): (14, 12, 5, "not_contributed"),
        ("math", 2010): (12, 12, 5, "not_contributed"),
    }
    case = db.session.scalar(db.select(RemovalCase))
    assert (case.application_id, case.grounds, case.subject, case.status, case.opened_on) == (
        renewal.id,
        "effectiveness",
        "math",
        "open",
        date(2011, 7, 15),
    )
    assert "5 of 12 completers improved" in case.summary and "1116(e)(4)(D)" in case.summary
    assert f"Removal case #{case.id} opened for Acme Tutoring" in output
    assert sweep(runner, "2011-07-15").strip() == "0 change(s)."
    case.status, case.decided_on, case.decided_by_id = (
        "not_removed",
        date(2011, 8, 1),
        make_user("coordinator").id,
    )
    db.session.commit()
    sweep(runner, "2011-08-02")
    assert db.session.scalar(db.select(db.func.count()).select_from(RemovalCase)) == 1


def test_a_year_with_too_few_completers_breaks_the_chain(world, renewal, runner):
    upload(world["sioux"], 2009, *year_rows("ACME", 2009, completed=12, improved=5))
    upload(world["sioux"], 2010, *year_rows("ACME", 2010, completed=9, improved=0, served=20))
    upload(world["sioux"], 2011, *year_rows("ACME", 2011, completed=10, improved=5))
    sweep(runner, "2012-07-02")
    assert results() == {
        ("math", 2009): (12, 12, 5, "not_contributed"),
        ("math", 2010): (20, 9, 0, "insufficient_data"),
        ("math", 2011): (10, 10, 5, "not_contributed"),
    }
    assert db.session.scalar(db.select(RemovalCase)) is None


def test_only_ended_years_are_evaluated_and_replaced_data_is_reevaluated(world, runner):
    upload(world["sioux"], 2009, *year_rows("ACME", 2009, completed=12, improved=7))
    assert "Effectiveness" not in sweep(runner, "2010-06-30")  # the year is still running
    output = sweep(runner, "2010-07-01")
    assert "Effectiveness of Acme Tutoring in math 2009-10: contributed" in output
    upload(world["sioux"], 2009, *year_rows("ACME", 2009, completed=12, improved=6))
    sweep(runner, "2010-07-02")
    assert results() == {("math", 2009): (12, 12, 6, "not_contributed")}
    entries = db.session.scalars(
        db.select(AuditEntry.to_state)
        .where(AuditEntry.event == "determine_effectiveness")
        .order_by(AuditEntry.id)
    ).all()
    assert entries == ["contributed", "not_contributed"]
    upload(world["sioux"], 2009, *year_rows("BETA", 2009, completed=3, improved=3))
    output = sweep(runner, "2010-07-03")
    assert "Effectiveness of Acme Tutoring in math 2009-10 withdrawn" in output
    assert results() == {("math", 2009): (3, 3, 3, "insufficient_data")}


def test_counts_use_distinct_students_across_districts(world, runner):
    """The same student reported by two districts counts once (the keyed hash de-duplicates)."""
    lines = year_rows("ACME", 2009, completed=10, improved=6)
    upload(world["sioux"], 2009, *lines)
    upload(world["rapid"], 2009, *lines[:4])
    sweep(runner, "2010-07-01")
    assert results() == {("math", 2009): (10, 10, 6, "contributed")}


def _three_year_term(world):
    world["application"].term_ends_on = date(2012, 6, 30)
    db.session.commit()


def test_not_utilized_for_two_years_expires_with_a_letter(world, runner):
    """Both districts of ACME's service area reported both years: Sioux Falls with rows (BETA
    only), Rapid City explicitly with no SES students (issue 10)."""
    _three_year_term(world)
    upload(world["sioux"], 2009, *year_rows("BETA", 2009, completed=3, improved=3))
    upload(world["sioux"], 2010, *year_rows("BETA", 2010, completed=0, improved=0, served=1))
    for year in (2009, 2010):
        report_no_students(world["rapid"], year, source="web", actor=None)
    db.session.commit()
    assert "Acme" not in sweep(runner, "2010-07-15")  # only one program year has ended
    output = sweep(runner, "2011-07-15")
    assert "Acme Tutoring: approval expired, not utilized in 2009-10, 2010-11." in output
    application = db.session.get(Application, world["application"].id)
    assert application.state == "expired"
    letter = db.session.scalar(
        db.select(Letter).where(
            Letter.kind == "expiry_notice", Letter.organization_id == world["acme"].id
        )
    )
    assert "must reapply" in letter.body_html and "2009-10 and 2010-11" in letter.body_html
    assert (
        db.session.scalar(
            db.select(AuditEntry.event).where(
                AuditEntry.entity == "applications", AuditEntry.to_state == "expired"
            )
        )
        == "not_utilized"
    )
    assert sweep(runner, "2011-07-15").strip() == "0 change(s)."


def test_a_served_year_or_a_missing_upload_keeps_the_approval(world, runner):
    _three_year_term(world)
    upload(world["sioux"], 2009, *year_rows("BETA", 2009, completed=3, improved=3))
    sweep(runner, "2011-07-15")  # no data at all for 2010-11 from ACME's districts
    assert db.session.get(Application, world["application"].id).state == "approved"
    upload(world["rapid"], 2010, *year_rows("ACME", 2010, completed=0, improved=0, served=1))
    sweep(runner, "2011-07-16")
    assert db.session.get(Application, world["application"].id).state == "approved"


def test_just_approved_provider_is_not_expired(world, make_application, runner):
    late = make_application(
        "approved",
        organization=world["beta"],
        cycle=world["cycle"],
        service_area=[world["rapid"]],
        approved_on=date(2010, 3, 1),
        term_ends_on=date(2012, 6, 30),
    )
    upload(world["rapid"], 2009, *year_rows("ACME", 2009, completed=1, improved=1))
    upload(world["rapid"], 2010, *year_rows("ACME", 2010, completed=1, improved=1))
    sweep(runner, "2011-07-01")  # 2009-10 was under way when it was approved: one full year
    assert db.session.get(Application, late.id).state == "approved"


def test_missing_final_report_is_cited_once(world, runner):
    upload(
        world["sioux"],
        2009,
        *year_rows("ACME", 2009, completed=2, improved=1),
        *year_rows("BETA", 2009, completed=2, improved=1, prefix="B"),
    )
    db.session.add(
        FinalReport(
            organization_id=world["beta"].id,
            program_year=2009,
            filer="provider",
            due_on=date(2010, 6, 15),
            received_on=date(2010, 6, 10),
        )
    )
    db.session.commit()
    assert "final report" not in sweep(runner, "2010-06-15")  # due today: not yet late
    output = sweep(runner, "2010-06-16")
    assert "Acme Tutoring: final report for 2009-10 missing (due 2010-06-15)" in output
    violation = db.session.scalar(db.select(Violation))
    assert (
        violation.organization_id,
        violation.kind,
        violation.source,
        violation.program_year,
        violation.cited_by_id,
    ) == (world["acme"].id, "missing_final_report", "missing_report", 2009, None)
    assert "final report" not in sweep(runner, "2010-06-16")
    assert "final report" not in sweep(runner, "2010-06-17")
    assert db.session.scalar(db.select(db.func.count()).select_from(Violation)) == 1


def test_final_report_reminder_once_ten_working_days_before_june_15(world, runner):
    assert "reminded" not in sweep(runner, "2010-05-31")
    output = sweep(runner, "2010-06-01")
    assert "Acme Tutoring: reminded of the final report for 2009-10 (due 2010-06-15)." in output
    assert "Beta Learning: reminded" in output
    assert "reminded" not in sweep(runner, "2010-06-02")
    letter = db.session.scalar(
        db.select(Letter).where(
            Letter.kind == "final_report_reminder", Letter.organization_id == world["acme"].id
        )
    )
    assert "no later than June 15, 2010" in letter.body_html
    assert "reminded" not in sweep(runner, "2010-06-15")  # due today: no more reminders


def test_a_district_that_did_not_report_keeps_the_approval(world, runner):
    """Not utilized counts a year only when EVERY district of the service area reported it
    (rows or an explicit zero): Rapid City reported 2009-10 only -> no expiry (issue 10;
    002, 004 "Monitoring")."""
    _three_year_term(world)
    upload(world["sioux"], 2009, *year_rows("BETA", 2009, completed=3, improved=3))
    upload(world["sioux"], 2010, *year_rows("BETA", 2010, completed=2, improved=1))
    report_no_students(world["rapid"], 2009, source="api", actor=None)
    db.session.commit()
    assert "not utilized" not in sweep(runner, "2011-07-15")
    assert db.session.get(Application, world["application"].id).state == "approved"
    report_no_students(world["rapid"], 2010, source="api", actor=None)
    db.session.commit()
    assert "Acme Tutoring: approval expired, not utilized" in sweep(runner, "2011-07-16")
