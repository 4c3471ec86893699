"""Reminders before every deadline of the dashboard: sent once, by the daily sweep, on the
pack's number of working days before the due date (SD: three, two inside the appeal window;
weekends, state holidays and agency closures skipped), to the provider by a letter or to the
coordinators by an e-mail notice through the task queue, and shown on the dashboard."""

import logging
from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import ClosureDay, Condition, Letter, Reminder
from app.sweep import run_sweep


def _days(first, last):
    day = date.fromisoformat(first)
    while day <= date.fromisoformat(last):
        yield day
        day += timedelta(days=1)


def _sweep_every_day(app, first, last):
    """Run the sweep each day; {kind: [days a reminder of that kind was sent]}."""
    sent = {}
    for day in _days(first, last):
        app.config["FIXED_TODAY"] = day.isoformat()
        for line in run_sweep(day):
            if "reminder sent" in line:
                sent.setdefault(line.split()[0], []).append(day)
    return sent


@pytest.fixture
def mail_log(caplog):
    """The e-mails the queue's worker handled (without SMTP it logs each one): the handler is
    put on the mail logger itself, whatever an earlier test did to the logging configuration."""
    logger = logging.getLogger("ses.mail")
    previous = logger.level, logger.propagate, logger.disabled
    logger.addHandler(caplog.handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # each record once, through the handler put here
    logger.disabled = False  # Alembic's fileConfig (migration tests) disables existing loggers
    yield caplog
    logger.setLevel(previous[0])
    logger.propagate, logger.disabled = previous[1], previous[2]
    logger.removeHandler(caplog.handler)


@pytest.fixture
def holiday_condition(world, make_application, make_org):
    """A condition due Tuesday July 7, 2009: three working days before skip Friday July 3
    (Independence Day observed) and the weekend, so its reminder goes out Wednesday July 1."""
    application = make_application("conditional", organization=make_org("Holiday Co"))
    condition = Condition(
        application_id=application.id,
        kind="insurance_proof",
        description="Proof of insurance",
        due_on=date(2009, 7, 7),
    )
    db.session.add(condition)
    db.session.commit()
    return condition


def test_each_provider_and_monitoring_reminder_once_on_its_working_day(
    app, due_things, holiday_condition, world, mail_log
):
    mail_log.clear()
    sent = _sweep_every_day(app, "2009-06-29", "2009-08-03")
    assert sent == {
        "condition": [date(2009, 7, 1), date(2009, 7, 22)],  # due July 7 (holiday) and Sat July 25
        "monitoring_report": [date(2009, 7, 7)],  # due Fri July 10 (the agency's)
        "revision": [date(2009, 7, 10)],  # due Wed July 15, 5 PM
        "appeal_filing": [date(2009, 7, 15)],  # due Fri July 17, two working days
        "corrective_action": [date(2009, 7, 27)],  # due Thu July 30
        "monitoring_response": [date(2009, 7, 29)],  # due Sat Aug 1
    }
    reminders = db.session.scalars(db.select(Reminder)).all()
    assert len(reminders) == len({r.dedupe_key for r in reminders}) == 7
    kinds = {r.kind: r for r in reminders}
    assert kinds["monitoring_report"].audience == "staff"
    assert kinds["monitoring_report"].recipients == "coordinator@example.gov"
    assert all(r.letter is not None for r in reminders if r.audience == "provider")
    letters = db.session.scalars(
        db.select(Letter).where(Letter.kind.in_(("deadline_reminder", "condition_reminder")))
    ).all()
    assert len(letters) == 6
    window = kinds["appeal_filing"].letter
    assert window.organization == world.org and "July 17, 2009" in window.body_html
    assert "2 working days" in window.body_html and "appeal letter" in window.body_html
    assert db.session.get(Condition, holiday_condition.id).reminded_on == date(2009, 7, 1)
    notices = [
        r.message for r in mail_log.records if "Reminder: monitoring report due" in r.message
    ]
    assert len(notices) == 1 and "to=coordinator@example.gov" in notices[0]


def test_committee_reminders_go_to_the_coordinators_once(app, world, flow, mail_log):
    flow.to_committee()
    flow.hearing("2009-07-28")  # decision due Tue Aug 11 (10 working days), notice Mon Aug 17
    mail_log.clear()
    sent = _sweep_every_day(app, "2009-07-29", "2009-08-18")
    assert sent == {
        "committee_decision": [date(2009, 8, 6)],
        "provider_notice": [date(2009, 8, 12)],
    }
    subjects = [r.message for r in mail_log.records if "subject=Reminder:" in r.message]
    assert len(subjects) == 2
    assert all("to=coordinator@example.gov" in s for s in subjects)


def test_agency_closure_days_move_the_reminder(app, due_things, world):
    db.session.add(ClosureDay(state="SD", closed_on=date(2009, 7, 8), reason="Office closed"))
    db.session.commit()
    sent = _sweep_every_day(app, "2009-07-01", "2009-07-10")
    assert sent["monitoring_report"] == [date(2009, 7, 6)]  # July 9, 7 and 6: the 8th closed


def test_a_missed_reminder_day_is_caught_up_but_never_repeated(app, due_things):
    # No sweep ran on Friday July 10, the revision's reminder day: Monday's sweep sends it.
    assert _sweep_every_day(app, "2009-07-13", "2009-07-13") == {"revision": [date(2009, 7, 13)]}
    assert _sweep_every_day(app, "2009-07-13", "2009-07-14") == {}


def test_the_database_refuses_a_second_copy(app, due_things):
    _sweep_every_day(app, "2009-07-10", "2009-07-10")
    first = db.session.scalars(db.select(Reminder)).first()
    db.session.add(
        Reminder(
            kind=first.kind,
            entity=first.entity,
            entity_id=first.entity_id,
            due_on=first.due_on,
            sent_on=first.sent_on,
            audience="staff",
            dedupe_key=first.dedupe_key,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_dashboard_shows_sent_and_scheduled_reminders(
    app, due_things, world, flow, client, as_user
):
    _sweep_every_day(app, "2009-07-07", "2009-07-07")
    flow.at("2009-07-08")
    as_user(world.users.coordinator)
    page = client.get("/appeals/deadlines").get_data(as_text=True)
    assert '<th scope="col">Reminder</th>' in page
    assert "Sent July 7, 2009" in page  # the monitoring report's
    assert "Due July 10, 2009" in page  # the revision's, three working days before
