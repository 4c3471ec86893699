"""Opening a removal case: the one entry point for every ground (002 "Policy for Removal")."""

from app.audit import record_change
from app.extensions import db
from app.models import RemovalCase


def open_case_for(application):
    """The application's open removal case, or None."""
    return db.session.scalar(
        db.select(RemovalCase).where(RemovalCase.application_id == application.id,
                                     RemovalCase.status == "open"))


def open_removal_case(application, *, grounds, summary, actor, today, violations=(),
                      subject=None):
    """Open a removal case on `application` unless one is already open; return (case, opened).

    `grounds` is one of REMOVAL_GROUNDS; `violations` the confirmed violations it rests on (added
    to an already open case instead of opening a second). A closed case is never reopened: a
    later ground opens a new case. `actor` None means the sweep opened it.
    """
    case = open_case_for(application)
    if case is not None:
        for violation in violations:
            if violation not in case.violations:
                case.violations.append(violation)
        db.session.flush()
        return case, False
    case = RemovalCase(application=application, grounds=grounds, summary=summary,
                       subject=subject, opened_on=today,
                       opened_by_id=actor.id if actor is not None else None)
    case.violations = list(violations)
    db.session.add(case)
    db.session.flush()
    record_change(case, "open_removal_case", actor=actor, to_state="open", reason=summary)
    return case, True
