"""Helpers of the monitoring tests: pin the date, post a citation, read letters and cases."""

from app.extensions import db
from app.models import Letter, RemovalCase, Violation


def set_today(app, day):
    """Pin the application's today."""
    app.config["FIXED_TODAY"] = day


def cite(
    auth,
    application,
    *,
    kind="contract_noncompliance",
    cited_on="2009-08-03",
    source="district_report",
    description="Sessions were cancelled without notice.",
    **extra,
):
    """POST the citation form; returns the response (not followed)."""
    data = {
        "application_id": str(application.id),
        "kind": kind,
        "cited_on": cited_on,
        "source": source,
        "description": description,
        **extra,
    }
    return auth.post("/monitoring/violations/new", data)


def latest_violation():
    """The most recently cited violation."""
    return db.session.scalar(db.select(Violation).order_by(Violation.id.desc()).limit(1))


def letters_of(kind):
    """Letters of `kind`, oldest first (fresh from the database)."""
    db.session.expire_all()
    return db.session.scalars(
        db.select(Letter).where(Letter.kind == kind).order_by(Letter.id)
    ).all()


def cases():
    """Every removal case, oldest first (fresh from the database)."""
    db.session.expire_all()
    return db.session.scalars(db.select(RemovalCase).order_by(RemovalCase.id)).all()
