"""The annual evaluation, run by `flask ses sweep --today DATE` (DESIGN.md section 6).

Steps, each idempotent (a second run on the same day returns no lines):
1. effectiveness per provider, subject and program year, for program years that have ended by
   `today` (a year still running has partial data), upserted into effectiveness_results;
2. two consecutive "not contributed" years in one subject -> a removal case (ESEA
   1116(e)(4)(D), quoted in 002 "Policy for Removal");
3. an approved provider with no served students in the last two ended program years of its
   approval, every district of its service area having reported both years (rows or an
   explicit "no SES students") -> expired as not utilized, must reapply (002/004 "Monitoring");
4. an approved provider that served students in a program year and filed no final report by
   June 15 -> a missing-final-report violation, cited as alleged, once (004 "Reporting");
5. from the pack's `[reminders] final_report` working days before June 15, one reminder letter
   to each approved provider that has not filed its final report yet.
"""

from datetime import timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, or_, true
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.audit import record_changes
from app.core.calendar import working_calendar
from app.core.dates import long_date
from app.core.lifecycle import apply_event
from app.core.policy import default_policy
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.models import (
    Application,
    ApplicationDistrict,
    Cycle,
    EffectivenessResult,
    FinalReport,
    Organization,
    OutcomeUpload,
    RemovalCase,
)
from app.models.letters import Reminder
from app.models.monitoring import Violation
from app.outcomes.queries.evaluation import (
    determinations,
    effectiveness_terms,
    last_ended_year,
    outcome_figures,
    policy_by_organization,
)
from workflows.effectiveness import not_utilized_due, removal_due
from workflows.policy import load_policy
from workflows.states import ApplicationState


def _year_label(year):
    return f"{year}-{(year + 1) % 100:02d}"


KEY = ("organization_id", "subject", "program_year")
COUNTS = ("served", "completed", "improved", "status")


def evaluate_effectiveness(today, figures):
    """Upsert each ended year's determination; drop those whose data an upload withdrew.

    Set-based: one SELECT of what changed (with the status before, for the audit), one
    INSERT ... SELECT ... ON CONFLICT DO UPDATE ... WHERE changed, one DELETE ... RETURNING,
    one executemany of audit entries. A second run finds nothing changed and writes nothing."""
    with effectiveness_terms(figures, today) as terms:
        determined = determinations(figures, terms, today).subquery()
        changed = _changed(determined)
        ids = _upsert(determined) if changed else {}
        withdrawn = db.session.execute(
            delete(EffectivenessResult)
            .where(
                ~exists().where(*(determined.c[k] == getattr(EffectivenessResult, k) for k in KEY))
            )
            .returning(EffectivenessResult.id, *(getattr(EffectivenessResult, k) for k in KEY))
            .execution_options(synchronize_session=False)
        ).all()
    names = _names(
        {row.organization_id for row in changed} | {row.organization_id for row in withdrawn}
    )
    record_changes(
        "effectiveness_results",
        [
            {
                "entity_id": ids[tuple(row[:3])],
                "from_state": row.before,
                "to_state": row.status,
                "reason": f"served {row.served}, completed {row.completed}, "
                f"improved {row.improved}",
            }
            for row in changed
        ],
        "determine_effectiveness",
        actor=None,
    )
    lines = [
        f"Effectiveness of {names[row.organization_id]} in {row.subject} "
        f"{_year_label(row.program_year)}: {row.status} (completed {row.completed}, "
        f"improved {row.improved})."
        for row in changed
    ]
    lines += [
        f"Effectiveness of {names[row.organization_id]} in {row.subject} "
        f"{_year_label(row.program_year)} withdrawn: its outcome data was replaced."
        for row in sorted(withdrawn)
    ]
    return lines


def _changed(determined):
    """The determinations that differ from the stored result (or have none), key order."""
    result = EffectivenessResult
    on = [determined.c[k] == getattr(result, k) for k in KEY]
    differs = [determined.c[k] != getattr(result, k) for k in COUNTS]
    return db.session.execute(
        db.select(determined, result.status.label("before"))
        .outerjoin(result, and_(*on))
        .where(or_(result.id.is_(None), *differs))
        .order_by(*(determined.c[k] for k in KEY))
    ).all()


def _upsert(determined):
    """Insert or update the changed determinations; {key: result id} of the rows written."""
    table = EffectivenessResult.__table__
    dialect_insert = (
        postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    )
    names = [*KEY, *COUNTS, "computed_on"]
    # WHERE true: SQLite needs it to read ON CONFLICT as the upsert clause, not a join's ON.
    statement = dialect_insert(table).from_select(names, db.select(determined).where(true()))
    statement = statement.on_conflict_do_update(
        index_elements=list(KEY),
        set_={name: statement.excluded[name] for name in (*COUNTS, "computed_on")},
        where=or_(*(table.c[name] != statement.excluded[name] for name in COUNTS)),
    )
    rows = db.session.execute(statement.returning(table.c.id, *(table.c[k] for k in KEY)))
    return {tuple(row[1:]): row[0] for row in rows}


def _names(organization_ids):
    if not organization_ids:
        return {}
    return dict(
        db.session.execute(
            db.select(Organization.id, Organization.name).where(
                Organization.id.in_(organization_ids)
            )
        ).all()
    )


class _Approval:
    """An approved application as the steps read it: plain columns from two queries for all
    of them (no ORM object per approval); `record`, the Application itself, is loaded only for
    the few a step changes or writes a letter about."""

    __slots__ = (
        "id",
        "organization_id",
        "approved_on",
        "term_ends_on",
        "policy_code",
        "organization_name",
        "district_ids",
    )

    def __init__(self, row, district_ids):
        (
            self.id,
            self.organization_id,
            self.approved_on,
            self.term_ends_on,
            self.policy_code,
            self.organization_name,
        ) = row
        self.district_ids = district_ids

    @property
    def record(self):
        """The Application (the session's object if already loaded)."""
        return db.session.get(Application, self.id)


def _approved_applications():
    """{organization_id: its latest approved application} as _Approval rows: one query for
    the applications with their cycle's pack and organization's name, one for their service
    areas."""
    approved = Application.state == ApplicationState.APPROVED
    areas: dict[int, list[int]] = {}
    for application_id, district_id in db.session.execute(
        db.select(ApplicationDistrict.application_id, ApplicationDistrict.district_id)
        .join(Application, Application.id == ApplicationDistrict.application_id)
        .where(approved)
    ):
        areas.setdefault(application_id, []).append(district_id)
    rows = db.session.execute(
        db.select(
            Application.id,
            Application.organization_id,
            Application.approved_on,
            Application.term_ends_on,
            Cycle.policy_code,
            Organization.name,
        )
        .join(Cycle, Application.cycle_id == Cycle.id)
        .join(Organization, Application.organization_id == Organization.id)
        .where(approved)
        .order_by(Application.id)
    )
    return {row.organization_id: _Approval(row, areas.get(row.id, [])) for row in rows}


def _still_approved(approved):
    """`approved` without the applications an earlier step moved. Moves go through the
    session's Application objects, so only those loaded this run can have moved: the
    session's identity map is read, not each approval's row."""
    moved = {
        obj.id
        for obj in db.session.identity_map.values()
        if isinstance(obj, Application) and obj.state != ApplicationState.APPROVED
    }
    if not moved:
        return approved
    return {org: a for org, a in approved.items() if a.id not in moved}


def _run_end(statuses, needed):
    """The last year of the latest run of `needed` consecutive "not_contributed" years."""
    failing = {year for year, status in statuses.items() if status == "not_contributed"}
    return max(year for year in failing if all(year - k in failing for k in range(needed)))


def open_effectiveness_removals(today, approved):
    """Open a removal case for each provider and subject with a removal-length failing run,
    unless a case on these grounds was already opened after the run ended."""
    default, policies = default_policy(), policy_by_organization()
    by_subject: dict[tuple[int, str], dict[int, Any]] = {}
    # Plain rows, not ORM objects: evaluate_effectiveness wrote them with Core statements
    # and only the few with a removal-length run are read further.
    result = EffectivenessResult
    for row in db.session.execute(
        db.select(
            result.organization_id,
            result.subject,
            result.program_year,
            result.status,
            result.completed,
            result.improved,
        )
    ):
        by_subject.setdefault((row.organization_id, row.subject), {})[row.program_year] = row
    approved, lines = _still_approved(approved), []
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
        detail = "; ".join(
            f"{_year_label(y)}: {results[y].improved} of {results[y].completed} completers improved"
            for y in years
        )
        summary = (
            f"Did not contribute to increasing student achievement in {subject} for "
            f"{len(years)} consecutive program years ({detail}). ESEA 1116(e)(4)(D), "
            '002 "Policy for Removal".'
        )
        case, opened = _open_case(application.record, subject, summary, today)
        if opened:
            lines.append(
                f"Removal case #{case.id} opened for {application.organization_name}: "
                f"{subject}, {len(years)} years without contributing."
            )
    return lines


def _open_case(application, subject, summary, today):
    from app.appeals.operations.removal import open_removal_case

    return open_removal_case(
        application,
        grounds="effectiveness",
        subject=subject,
        summary=summary,
        actor=None,
        today=today,
    )


def _case_after(org_id, subject, day):
    """True when an effectiveness case in `subject` was opened for the organization on or
    after `day` (an open one, or a decided one that must not be reopened)."""
    return (
        db.session.scalar(
            db.select(RemovalCase.id)
            .join(Application, RemovalCase.application_id == Application.id)
            .where(
                Application.organization_id == org_id,
                RemovalCase.grounds == "effectiveness",
                RemovalCase.subject == subject,
                RemovalCase.opened_on >= day,
            )
            .limit(1)
        )
        is not None
    )


def _first_full_year(policy, approved_on):
    """The first program year that falls wholly inside an approval starting `approved_on`."""
    year = policy.program_year_of(approved_on)
    return year if approved_on <= policy.program_year_start_date(year) else year + 1


def expire_not_utilized(today, figures, approved):
    """Expire approvals with no served students in the last `not_utilized_years` ended
    program years of the approval, when every district of its service area reported those
    years (002, 004 "Monitoring"; issue 10)."""
    served = figures.served_by_year()
    reported = set(
        db.session.execute(db.select(OutcomeUpload.district_id, OutcomeUpload.program_year)).all()
    )
    lines = []
    for application in _still_approved(approved).values():
        if application.term_ends_on < today:
            continue  # its term has ended: app.renewals.sweep expires it as such
        policy = load_policy(application.policy_code)
        needed = policy.effectiveness.not_utilized_years
        last = last_ended_year(policy, today)
        years = range(last - needed + 1, last + 1)
        if years.start < _first_full_year(policy, application.approved_on):
            continue  # the approval has not yet lived through enough program years
        districts = application.district_ids
        # A year counts as unused only when every district of the service area reported it
        # (rows, or an explicit "no SES students" report): a missing report is no evidence.
        if not districts or not all((d, y) in reported for d in districts for y in years):
            continue
        if not not_utilized_due(served.get(application.organization_id, {}), last, policy):
            continue
        _expire(application.record, years, today)
        lines.append(
            f"{application.organization_name}: approval expired, not utilized in "
            f"{', '.join(_year_label(y) for y in years)}."
        )
    return lines


def _expire(application, years, today):
    labels = [_year_label(y) for y in years]
    apply_event(
        application,
        "not_utilized",
        actor=None,
        role="system",
        reason=f'No students served in program years {", ".join(labels)} (002/004 "Monitoring").',
    )
    issue_letter(
        "expiry_notice",
        subject="Your SES provider approval has expired",
        today=today,
        organization=application.organization,
        application=application,
        context={"reason": "not_utilized", "years": labels},
        dedupe_key=f"expiry_notice:application:{application.id}",
    )


def cite_missing_final_reports(today, figures, approved):
    """Cite, once per provider and program year, an approved provider that served students
    that year and filed no final report by its due date (June 15: 004 "Reporting")."""
    approved = _still_approved(approved)
    filed = set(
        db.session.execute(
            db.select(FinalReport.organization_id, FinalReport.program_year).where(
                FinalReport.filer == "provider"
            )
        ).all()
    )
    done = filed | set(
        db.session.execute(
            db.select(Violation.organization_id, Violation.program_year).where(
                Violation.kind == "missing_final_report"
            )
        ).all()
    )
    lines = []
    for org_id, years in sorted(figures.served_by_year().items()):
        application = approved.get(org_id)
        if application is None:
            continue
        policy = load_policy(application.policy_code)
        for year, count in sorted(years.items()):
            due = policy.final_report_dates(year)["provider"]
            if (
                count == 0
                or today <= due
                or (org_id, year) in done
                or "missing_final_report" not in policy.violation_kinds
            ):
                continue
            _cite(application.record, year, due, count, today)
            lines.append(
                f"{application.organization_name}: final report for "
                f"{_year_label(year)} missing (due {due.isoformat()}); violation cited."
            )
    return lines


def _cite(application, year, due, count, today):
    from app.monitoring.operations import cite_violation

    cite_violation(
        application.organization,
        kind="missing_final_report",
        source="missing_report",
        cited_on=today,
        actor=None,
        today=today,
        application=application,
        program_year=year,
        description=f"No final report for program year {_year_label(year)} was "
        f"received by {long_date(due)} ({count} students "
        "served that year according to the districts' outcome data; "
        '004 "Reporting").',
    )


def _final_report_window(policy, today):
    """(program year of `today`, its final report's due date, the day its reminder goes out
    or None, the year's first day) under `policy`: one calendar per pack, not per provider."""
    year = policy.program_year_of(today)
    due = policy.final_report_dates(year)["provider"]
    remind_on = policy.reminder_day("final_report", due, working_calendar(policy))
    return year, due, remind_on, policy.program_year_start_date(year)


def remind_final_reports(today, approved):
    """Send each approved provider, once, a reminder of its final report for the current
    program year, from the pack's `[reminders] final_report` working days before it is due
    (004 "Reporting"); recorded as a Reminder like every other deadline's (app/reminders)."""
    lines: list[str] = []
    due_soon, packs = [], {}
    for application in _still_approved(approved).values():
        code = application.policy_code
        if code not in packs:
            packs[code] = _final_report_window(load_policy(code), today)
        year, due, remind_on, year_start = packs[code]
        if (
            remind_on is not None
            and remind_on <= today < due
            and application.approved_on <= year_start
        ):
            due_soon.append((application, year, due))
    if not due_soon:
        return lines
    # Who filed or was reminded already: two queries for every provider, not two each.
    org_ids = [application.organization_id for application, _, _ in due_soon]
    filed = set(
        db.session.execute(
            db.select(FinalReport.organization_id, FinalReport.program_year).where(
                FinalReport.organization_id.in_(org_ids), FinalReport.filer == "provider"
            )
        ).all()
    )
    reminded = set(
        db.session.scalars(
            db.select(Reminder.dedupe_key).where(
                Reminder.kind == "final_report", Reminder.entity_id.in_(org_ids)
            )
        ).all()
    )
    for application, year, due in due_soon:
        org_id = application.organization_id
        key = f"reminder:final_report:organizations:{org_id}:{due}"
        if (org_id, year) in filed or key in reminded:
            continue
        letter = issue_letter(
            "final_report_reminder",
            subject=f"Reminder: final report for program year {_year_label(year)}",
            today=today,
            organization=application.record.organization,
            application=application.record,
            context={"year_label": _year_label(year), "due_on": due},
            dedupe_key=f"final_report_reminder:organization:{application.organization_id}:{year}",
        )
        db.session.add(
            Reminder(
                kind="final_report",
                entity="organizations",
                entity_id=application.organization_id,
                due_on=due,
                sent_on=today,
                audience="provider",
                letter=letter,
                dedupe_key=key,
            )
        )
        lines.append(
            f"{application.organization_name}: reminded of the final report for "
            f"{_year_label(year)} (due {due.isoformat()})."
        )
    return lines


def evaluate_outcomes(today):
    """The outcomes area's steps in order, sharing one computation of who served whom per
    year (`outcome_figures`: no step changes outcome rows) and one load of the approved
    applications (each step skips those an earlier one moved)."""
    approved, lines = _approved_applications(), []
    with outcome_figures(default_policy(), through_year=today.year) as figures:
        lines += evaluate_effectiveness(today, figures)
        lines += open_effectiveness_removals(today, approved)
        lines += expire_not_utilized(today, figures, approved)
        lines += cite_missing_final_reports(today, figures, approved)
    lines += remind_final_reports(today, approved)
    return lines


STEPS = [evaluate_outcomes]
