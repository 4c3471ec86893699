"""Which reminders are due on a day, and sending them (a letter or a staff notice, once)."""

from dataclasses import dataclass

from flask import render_template

from app.appeals.queries import collect_deadlines
from app.core.calendar import working_calendar
from app.core.policy import policy_of
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.mail import queue_email
from app.models import Application, Condition, Reminder, User, UserRole

# Deadlines the provider must meet (reminded by a letter); the others are the agency's own.
PROVIDER_KINDS = frozenset(
    {"revision", "condition", "monitoring_response", "corrective_action", "appeal_filing"}
)
# What the provider does to meet a deadline of each kind (the letter's second paragraph).
PROVIDER_ACTIONS = {
    "revision": "Resubmit the revised application through the SES portal.",
    "monitoring_response": "Send your response to the monitoring report through the SES portal.",
    "corrective_action": "Send your corrective action plan through the SES portal.",
    "appeal_filing": "If you intend to appeal the removal, your appeal letter and evidence must "
    "reach the Department by that date.",
}


@dataclass(frozen=True)
class DueReminder:
    """A deadline whose reminder day has come and that has not been reminded yet."""

    deadline: object
    application: Application
    working_days_left: int
    dedupe_key: str


def dedupe_key(deadline):
    """The reminder's unique key: the deadline's kind, record and due date."""
    table, record_id = deadline.record
    return f"reminder:{deadline.kind}:{table}:{record_id}:{deadline.due_on.isoformat()}"


def due_reminders(today):
    """The reminders to send on `today`: open deadlines (not overdue) on or after their
    reminder day that have none yet. A sweep that missed the reminder day catches up."""
    candidates = [d for d in collect_deadlines(today) if not d.overdue and d.record]
    keys = {dedupe_key(d): d for d in candidates}
    sent = (
        set(
            db.session.scalars(
                db.select(Reminder.dedupe_key).where(Reminder.dedupe_key.in_(keys))
            ).all()
        )
        if keys
        else set()
    )
    found = []
    for key, deadline in keys.items():
        if key in sent:
            continue
        application = db.session.get_one(Application, deadline.application_id)
        policy = policy_of(application)
        calendar = working_calendar(policy)
        remind_on = policy.reminder_day(deadline.kind, deadline.due_on, calendar)
        if remind_on is None or today < remind_on:
            continue
        left = calendar.working_days_between(today, deadline.due_on)
        found.append(DueReminder(deadline, application, left, key))
    return found


def send_reminder(due, *, today):
    """Send one reminder (a letter to the provider or a notice to the coordinators), record it
    and return the Reminder (flushed: a double fails the unique constraint)."""
    deadline = due.deadline
    table, record_id = deadline.record
    reminder = Reminder(
        kind=deadline.kind,
        entity=table,
        entity_id=record_id,
        due_on=deadline.due_on,
        sent_on=today,
        dedupe_key=due.dedupe_key,
    )
    if deadline.kind in PROVIDER_KINDS:
        reminder.audience = "provider"
        reminder.letter = _provider_letter(due, today=today)
    else:
        reminder.audience = "staff"
        reminder.recipients = ", ".join(_staff_notice(due, today=today))
    db.session.add(reminder)
    db.session.flush()
    return reminder


def _provider_letter(due, *, today):
    deadline, application = due.deadline, due.application
    common = {
        "organization": application.organization,
        "application": application,
        "today": today,
        "dedupe_key": due.dedupe_key,
    }
    if deadline.kind == "condition":
        condition = db.session.get_one(Condition, deadline.record[1])
        condition.reminded_on = today
        return issue_letter(
            "condition_reminder",
            subject="Reminder: a condition of your approval is due soon",
            context={
                "condition": condition,
                "policy": policy_of(application),
                "working_days": due.working_days_left,
            },
            **common,
        )
    return issue_letter(
        "deadline_reminder",
        subject=f"Reminder: {deadline.label.lower()}",
        context={
            "deadline": deadline,
            "working_days": due.working_days_left,
            "action": PROVIDER_ACTIONS.get(deadline.kind, ""),
        },
        **common,
    )


def _staff_notice(due, *, today):
    """E-mail the active coordinators; returns the addresses."""
    addresses = db.session.scalars(
        db.select(User.email)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "coordinator", User.active.is_(True))
        .order_by(User.email)
    ).all()
    deadline = due.deadline
    subject = f"Reminder: {deadline.label.lower()} ({deadline.provider})"
    html = render_template(
        "reminders/staff_notice.html",
        deadline=deadline,
        today=today,
        working_days=due.working_days_left,
    )
    for address in addresses:
        queue_email(address, subject, html)
    return addresses


def reminder_dates(deadlines):
    """{uid: (sent_on, remind_on)} for the dashboard: when the deadline's reminder went out
    (None if not yet) and the day it is scheduled for (None if the pack sends none)."""
    keys = {dedupe_key(d): d for d in deadlines if d.record}
    sent = (
        dict(
            db.session.execute(
                db.select(Reminder.dedupe_key, Reminder.sent_on).where(
                    Reminder.dedupe_key.in_(keys)
                )
            ).all()
        )
        if keys
        else {}
    )
    policies = {}
    found = {}
    for key, deadline in keys.items():
        if deadline.application_id not in policies:
            policy = policy_of(db.session.get(Application, deadline.application_id))
            policies[deadline.application_id] = (policy, working_calendar(policy))
        policy, calendar = policies[deadline.application_id]
        found[deadline.uid] = (
            sent.get(key),
            policy.reminder_day(deadline.kind, deadline.due_on, calendar),
        )
    return found
