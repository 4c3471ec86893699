"""A second sweep of a day with unchanged inputs writes nothing (app.models.SweepRun, issue 9);
a change to any kind of input makes the next run do the work again."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from app import sweep
from app.extensions import db
from app.models import (
    Application,
    AuditEntry,
    ClosureDay,
    Condition,
    Cycle,
    District,
    DistrictYearStatus,
    Letter,
    Organization,
    OutcomeRecord,
    OutcomeUpload,
    SweepRun,
    User,
)

DAY = date(2011, 7, 15)
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def _add_outcomes_and_a_condition():
    """Outcome data for program year 2009 and a condition (met, so the sweep leaves it): the
    demo data has neither."""
    district, organization = _first(District), _first(Organization)
    upload = OutcomeUpload(
        district_id=district.id, program_year=2009, filename="2009.csv", row_count=2
    )
    db.session.add(upload)
    db.session.flush()
    for n in range(2):
        db.session.add(
            OutcomeRecord(
                upload_id=upload.id,
                district_id=district.id,
                program_year=2009,
                organization_id=organization.id,
                student_hash=f"student-{n}",
                school="Central",
                subject="reading",
                status="served",
                start_month="2009-10",
                end_month="2010-04",
                hours_completion="completed",
                achievement="met",
            )
        )
    db.session.add(
        Condition(
            application_id=_first(Application).id,
            kind="other",
            description="Proof of insurance",
            due_on=date(2011, 9, 1),
            status="met",
            met_on=date(2011, 6, 1),
            met_by_id=_first(User).id,
        )
    )
    db.session.commit()


@pytest.fixture
def demo(runner):
    assert runner.invoke(args=["ses", "seed-demo"]).exit_code == 0
    return runner


@pytest.fixture
def seeded(demo):
    _add_outcomes_and_a_condition()
    assert sweep.run_sweep(DAY)  # the first run makes the demo's moves
    return demo


@pytest.fixture
def step_runs(monkeypatch):
    """How many times run_sweep ran the steps."""
    calls = []
    real = sweep._steps

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(sweep, "_steps", counted)
    return calls


def _write_statements(action):
    """The INSERT/UPDATE/DELETE statements the database receives while `action` runs."""
    seen = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if WRITE.match(statement):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        result = action()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return result, seen


def test_a_second_run_with_unchanged_inputs_writes_nothing(seeded, step_runs):
    assert db.session.get(SweepRun, DAY) is not None
    lines, writes = _write_statements(lambda: sweep.run_sweep(DAY))
    assert lines == []
    assert writes == []
    assert step_runs == []


def test_a_run_after_a_run_that_recorded_nothing_runs_the_steps(seeded, step_runs):
    db.session.delete(db.session.get(SweepRun, DAY))
    db.session.commit()
    assert sweep.run_sweep(DAY) == []  # idempotent steps: nothing left to change
    assert step_runs == [1]
    assert db.session.get(SweepRun, DAY) is not None
    assert sweep.run_sweep(DAY) == [] and step_runs == [1]


def _first(model):
    row = db.session.scalars(db.select(model).order_by(model.id).limit(1)).first()
    assert row is not None, f"the demo data has no {model.__tablename__}"
    return row


def _state_change():
    db.session.add(AuditEntry(entity="applications", entity_id=1, event="edit", actor_id=None))


def _cycle_dates():
    cycle = _first(Cycle)
    cycle.due_at = cycle.due_at - timedelta(days=1)


def _closure_day():
    db.session.add(ClosureDay(state="SD", closed_on=date(2011, 7, 4), reason="Independence Day"))


def _reference_data():
    db.session.add(
        DistrictYearStatus(
            district_id=_first(OutcomeUpload).district_id, program_year=2030, status="none"
        )
    )


def _upload_replaced():
    upload = _first(OutcomeUpload)
    upload.filename = f"replaced-{upload.filename}"


def _outcome_rows_replaced():
    record = _first(OutcomeRecord)
    copy = {c.name: getattr(record, c.name) for c in OutcomeRecord.__table__.c if c.name != "id"}
    db.session.delete(record)
    db.session.flush()
    db.session.add(OutcomeRecord(**copy))


def _letter_received():
    letter = _first(Letter)
    letter.certified_mail_received_on = DAY - timedelta(days=3)


def _condition_due_date():
    condition = _first(Condition)
    condition.due_on = condition.due_on + timedelta(days=1)


def _application_edited():
    application = _first(Application)
    application.term_ends_on = application.term_ends_on + timedelta(days=1)


CHANGES = {
    "state change (audit entry)": _state_change,
    "cycle dates": _cycle_dates,
    "closure day": _closure_day,
    "reference data": _reference_data,
    "outcome upload replaced": _upload_replaced,
    "outcome rows replaced, same count": _outcome_rows_replaced,
    "letter receipt date": _letter_received,
    "condition due date": _condition_due_date,
    "application edited": _application_edited,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_changed_input_makes_the_next_run_do_the_work(seeded, step_runs, change):
    change()
    db.session.commit()
    sweep.run_sweep(DAY)
    assert step_runs == [1]
    sweep.run_sweep(DAY)  # the run recorded what it left: the next has nothing to do
    assert step_runs == [1]


def test_another_day_runs_the_steps(seeded, step_runs):
    sweep.run_sweep(DAY + timedelta(days=1))
    assert step_runs == [1]


def test_a_moved_revision_date_is_acted_on_by_the_next_run(demo):
    """The revision due date moved earlier after a run (no audit entry): the next run of the
    same day denies the application whose revision is now overdue."""
    early = date(2009, 5, 1)
    sweep.run_sweep(early)
    waiting = db.session.scalars(
        db.select(Application).where(Application.state == "revisions_needed")
    ).all()
    assert waiting, "the demo data has a revision pending on the early day"
    waiting[0].revision_due_at = datetime(2009, 4, 1, 12, tzinfo=UTC)
    db.session.commit()
    lines = sweep.run_sweep(early)
    assert any("revision overdue" in line for line in lines)
