"""Reminders to reviewers before their score sheets are due (issue 11: "a reviewer's due date").

The due date is the cycle's review due date, else the day its review ends
(`app.reviews.queries.due_on`); the pack's `[reminders]` table says how many working days
before (`review_due`, else its default). Each reviewer with an unsubmitted sheet of an
application under review gets one e-mail through the task queue, recorded as a Reminder whose
unique key makes it once only.
"""

from flask import render_template

from app.core.calendar import working_calendar
from app.core.dates import long_date
from app.core.policy import policy_of
from app.extensions import db
from app.mail import queue_email
from app.models import Application, Reminder, ReviewerAssignment
from app.reviews.operations import active_assignments
from app.reviews.queries import due_on
from workflows.states import ApplicationState, ScoreSheetState


def _key(assignment, due):
    return f"reminder:review_due:reviewer_assignments:{assignment.id}:{due.isoformat()}"


def _open_assignments():
    """Active assignments of applications under review whose sheet is not submitted."""
    applications = db.session.scalars(
        db.select(Application)
        .where(Application.state == ApplicationState.UNDER_REVIEW)
        .order_by(Application.id)
    ).all()
    for application in applications:
        for assignment in active_assignments(application):
            if assignment.sheet is None or assignment.sheet.status != ScoreSheetState.SUBMITTED:
                yield application, assignment


def _due_today(today):
    """(application, assignment, due date, key, working days left) for each reminder due on
    `today` (a missed day catches up, never after the due date); one query finds those sent."""
    calendars, found = {}, []
    for application, assignment in _open_assignments():
        due = due_on(assignment)
        if due is None or today > due:
            continue
        code = application.cycle.policy_code
        if code not in calendars:
            policy = policy_of(application)
            calendars[code] = (policy, working_calendar(policy))
        policy, calendar = calendars[code]
        remind_on = policy.reminder_day("review_due", due, calendar)
        if remind_on is not None and today >= remind_on:
            found.append(
                (
                    application,
                    assignment,
                    due,
                    _key(assignment, due),
                    calendar.working_days_between(today, due),
                )
            )
    keys = [row[3] for row in found]
    sent = (
        set(db.session.scalars(db.select(Reminder.dedupe_key).where(Reminder.dedupe_key.in_(keys))))
        if keys
        else set()
    )
    return [row for row in found if row[3] not in sent]


def remind_reviewers(today):
    """Send the score-sheet reminders due on `today`; one line per reminder."""
    lines = []
    for application, assignment, due, key, left in _due_today(today):
        reviewer = assignment.reviewer
        html = render_template(
            "reminders/reviewer_notice.html",
            application=application,
            due_on=due,
            today=today,
            working_days=left,
        )
        queue_email(reviewer.email, f"Reminder: your score sheet is due {long_date(due)}", html)
        db.session.add(
            Reminder(
                kind="review_due",
                entity=ReviewerAssignment.__tablename__,
                entity_id=assignment.id,
                due_on=due,
                sent_on=today,
                audience="staff",
                recipients=reviewer.email,
                dedupe_key=key,
            )
        )
        lines.append(
            f"review_due {assignment.id} of application {application.id}: reminder "
            f"sent to {reviewer.email}, due {due.isoformat()}"
        )
    db.session.flush()  # a second sweep's copy fails the unique key
    return lines
