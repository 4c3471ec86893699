"""The provider's record a renewal is decided on (DESIGN.md section 4): effectiveness by subject
and program year, violations cited in the pack's window, monitoring findings with their
corrective action plans, and district complaints - with the reasons, if any, the record makes
the renewal ungrantable."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from app.extensions import db
from app.models import Application, Complaint, EffectivenessResult, MonitoringVisit, Violation
from app.renewals.operations import not_renewable
from workflows.states import VisitState
from workflows.violations import window_start


@dataclass
class ProviderRecord:
    """What the decision page shows beside the scores of a renewal."""

    effectiveness: dict = field(default_factory=dict)  # subject -> [EffectivenessResult by year]
    years: list = field(default_factory=list)  # every program year with a result
    window_from: object = None  # first day of the violation window
    violations: Sequence = field(default_factory=list)
    findings: list = field(default_factory=list)  # (visit, [(indicator label, action)])
    complaints: Sequence = field(default_factory=list)
    not_renewable: list = field(default_factory=list)  # sentences; [] when renewable


def _findings(org_id, policy):
    labels = dict(policy.monitoring_indicators)
    visits = db.session.scalars(
        db.select(MonitoringVisit)
        .join(Application)
        .where(
            Application.organization_id == org_id, MonitoringVisit.status != VisitState.SCHEDULED
        )
        .order_by(MonitoringVisit.visit_on)
    ).all()
    rows = []
    for visit in visits:
        actions = {a.indicator: a for a in visit.corrective_actions}
        not_met = [
            (labels.get(key, key), actions.get(key))
            for key, rating in (visit.ratings or {}).items()
            if rating == "not_met"
        ]
        rows.append((visit, not_met))
    return rows


def provider_record(application, policy, *, today):
    """The record of `application`'s organization as of `today`."""
    org_id = application.organization_id
    record = ProviderRecord(window_from=window_start(today, policy.violation_window_years))
    for result in db.session.scalars(
        db.select(EffectivenessResult)
        .where(EffectivenessResult.organization_id == org_id)
        .order_by(EffectivenessResult.subject, EffectivenessResult.program_year)
    ):
        record.effectiveness.setdefault(result.subject, []).append(result)
    record.years = sorted({r.program_year for rows in record.effectiveness.values() for r in rows})
    record.violations = db.session.scalars(
        db.select(Violation)
        .where(Violation.organization_id == org_id, Violation.cited_on >= record.window_from)
        .order_by(Violation.cited_on, Violation.id)
    ).all()
    record.findings = _findings(org_id, policy)
    record.complaints = db.session.scalars(
        db.select(Complaint)
        .where(Complaint.organization_id == org_id)
        .order_by(Complaint.filed_on, Complaint.id)
    ).all()
    record.not_renewable = not_renewable(application, policy)
    return record
