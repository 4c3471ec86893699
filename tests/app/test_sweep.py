"""`flask ses sweep --today DATE` runs every area's time-driven steps; a second run on the same
day changes nothing (DESIGN.md section 4: the sweep is idempotent)."""

import pytest

from app.audit import history
from app.extensions import db
from app.models import Application, AuditEntry, Letter


def _counts():
    return [db.session.scalar(db.select(db.func.count()).select_from(m))
            for m in (AuditEntry, Letter)]


def test_sweep_over_the_demo_data_is_idempotent(runner):
    assert runner.invoke(args=["ses", "seed-demo"]).exit_code == 0
    first = runner.invoke(args=["ses", "sweep", "--today", "2011-07-15"])
    assert first.exit_code == 0, first.output
    states = dict(db.session.execute(db.select(Application.id, Application.state)).all())
    # 004: revisions were due May 15, 2009 -> denied; the two-year approval ended June 30, 2011.
    assert "revisions_needed" not in states.values() and "approved" not in states.values()
    assert {"denied", "expired"} <= set(states.values())
    assert "0 change(s)" not in first.output
    before = _counts()
    second = runner.invoke(args=["ses", "sweep", "--today", "2011-07-15"])
    assert second.exit_code == 0
    assert second.output.strip().endswith("0 change(s).")
    assert _counts() == before
    expired = db.session.scalar(db.select(Application).where(Application.state == "expired"))
    assert [e.event for e in history(expired)][-1] == "term_ended"


def test_sweep_refuses_a_malformed_date(runner):
    result = runner.invoke(args=["ses", "sweep", "--today", "2011-02-30"])
    assert result.exit_code != 0
    assert "not a date" in result.output


def test_the_sweep_registry_lists_only_modules_that_exist(app):
    from app import sweep

    assert len(list(sweep._steps())) >= len(sweep.STEP_MODULES)
    with pytest.raises(ModuleNotFoundError):
        list(sweep._steps(("app.reviews.sweep", "app.nowhere.sweep")))
    with pytest.raises(RuntimeError, match="has no STEPS"):
        list(sweep._steps(("app.reviews.operations",)))
