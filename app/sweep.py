"""The daily sweep: every time-driven move, run by `flask ses sweep --today DATE`.

Each area contributes its steps in `<package>.sweep.STEPS`: callables `step(today) -> list[str]`
that make the moves due on `today` and return one line per change. Steps must be idempotent:
a second run on the same day changes nothing and returns no lines.
"""

import importlib

from app.extensions import db

# Order matters: decisions first (revisions and conditions overdue), then the annual evaluation
# that may open removal cases, then ended terms (after the evaluation: the last failing year of
# a term ends the day the term does, and its removal case must still open: app.reviews.terms),
# then appeals' clocks.
STEP_MODULES = ("app.reviews.sweep", "app.monitoring.sweep", "app.outcomes.sweep",
                "app.reviews.terms", "app.appeals.sweep")


def _steps():
    for name in STEP_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        yield from module.STEPS


def run_sweep(today):
    """Run every step for `today`, commit once, and return the lines describing the changes."""
    lines = []
    for step in _steps():
        lines.extend(step(today))
    db.session.commit()
    return lines
