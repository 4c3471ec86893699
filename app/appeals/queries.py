"""The coordinator's deadlines: everything due or overdue across applications (revisions),
conditions, monitoring (visit reports and responses, corrective action plans) and appeals
(filing windows, committee decisions, provider notices), sorted by date.

Each deadline has a stable id (`uid`) so a calendar program that subscribed to the feed updates
an event instead of duplicating it when a date moves, and names the record it comes from so the
feed can number its revisions (`sequences`, from the audit history).
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, has_request_context, url_for
from sqlalchemy.orm import selectinload

from app.appeals.operations.committee import committee_dates
from app.appeals.operations.filing import appeal_window
from app.core.dates import long_date
from app.core.policy import policy_of
from app.extensions import db
from app.models import (
    Appeal,
    Application,
    AuditEntry,
    Condition,
    CorrectiveAction,
    MonitoringVisit,
    RemovalCase,
)
from workflows.lifecycles import VISIT
from workflows.states import (
    AppealState,
    ApplicationState,
    ConditionState,
    CorrectiveActionState,
    RemovalCaseState,
)

KINDS = {
    "revision": "Revised application due",
    "condition": "Condition due",
    "monitoring_report": "Monitoring report due",
    "monitoring_response": "Provider's response to the monitoring report due",
    "corrective_action": "Corrective action plan due",
    "appeal_filing": "Appeal filing window closes",
    "committee_decision": "Appeals committee decision due",
    "provider_notice": "Provider notice of the committee decision due",
}


@dataclass(frozen=True)
class Deadline:
    """One thing due on one date."""

    kind: str
    due_on: date
    provider: str
    detail: str
    url: str
    uid: str
    overdue: bool
    record: tuple = ()  # (table name, id) of the row the date comes from
    application_id: int | None = None  # the application (and so the pack) it belongs to
    due_at: datetime | None = None  # set for a deadline at a time of day (aware)

    @property
    def label(self):
        """The kind as people read it."""
        return KINDS[self.kind]


def collect_deadlines(today, kind=None):
    """Every open deadline on `today`, earliest first (optionally only one `kind`)."""
    found = []
    for collect, kinds in COLLECTORS:
        if not kind or kind in kinds:  # one kind: only the queries that can yield it
            found.extend(collect(today))
    if kind:
        found = [d for d in found if d.kind == kind]
    return sorted(found, key=lambda d: (d.due_on, d.kind, d.uid))


def _make(kind, due_on, application, detail, url, row, today, due_at=None):
    return Deadline(
        kind,
        due_on,
        application.organization.name,
        detail,
        url,
        f"ses-{kind}-{row.id}",
        overdue=due_on < today,
        record=(row.__tablename__, row.id),
        application_id=application.id,
        due_at=due_at,
    )


def sequences(deadlines):
    """{uid: SEQUENCE} for the feed: two per audit entry of the deadline's record (every change
    of a date or state is audited) plus one once overdue (the title changes), so the number
    only grows, even when a moved date makes an overdue deadline current again."""
    records = {d.record for d in deadlines if d.record}
    counts = {}
    for table in {t for t, _ in records}:
        ids = [i for t, i in records if t == table]
        rows = db.session.execute(
            db.select(AuditEntry.entity_id, db.func.count())
            .where(AuditEntry.entity == table, AuditEntry.entity_id.in_(ids))
            .group_by(AuditEntry.entity_id)
        ).all()
        counts.update({(table, entity_id): n for entity_id, n in rows})
    return {d.uid: 2 * counts.get(d.record, 0) + int(d.overdue) for d in deadlines}


def _link(endpoint, **values):
    """The page of a deadline; '' outside a request (the sweep's reminders have no host to
    link to unless SERVER_NAME is configured)."""
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for(endpoint, **values)
    return ""


def _application_url(application_id):
    return _link("applications.application", application_id=application_id)


def _visit_url(visit):
    """The visit's page where the monitoring area has one, else the application's."""
    if "monitoring.visit" in current_app.view_functions:
        return _link("monitoring.visit", visit_id=visit.id)
    return _application_url(visit.application_id)


def _revisions(today):
    rows = db.session.scalars(
        db.select(Application)
        .where(
            Application.state == ApplicationState.REVISIONS_NEEDED,
            Application.revision_due_at.is_not(None),
        )
        .options(selectinload(Application.organization), selectinload(Application.cycle))
    ).all()
    found = []
    for a in rows:
        due_at = a.revision_due_at.astimezone(policy_of(a).tzinfo)
        found.append(
            _make(
                "revision",
                due_at.date(),
                a,
                f"Resubmission for a second read ({a.cycle.name})",
                _application_url(a.id),
                a,
                today,
                due_at=due_at,
            )
        )
    return found


def _conditions(today):
    rows = db.session.scalars(
        db.select(Condition)
        .where(Condition.status == ConditionState.OPEN)
        .options(selectinload(Condition.application).selectinload(Application.organization))
    ).all()
    return [
        _make(
            "condition",
            c.due_on,
            c.application,
            c.description,
            _application_url(c.application_id),
            c,
            today,
        )
        for c in rows
    ]


def _visits(today):
    rows = db.session.scalars(
        db.select(MonitoringVisit)
        .where(MonitoringVisit.status.not_in(tuple(VISIT.terminal)))
        .options(selectinload(MonitoringVisit.application).selectinload(Application.organization))
    ).all()
    found = []
    for visit in rows:
        application = visit.application
        url = _visit_url(visit)
        visited = f"Visit of {long_date(visit.visit_on)}"
        if visit.report_due_on and visit.report_issued_on is None:
            found.append(
                _make(
                    "monitoring_report",
                    visit.report_due_on,
                    application,
                    visited,
                    url,
                    visit,
                    today,
                )
            )
        if (
            visit.response_due_on
            and visit.report_issued_on is not None
            and visit.response_received_on is None
        ):
            found.append(
                _make(
                    "monitoring_response",
                    visit.response_due_on,
                    application,
                    visited,
                    url,
                    visit,
                    today,
                )
            )
    return found


def _corrective_actions(today):
    rows = db.session.scalars(
        db.select(CorrectiveAction)
        .where(CorrectiveAction.status == CorrectiveActionState.OPEN)
        .options(
            selectinload(CorrectiveAction.visit)
            .selectinload(MonitoringVisit.application)
            .selectinload(Application.organization)
        )
    ).all()
    return [
        _make(
            "corrective_action",
            a.due_on,
            a.visit.application,
            f"Indicator {a.indicator}",
            _visit_url(a.visit),
            a,
            today,
        )
        for a in rows
    ]


def _appeal_windows(today):
    """Removals not appealed whose window is still open (a closed window is not a task)."""
    cases = db.session.scalars(
        db.select(RemovalCase).where(
            RemovalCase.status == RemovalCaseState.REMOVED, ~RemovalCase.appeal.has()
        )
    ).all()
    found = []
    for case in cases:
        window = appeal_window(case)
        if window is not None and window.due_on is not None and window.due_on >= today:
            found.append(
                _make(
                    "appeal_filing",
                    window.due_on,
                    case.application,
                    f"Notice of removal received {long_date(window.received_on)}",
                    _link("appeals.case", case_id=case.id),
                    case,
                    today,
                )
            )
    return found


def _committees(today):
    appeals = db.session.scalars(
        db.select(Appeal).where(Appeal.status == AppealState.COMMITTEE)
    ).all()
    found = []
    for appeal in appeals:
        dates = committee_dates(appeal, today)
        application = appeal.removal_case.application
        url = _link("appeals.appeal", appeal_id=appeal.id)
        held = f"Hearing of {long_date(appeal.hearing_on)}" if appeal.hearing_on else ""
        if dates.decision_due:
            found.append(
                _make(
                    "committee_decision", dates.decision_due, application, held, url, appeal, today
                )
            )
        if dates.notice_due and appeal.provider_notified_on is None:
            found.append(
                _make("provider_notice", dates.notice_due, application, held, url, appeal, today)
            )
    return found


# Each collector and the kinds of deadline it yields.
COLLECTORS = (
    (_revisions, {"revision"}),
    (_conditions, {"condition"}),
    (_visits, {"monitoring_report", "monitoring_response"}),
    (_corrective_actions, {"corrective_action"}),
    (_appeal_windows, {"appeal_filing"}),
    (_committees, {"committee_decision", "provider_notice"}),
)


def clocks_not_started():
    """Removal notices whose receipt is not recorded yet: the appeal clock has not started."""
    cases = db.session.scalars(
        db.select(RemovalCase)
        .where(RemovalCase.status == RemovalCaseState.REMOVED, ~RemovalCase.appeal.has())
        .order_by(RemovalCase.decided_on)
    ).all()
    return [case for case in cases if (w := appeal_window(case)) is not None and not w.started]
