"""Ended approval terms, run by `flask ses sweep` after the annual evaluation (app/sweep.py).

An approval whose term ended before today expires (`term_ended`), with the expiry notice.
The step runs after `app.outcomes.sweep`: the second failing program year of an SD two-year
term ends the day the term ends (004 "valid for two years"), and the removal case it calls for
(002 "Policy for Removal", ESEA 1116(e)(4)(D)) must open on the approval while it is still
approved. An approval with an open removal case does not run out with its term: the case
decides it (removed, or dismissed and then expired by the next sweep), as conditions decide a
conditional approval.
"""

from app.appeals.operations.removal import open_case_for
from app.core.lifecycle import apply_event
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.models import Application
from workflows.states import ApplicationState


def expire_ended_terms(today):
    """approved with term_ends_on before today, and no open removal case -> expired."""
    lines = []
    rows = db.session.scalars(
        db.select(Application)
        .where(Application.state == ApplicationState.APPROVED, Application.term_ends_on < today)
        .order_by(Application.id)
    ).all()
    for application in rows:
        if open_case_for(application) is not None:
            continue
        apply_event(
            application,
            "term_ended",
            actor=None,
            role="system",
            reason=f"approval term ended {application.term_ends_on.isoformat()}",
        )
        issue_letter(
            "expiry_notice",
            subject="Your SES provider approval has expired",
            today=today,
            organization=application.organization,
            application=application,
            context={"reason": "term_ended", "years": []},
            dedupe_key=f"expiry_notice:application:{application.id}",
        )
        lines.append(
            f"application {application.id} ({application.organization.name}): "
            f"expired, term ended {application.term_ends_on.isoformat()}"
        )
    return lines


STEPS = [expire_ended_terms]
