"""The sweep runs once at a time: a second run waits for the first and then finds nothing to do
(two sweeps at once make the same letters and audit entries as one), and the inserts of its
steps are protected by unique constraints even without the lock."""

import threading
import time
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import IntegrityError

import app.sweep as sweep
from app import create_app
from app.extensions import db
from app.models import AuditEntry, Condition, Letter, RemovalCase
from app.models.monitoring import Violation
from config import TestingConfig
from tests.dbutil import IS_POSTGRES

DAY = date(2011, 7, 1)
needs_postgres = pytest.mark.skipif(
    not IS_POSTGRES, reason="two sessions at once need a database server (PostgreSQL)"
)


@pytest.fixture
def sweep_world(app, make_org, make_application):
    """On DAY: four overdue revisions (denied), three ended terms (expired) and two conditions
    due within three working days (reminded): 9 changes, 9 letters."""
    for n in range(4):
        make_application(
            "revisions_needed",
            organization=make_org(f"Revising {n}"),
            revision_due_at=datetime(2009, 5, 15, 22, 0, tzinfo=UTC),
        )
    for n in range(3):
        make_application(
            "approved",
            organization=make_org(f"Ending {n}"),
            approved_on=date(2009, 7, 1),
            term_ends_on=date(2011, 6, 30),
        )
    for n in range(2):
        application = make_application("conditional", organization=make_org(f"Cond {n}"))
        db.session.add(
            Condition(
                application=application,
                kind="other",
                due_on=date(2011, 7, 5),
                description="Send the signed district agreement",
            )
        )
    db.session.commit()


def _sweeps_at_once(app, monkeypatch, runs=2):
    """Start `runs` sweeps for DAY together; return (lines of each, errors, lock timings).
    The first step of each run sleeps, so the runs overlap while one holds the lock."""
    timings, real_lock, real_steps = [], sweep.lock_sweep, sweep._steps

    def timed_lock():
        asked = time.monotonic()
        real_lock()
        timings.append((asked, time.monotonic()))

    def slow_steps():
        yield lambda today: time.sleep(0.4) or []
        yield from real_steps()

    monkeypatch.setattr(sweep, "lock_sweep", timed_lock)
    monkeypatch.setattr(sweep, "_steps", slow_steps)
    barrier, results, errors = threading.Barrier(runs), [], []

    def run():
        with app.app_context():
            barrier.wait()
            try:
                results.append(sweep.run_sweep(DAY))
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors, timings


def _letters():
    return Counter(db.session.execute(db.select(Letter.kind, Letter.application_id)).all())


def _sweep_audit():
    return Counter(
        db.session.execute(
            db.select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.event).where(
                AuditEntry.event != "fixture"
            )
        ).all()
    )


@needs_postgres
def test_two_sweeps_at_once_make_the_same_letters_and_audit_entries_as_one(
    app, sweep_world, monkeypatch
):
    results, errors, timings = _sweeps_at_once(app, monkeypatch)
    assert errors == []
    assert sorted(len(lines) for lines in results) == [0, 9]  # the second waited, found nothing
    (first_asked, first_got), (second_asked, second_got) = sorted(timings, key=lambda t: t[1])
    assert second_asked < first_got + 0.4 <= second_got  # it asked while the first ran
    db.session.expire_all()
    letters = _letters()
    assert set(letters.values()) == {1}
    assert Counter(kind for kind, _ in letters) == {
        "decision_denied": 4,
        "expiry_notice": 3,
        "condition_reminder": 2,
    }
    audit = _sweep_audit()
    assert set(audit.values()) == {1}
    assert Counter(event for _, _, event in audit) == {"revision_overdue": 4, "term_ended": 3}
    # ... exactly what one sweep records, and a third run changes nothing.
    assert sweep.run_sweep(DAY) == []


@needs_postgres
def test_without_the_lock_the_unique_constraints_still_refuse_a_double(
    app, sweep_world, monkeypatch
):
    monkeypatch.setattr(sweep, "lock_sweep", lambda: None)
    results, errors, _ = _sweeps_at_once(app, monkeypatch)
    db.session.expire_all()
    assert set(_letters().values()) == {1} and len(_letters()) == 9
    assert all(isinstance(error, IntegrityError) or "deadlock" in str(error) for error in errors)


def test_a_second_run_waits_for_the_lock(app, tmp_path):
    """Whoever holds the sweep's lock, a second transaction asking for it waits until the first
    commits (SQLite: BEGIN IMMEDIATE on a file database; PostgreSQL: the advisory lock)."""
    if not IS_POSTGRES:
        url = f"sqlite:///{tmp_path / 'lock.sqlite3'}"
        app = create_app(type("Config", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
        with app.app_context():
            db.create_all()
    held, order = threading.Event(), []

    def first():
        with app.app_context():
            sweep.lock_sweep()
            held.set()
            time.sleep(0.5)
            order.append(("first commits", time.monotonic()))
            db.session.commit()

    def second():
        with app.app_context():
            held.wait(10)
            sweep.lock_sweep()
            order.append(("second has the lock", time.monotonic()))
            db.session.commit()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [what for what, _ in order] == ["first commits", "second has the lock"]


def test_a_letter_with_the_same_dedupe_key_is_refused(app, make_org, make_application):
    application = make_application("approved", organization=make_org())
    for _ in range(2):
        db.session.add(
            Letter(
                kind="expiry_notice",
                subject="Expired",
                body_html="<p>x</p>",
                sent_on=DAY,
                organization_id=application.organization_id,
                dedupe_key=f"expiry_notice:application:{application.id}",
            )
        )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_one_open_removal_case_per_application(app, make_org, make_application, make_user):
    application = make_application("approved", organization=make_org())
    coordinator = make_user("coordinator")

    def case(**values):
        db.session.add(
            RemovalCase(
                application_id=application.id,
                grounds="effectiveness",
                subject="reading",
                summary="Two years",
                opened_on=DAY,
                **values,
            )
        )
        db.session.flush()

    case(status="not_removed", decided_on=DAY, decided_by_id=coordinator.id)
    case()  # a closed case does not count: one open case is allowed beside it
    with pytest.raises(IntegrityError):
        case()
    db.session.rollback()


def test_one_missing_report_citation_per_provider_and_year(app, make_org):
    org = make_org()

    def cite(kind="missing_final_report", year=2010):
        db.session.add(
            Violation(
                organization_id=org.id,
                kind=kind,
                source="missing_report",
                cited_on=DAY,
                description="No final report",
                program_year=year,
            )
        )
        db.session.flush()

    cite()
    cite(year=2011)  # another year: allowed
    cite(kind="false_claims")  # another kind, the same year: not constrained
    with pytest.raises(IntegrityError):
        cite()
    db.session.rollback()
