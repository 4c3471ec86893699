"""The annual evaluation, run by `flask ses sweep --today DATE` (DESIGN.md section 6).

Steps, each idempotent (a second run on the same day returns no lines):
1. effectiveness per provider, subject and program year, for program years that have ended by
   `today` (a year still running has partial data), upserted into effectiveness_results;
2. two consecutive "not contributed" years in one subject -> a removal case (ESEA
   1116(e)(4)(D), quoted in 002 "Policy for Removal");
3. an approved provider with no served students in the last two ended program years of its
   approval -> expired as not utilized, must reapply (002/004 "Monitoring");
4. an approved provider that served students in a program year and filed no final report by
   June 15 -> a missing-final-report violation, cited as alleged, once (004 "Reporting");
5. from the pack's `[reminders] final_report` working days before June 15, one reminder letter
   to each approved provider that has not filed its final report yet.
"""

from datetime import timedelta

from app.audit import record_change
from app.extensions import db
from app.letters.service import issue_letter
from app.models import (Application, EffectivenessResult, FinalReport, Organization,
                        OutcomeUpload, RemovalCase)
from app.models.letters import Reminder
from app.models.monitoring import Violation
from app.outcomes.evaluation import (default_policy, last_ended_year, policy_by_organization,
                                     served_by_year, year_counts)
from app.reviews.calendar import policy_calendar
from app.workflow import apply_event
from workflows.effectiveness import not_utilized_due, removal_due, year_status
from workflows.policy import load_policy


def _year_label(year):
    return f"{year}-{(year + 1) % 100:02d}"


def evaluate_effectiveness(today):
    """Upsert each ended year's determination; drop those whose data an upload withdrew."""
    default, policies = default_policy(), policy_by_organization()
    names = dict(db.session.execute(db.select(Organization.id, Organization.name)).all())
    existing = {(r.organization_id, r.subject, r.program_year): r
                for r in db.session.scalars(db.select(EffectivenessResult))}
    lines = []
    for key, counts in sorted(year_counts(default, through_year=today.year).items()):
        policy = policies.get(key[0], default)
        if key[2] > last_ended_year(policy, today):
            continue
        status = year_status(counts[1], counts[2], policy)
        result = existing.pop(key, None)
        if result is not None and (result.served, result.completed, result.improved,
                                   result.status) == (*counts, status):
            continue
        if result is None:
            result = EffectivenessResult(organization_id=key[0], subject=key[1],
                                         program_year=key[2])
            db.session.add(result)
        before = result.status
        result.served, result.completed, result.improved = counts
        result.status, result.computed_on = status, today
        record_change(result, "determine_effectiveness", actor=None, from_state=before,
                      to_state=status, reason=f"served {counts[0]}, completed {counts[1]}, "
                                              f"improved {counts[2]}")
        lines.append(f"Effectiveness of {names[key[0]]} in {key[1]} {_year_label(key[2])}: "
                     f"{status} (completed {counts[1]}, improved {counts[2]}).")
    for key, result in existing.items():
        db.session.delete(result)
        lines.append(f"Effectiveness of {names[key[0]]} in {key[1]} {_year_label(key[2])} "
                     "withdrawn: its outcome data was replaced.")
    db.session.flush()
    return lines


def _approved_applications():
    """{organization_id: its latest approved application}."""
    rows = db.session.scalars(db.select(Application).where(Application.state == "approved")
                              .order_by(Application.id))
    return {application.organization_id: application for application in rows}


def _run_end(statuses, needed):
    """The last year of the latest run of `needed` consecutive "not_contributed" years."""
    failing = {year for year, status in statuses.items() if status == "not_contributed"}
    return max(year for year in failing if all(year - k in failing for k in range(needed)))


def open_effectiveness_removals(today):
    """Open a removal case for each provider and subject with a removal-length failing run,
    unless a case on these grounds was already opened after the run ended."""
    default, policies = default_policy(), policy_by_organization()
    by_subject = {}
    for result in db.session.scalars(db.select(EffectivenessResult)):
        by_subject.setdefault((result.organization_id, result.subject), {})[
            result.program_year] = result
    approved, lines = _approved_applications(), []
    for (org_id, subject), results in sorted(by_subject.items()):
        policy = policies.get(org_id, default)
        statuses = {year: r.status for year, r in results.items()}
        application = approved.get(org_id)
        if application is None or not removal_due(statuses, policy):
            continue
        end = _run_end(statuses, policy.effectiveness.consecutive_years)
        if _case_after(org_id, subject, policy.program_year_start_date(end + 1)):
            continue
        if application.term_ends_on < policy.program_year_start_date(end + 1) - timedelta(days=1):
            continue  # the approval had ended before the run's last year did (DESIGN.md 4)
        years = range(end - policy.effectiveness.consecutive_years + 1, end + 1)
        detail = "; ".join(f"{_year_label(y)}: {results[y].improved} of {results[y].completed} "
                           "completers improved" for y in years)
        summary = (f"Did not contribute to increasing student achievement in {subject} for "
                   f"{len(years)} consecutive program years ({detail}). ESEA 1116(e)(4)(D), "
                   "002 \"Policy for Removal\".")
        case, opened = _open_case(application, subject, summary, today)
        if opened:
            lines.append(f"Removal case #{case.id} opened for {application.organization.name}: "
                         f"{subject}, {len(years)} years without contributing.")
    return lines


def _open_case(application, subject, summary, today):
    from app.appeals.removal import open_removal_case

    return open_removal_case(application, grounds="effectiveness", subject=subject,
                             summary=summary, actor=None, today=today)


def _case_after(org_id, subject, day):
    """True when an effectiveness case in `subject` was opened for the organization on or
    after `day` (an open one, or a decided one that must not be reopened)."""
    return db.session.scalar(
        db.select(RemovalCase.id).join(Application, RemovalCase.application_id == Application.id)
        .where(Application.organization_id == org_id, RemovalCase.grounds == "effectiveness",
               RemovalCase.subject == subject, RemovalCase.opened_on >= day).limit(1)) is not None


def _first_full_year(policy, approved_on):
    """The first program year that falls wholly inside an approval starting `approved_on`."""
    year = policy.program_year_of(approved_on)
    return year if approved_on <= policy.program_year_start_date(year) else year + 1


def expire_not_utilized(today):
    """Expire approvals with no served students in the last `not_utilized_years` ended
    program years of the approval, when data for those years came from its service area."""
    served = served_by_year(through_year=today.year)
    reported = set(db.session.execute(
        db.select(OutcomeUpload.district_id, OutcomeUpload.program_year)).all())
    lines = []
    for application in _approved_applications().values():
        if application.term_ends_on < today:
            continue  # its term has ended: app.reviews.terms expires it as such
        policy = load_policy(application.policy_code)
        needed = policy.effectiveness.not_utilized_years
        last = last_ended_year(policy, today)
        years = range(last - needed + 1, last + 1)
        if years.start < _first_full_year(policy, application.approved_on):
            continue  # the approval has not yet lived through enough program years
        districts = [d.id for d in application.service_area]
        if not all(any((d, y) in reported for d in districts) for y in years):
            continue  # no outcome data from its districts for a year: no determination
        if not not_utilized_due(served.get(application.organization_id, {}), last, policy):
            continue
        _expire(application, years, today)
        lines.append(f"{application.organization.name}: approval expired, not utilized in "
                     f"{', '.join(_year_label(y) for y in years)}.")
    return lines


def _expire(application, years, today):
    labels = [_year_label(y) for y in years]
    apply_event(application, "not_utilized", actor=None, role="system",
                reason=f"No students served in program years {', '.join(labels)} "
                       "(002/004 \"Monitoring\").")
    issue_letter("expiry_notice", subject="Your SES provider approval has expired",
                 today=today, organization=application.organization, application=application,
                 context={"reason": "not_utilized", "years": labels},
                 dedupe_key=f"expiry_notice:application:{application.id}")


def cite_missing_final_reports(today):
    """Cite, once per provider and program year, an approved provider that served students
    that year and filed no final report by its due date (June 15: 004 "Reporting")."""
    approved = _approved_applications()
    filed = set(db.session.execute(db.select(FinalReport.organization_id, FinalReport.program_year)
                                   .where(FinalReport.filer == "provider")).all())
    done = filed | set(db.session.execute(
        db.select(Violation.organization_id, Violation.program_year)
        .where(Violation.kind == "missing_final_report")).all())
    lines = []
    for org_id, years in sorted(served_by_year(through_year=today.year).items()):
        application = approved.get(org_id)
        if application is None:
            continue
        policy = load_policy(application.policy_code)
        for year, count in sorted(years.items()):
            due = policy.final_report_dates(year)["provider"]
            if count == 0 or today <= due or (org_id, year) in done \
                    or "missing_final_report" not in policy.violation_kinds:
                continue
            _cite(application, year, due, count, today)
            lines.append(f"{application.organization.name}: final report for "
                         f"{_year_label(year)} missing (due {due.isoformat()}); violation cited.")
    return lines


def _cite(application, year, due, count, today):
    from app.monitoring.operations import cite_violation

    cite_violation(application.organization, kind="missing_final_report", source="missing_report",
                   cited_on=today, actor=None, today=today, application=application,
                   program_year=year,
                   description=f"No final report for program year {_year_label(year)} was "
                               f"received by {due:%B} {due.day}, {due.year} ({count} students "
                               "served that year according to the districts' outcome data; "
                               "004 \"Reporting\").")


def remind_final_reports(today):
    """Send each approved provider, once, a reminder of its final report for the current
    program year, from the pack's `[reminders] final_report` working days before it is due
    (004 "Reporting"); recorded as a Reminder like every other deadline's (app/reminders)."""
    lines = []
    for application in _approved_applications().values():
        policy = load_policy(application.policy_code)
        year = policy.program_year_of(today)
        due = policy.final_report_dates(year)["provider"]
        remind_on = policy.reminder_day("final_report", due, policy_calendar(policy))
        if remind_on is None or not remind_on <= today < due \
                or application.approved_on > policy.program_year_start_date(year):
            continue
        key = f"reminder:final_report:organizations:{application.organization_id}:{due}"
        if db.session.scalar(db.select(FinalReport.id).where(
                FinalReport.organization_id == application.organization_id,
                FinalReport.program_year == year, FinalReport.filer == "provider")) or \
                db.session.scalar(db.select(Reminder.id).where(Reminder.dedupe_key == key)):
            continue
        letter = issue_letter(
            "final_report_reminder", subject=f"Reminder: final report for program year "
            f"{_year_label(year)}", today=today, organization=application.organization,
            application=application, context={"year_label": _year_label(year), "due_on": due},
            dedupe_key=f"final_report_reminder:organization:{application.organization_id}:{year}")
        db.session.add(Reminder(kind="final_report", entity="organizations",
                                entity_id=application.organization_id, due_on=due,
                                sent_on=today, audience="provider", letter=letter,
                                dedupe_key=key))
        lines.append(f"{application.organization.name}: reminded of the final report for "
                     f"{_year_label(year)} (due {due.isoformat()}).")
    return lines


STEPS = [evaluate_effectiveness, open_effectiveness_removals, expire_not_utilized,
         cite_missing_final_reports, remind_final_reports]
