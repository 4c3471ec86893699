"""The reminders' sweep step (app/sweep.py): send every reminder due today, once."""

from app.core.dates import long_date
from app.reminders.operations.reviewers import remind_reviewers
from app.reminders.operations.sending import due_reminders, send_reminder


def send_reminders(today):
    """Send the reminders due on `today`; one line per reminder."""
    lines = []
    for due in due_reminders(today):
        reminder = send_reminder(due, today=today)
        deadline = due.deadline
        lines.append(
            f"{deadline.kind} {reminder.entity_id} of application "
            f"{due.application.id}: reminder sent to the {reminder.audience}, due "
            f"{long_date(deadline.due_on)}"
        )
    return lines


STEPS = [send_reminders, remind_reviewers]
