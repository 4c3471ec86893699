"""Monitoring: violations, district complaints, monitoring visits with corrective actions."""

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, check_in, utcnow
from workflows.states import ComplaintState, CorrectiveActionState, ViolationState, VisitState

# Where a citation comes from (issue: monitoring visit, district report, parent complaint
# through the district, third-party evaluation, missing report).
VIOLATION_SOURCES = (
    "monitoring_visit",
    "district_report",
    "parent_complaint",
    "third_party_evaluation",
    "missing_report",
)
VIOLATION_STATUSES = tuple(s.value for s in ViolationState)
VIOLATION_OUTCOMES = ("noted", "removal")
COMPLAINT_KINDS = ("complaint", "withdrawal")
COMPLAINT_STATUSES = tuple(s.value for s in ComplaintState)
VISIT_STATUSES = tuple(s.value for s in VisitState)
ACTION_STATUSES = tuple(s.value for s in CorrectiveActionState)


class Violation(Model):
    """A cited violation of the rules for approved providers (004 "SES Code of Ethics",
    "Requirements of Approved Providers"): cited, notified, investigated, then decided."""

    __tablename__ = "violations"
    __table_args__ = (
        CheckConstraint(check_in("source", VIOLATION_SOURCES), name="source_known"),
        CheckConstraint(check_in("status", VIOLATION_STATUSES), name="status_known"),
        CheckConstraint(
            f"outcome IS NULL OR {check_in('outcome', VIOLATION_OUTCOMES)}", name="outcome_known"
        ),
        CheckConstraint(
            "status NOT IN ('confirmed', 'dismissed') OR "
            "(decided_on IS NOT NULL AND decided_by_id IS NOT NULL)",
            name="decided_has_who_when",
        ),
        CheckConstraint(
            "status <> 'confirmed' OR outcome IS NOT NULL", name="confirmed_has_outcome"
        ),
        Index("ix_violations_org_status", "organization_id", "status"),
        # The sweep cites a missing final report once per provider and program year (004
        # "Reporting"); the index makes a second citation impossible even without its lock.
        Index(
            "uq_violations_missing_report_once",
            "organization_id",
            "program_year",
            unique=True,
            sqlite_where=text("kind = 'missing_final_report'"),
            postgresql_where=text("kind = 'missing_final_report'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(60))
    immediate: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(30))
    cited_on = mapped_column(Date, nullable=False)
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=ViolationState.ALLEGED.value)
    investigation: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(20))
    decided_on = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    cited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the sweep
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("monitoring_visits.id"))
    program_year: Mapped[int | None] = mapped_column()  # e.g. the year of a missing final report
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    organization = relationship("Organization")
    application = relationship("Application")
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    cited_by = relationship("User", foreign_keys=[cited_by_id])
    complaint = relationship("Complaint", foreign_keys=[complaint_id])
    visit = relationship("MonitoringVisit", foreign_keys=[visit_id])
    evidence = relationship(
        "Document", foreign_keys="Document.violation_id", order_by="Document.uploaded_at"
    )


class Complaint(Model):
    """A district's complaint (its own or a parent's) or report of a provider's withdrawal."""

    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint(check_in("kind", COMPLAINT_KINDS), name="kind_known"),
        CheckConstraint(check_in("status", COMPLAINT_STATUSES), name="status_known"),
        CheckConstraint(
            "status = 'open' OR (resolved_on IS NOT NULL AND resolved_by_id IS NOT NULL)",
            name="resolved_has_who_when",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    on_behalf_of_parent: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(Text)
    filed_on = mapped_column(Date, nullable=False)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default=ComplaintState.OPEN.value)
    investigation: Mapped[str | None] = mapped_column(Text)  # the coordinator's notes
    resolved_on = mapped_column(Date)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str | None] = mapped_column(Text)

    district = relationship("District")
    organization = relationship("Organization")
    filed_by = relationship("User", foreign_keys=[filed_by_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])
    violations = relationship(
        "Violation", foreign_keys="Violation.complaint_id", viewonly=True, order_by="Violation.id"
    )


class MonitoringVisit(Model):
    """A monitoring visit rating the pack's indicators Met / Not Met (001 "Monitoring and
    Evaluation": report about three weeks after, provider response about five weeks after)."""

    __tablename__ = "monitoring_visits"
    __table_args__ = (
        CheckConstraint(check_in("status", VISIT_STATUSES), name="status_known"),
        CheckConstraint(
            "status = 'scheduled' OR (recorded_on IS NOT NULL AND recorded_by_id IS NOT NULL)",
            name="recorded_has_who_when",
        ),
        CheckConstraint(
            "status NOT IN ('report_issued', 'closed') OR "
            "(report_issued_on IS NOT NULL AND report_issued_by_id IS NOT NULL)",
            name="report_issued_has_who_when",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    visit_on = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(20), default=VisitState.SCHEDULED.value)
    ratings: Mapped[dict] = mapped_column(JSON, default=dict)  # indicator key -> "met"/"not_met"
    indicator_notes: Mapped[dict] = mapped_column(JSON, default=dict)  # indicator key -> text
    notes: Mapped[str | None] = mapped_column(Text)
    scheduled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_on = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    report_due_on = mapped_column(Date)
    report_issued_on = mapped_column(Date)
    report_issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    response_due_on = mapped_column(Date)
    response_received_on = mapped_column(Date)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    application = relationship("Application")
    corrective_actions = relationship(
        "CorrectiveAction", back_populates="visit", order_by="CorrectiveAction.id"
    )


class CorrectiveAction(Model):
    """The corrective action plan for one indicator rated Not Met."""

    __tablename__ = "corrective_actions"
    __table_args__ = (
        CheckConstraint(check_in("status", ACTION_STATUSES), name="status_known"),
        CheckConstraint(
            "status = 'open' OR (received_on IS NOT NULL AND plan IS NOT NULL)",
            name="received_has_plan",
        ),
        CheckConstraint(
            "status <> 'accepted' OR (accepted_on IS NOT NULL AND accepted_by_id IS NOT NULL)",
            name="accepted_has_who_when",
        ),
        UniqueConstraint("visit_id", "indicator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("monitoring_visits.id"), index=True)
    indicator: Mapped[str] = mapped_column(String(60))
    description: Mapped[str | None] = mapped_column(Text)
    due_on = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(20), default=CorrectiveActionState.OPEN.value)
    plan: Mapped[str | None] = mapped_column(Text)  # the provider's corrective action plan
    received_on = mapped_column(Date)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    accepted_on = mapped_column(Date)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    visit = relationship("MonitoringVisit", back_populates="corrective_actions")
