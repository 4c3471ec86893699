"""`flask ses sweep --today DATE` runs every area's time-driven steps; a second run on the same
day changes nothing (DESIGN.md section 4: the sweep is idempotent)."""

import ast
from pathlib import Path

import pytest

import app as app_package
from app.audit import history
from app.extensions import db
from app.models import Application, AuditEntry, Letter


def _counts():
    return [
        db.session.scalar(db.select(db.func.count()).select_from(m)) for m in (AuditEntry, Letter)
    ]


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


def step_modules_on_disk():
    """Dotted names of every module under app/ that is a step file (`sweep.py`) or defines a
    top-level STEPS; app/sweep.py itself (the runner) aside."""
    root = Path(app_package.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        if path == root / "sweep.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets = [
            t
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        ]
        if path.name == "sweep.py" or any(getattr(t, "id", None) == "STEPS" for t in targets):
            found.add(".".join(("app", *path.relative_to(root).with_suffix("").parts)))
    return found


def test_every_step_module_is_in_the_registry():
    from app import sweep

    on_disk = step_modules_on_disk()
    assert "app.renewals.sweep" in on_disk  # found by its STEPS, not by its name
    assert on_disk == set(sweep.STEP_MODULES), (
        f"not registered: {sorted(on_disk - set(sweep.STEP_MODULES))}; "
        f"registered but no step file: {sorted(set(sweep.STEP_MODULES) - on_disk)}"
    )
    assert len(sweep.STEP_MODULES) == len(set(sweep.STEP_MODULES))
