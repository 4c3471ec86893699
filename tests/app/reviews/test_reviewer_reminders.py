"""A reviewer is reminded before the score sheet is due: once, on the pack's number of working
days before (SD: the default three; Memorial Day, Monday May 25, 2009, is skipped), only while
the sheet is not submitted, by an e-mail through the task queue."""

from datetime import date, timedelta

from app.extensions import db
from app.models import Application, Reminder
from app.sweep import run_sweep

from .conftest import SD_HIGH


def _reminded(app, first, last):
    sent, day = {}, date.fromisoformat(first)
    while day <= date.fromisoformat(last):
        app.config["FIXED_TODAY"] = day.isoformat()
        for line in run_sweep(day):
            if line.startswith("review_due"):
                sent.setdefault(line.split(" sent to ")[1].split(",")[0], []).append(day)
        day += timedelta(days=1)
    return sent


def test_reviewers_with_open_sheets_are_reminded_once(app, flow, people, make_application, program):
    application = make_application("submitted", organization=people["org"], program=program)
    application.cycle.review_due_on = date(2009, 5, 28)  # a Thursday
    db.session.commit()
    reviewers = people["reviewers"][:3]
    assert flow.assign(application, reviewers).status_code == 302
    assert flow.start(application).status_code == 302
    assert db.session.get(Application, application.id).state == "under_review"
    first = reviewers[0]  # submits before the reminder day: not reminded
    assert flow.declare(application, first).status_code == 302
    assert flow.score(application, first, SD_HIGH).status_code == 302

    sent = _reminded(app, "2009-05-18", "2009-06-02")
    # Three working days before Thursday May 28, with Memorial Day (May 25) skipped: Friday 22.
    assert sent == {
        reviewers[1].email: [date(2009, 5, 22)],
        reviewers[2].email: [date(2009, 5, 22)],
    }
    rows = db.session.scalars(db.select(Reminder).filter_by(kind="review_due")).all()
    assert len(rows) == 2 and {r.due_on for r in rows} == {date(2009, 5, 28)}


def test_a_missed_reminder_day_catches_up_but_never_after_the_due_date(
    app, flow, people, make_application, program
):
    application = make_application("submitted", organization=people["org"], program=program)
    application.cycle.review_due_on = date(2009, 5, 28)
    db.session.commit()
    reviewer = people["reviewers"][0]
    flow.assign(application, people["reviewers"][:3])
    flow.start(application)
    assert _reminded(app, "2009-05-29", "2009-06-01") == {}  # past due: no reminder
    assert _reminded(app, "2009-05-27", "2009-05-27")[reviewer.email] == [date(2009, 5, 27)]
