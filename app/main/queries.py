"""What each role sees first on its home page: one function per role, each a small query.

The coordinator's panel (every count, the deadlines across all areas, the cycles) is the same
for every coordinator and costs ten queries: each worker keeps its figures, as plain values,
for HOME_PANEL_SECONDS (a change shows on the home page within that time; 0: always fresh).
"""

import threading
from types import SimpleNamespace

from cachetools import TTLCache
from flask import current_app
from sqlalchemy import func

from app.core.kept import kept_in
from app.extensions import db
from app.models import (
    Appeal,
    Application,
    CommitteeMember,
    Cycle,
    Letter,
    OutcomeUpload,
    ReviewerAssignment,
    User,
)
from workflows.states import ApplicationState

S = ApplicationState
# The application states the coordinator's panel counts, in the order it shows them.
COUNTED_STATES = tuple(
    s.value
    for s in (
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.REVISIONS_NEEDED,
        S.CONDITIONAL,
        S.APPROVED,
        S.REMOVED,
        S.APPEALED,
    )
)


def provider_panel(user):
    """The organization's applications and its latest letters."""
    if user.organization_id is None:
        return {"organization": None, "applications": [], "letters": []}
    applications = db.session.scalars(
        db.select(Application)
        .where(Application.organization_id == user.organization_id)
        .order_by(Application.id.desc())
    ).all()
    letters = db.session.scalars(
        db.select(Letter)
        .where(Letter.organization_id == user.organization_id, Letter.district_id.is_(None))
        .order_by(Letter.id.desc())
        .limit(10)
    ).all()
    return {"organization": user.organization, "applications": applications, "letters": letters}


def reviewer_panel(user):
    """The reviewer's assignment queue, newest first."""
    assignments = db.session.scalars(
        db.select(ReviewerAssignment)
        .where(
            ReviewerAssignment.reviewer_id == user.id,
            ReviewerAssignment.conflict_status != "conflict",
        )
        .order_by(ReviewerAssignment.assigned_at.desc())
    ).all()
    return {"assignments": assignments}


_FIGURES_LOCK = threading.Lock()


def _short_cached(key, compute):
    """compute(), or its value from the last HOME_PANEL_SECONDS in this worker."""
    seconds = float(current_app.config.get("HOME_PANEL_SECONDS", 0))
    if seconds <= 0:
        return compute()
    with _FIGURES_LOCK:
        cache = current_app.extensions.get("home_panel_figures")
        if cache is None:
            cache = current_app.extensions["home_panel_figures"] = TTLCache(256, ttl=seconds)
    return kept_in(cache, _FIGURES_LOCK, key, compute)


def coordinator_panel(user):
    """Applications counted by state (drafts are the providers' own), the next deadlines,
    the cycles, and the number of accounts (the same for every coordinator)."""
    from app.clock import today

    day = today()
    return _short_cached(("coordinator", day), lambda: _coordinator_figures(day))


def _coordinator_figures(day):
    from app.appeals.queries import collect_deadlines
    from app.core.policy import default_policy
    from app.outcomes.queries import districts_not_reported

    counts = dict(
        db.session.execute(
            db.select(Application.state, func.count())
            .where(Application.state != S.DRAFT)
            .group_by(Application.state)
        ).all()
    )
    cycles = [
        SimpleNamespace(
            name=c.name,
            policy_code=c.policy_code,
            due_at=c.due_at,
            announcement_on=c.announcement_on,
        )  # plain values: kept
        for c in db.session.scalars(db.select(Cycle).order_by(Cycle.opens_on.desc()))
    ]
    users = db.session.scalar(db.select(func.count()).select_from(User))
    deadlines = collect_deadlines(day)
    year, due, unreported = districts_not_reported(default_policy(), day)
    unreported = [SimpleNamespace(label=d.label) for d in unreported]  # plain values: kept
    return {
        "counts": counts,
        "counted_states": COUNTED_STATES,
        "cycles": cycles,
        "user_count": users,
        "deadlines": deadlines[:8],
        "overdue": sum(d.overdue for d in deadlines),
        "unreported": {"year": year, "due": due, "districts": unreported},
    }


def committee_panel(user):
    """The appeals this member sits on."""
    appeals = db.session.scalars(
        db.select(Appeal)
        .join(CommitteeMember, CommitteeMember.appeal_id == Appeal.id)
        .where(CommitteeMember.user_id == user.id)
        .order_by(Appeal.filed_on.desc())
    ).all()
    return {"appeals": appeals}


def district_panel(user):
    """The district, its schools and its outcome uploads."""
    if user.district_id is None:
        return {"district": None, "uploads": []}
    uploads = db.session.scalars(
        db.select(OutcomeUpload)
        .where(OutcomeUpload.district_id == user.district_id)
        .order_by(OutcomeUpload.program_year.desc())
    ).all()
    return {"district": user.district, "uploads": uploads}


PANELS = {
    "coordinator": coordinator_panel,
    "reviewer": reviewer_panel,
    "committee": committee_panel,
    "provider": provider_panel,
    "district": district_panel,
}


def panels_for(user):
    """[(role, context)] for every role the user holds, coordinator first."""
    roles = user.roles  # a set built from the role rows: once, not once per panel
    return [(role, panel(user)) for role, panel in PANELS.items() if role in roles]
