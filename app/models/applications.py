"""Application cycles, applications (one record from first draft to removal), their submitted
versions, service areas and attached documents, and agency closure days."""

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, check_in, utcnow
from workflows.states import APPLICATION_DECIDED, ApplicationState

S = ApplicationState
STATES = tuple(s.value for s in ApplicationState)
# States reached by a decision carry when it was decided (CONVENTIONS 5); the set lives beside
# the states (`workflows.states.APPLICATION_DECIDED`), listed here in the enum's order.
DECIDED_STATES = tuple(s.value for s in ApplicationState if s in APPLICATION_DECIDED)
# States an application can be in before it was ever submitted.
UNSUBMITTED_STATES = (S.DRAFT.value, S.WITHDRAWN.value)
# Who may enter a cycle: "new" applicants only, "renewal" of current approvals only, or "both".
CYCLE_KINDS = ("new", "renewal", "both")
DOCUMENT_KINDS = (
    # 004 "Required Format": the allowable attachments.
    "letter_of_reference",
    "brochure",
    "lesson_plan",
    "schedule",
    "progress_monitoring",
    "parent_report",
    "financial_information",
    # Evidence and letters filed later in the cycle.
    "condition_evidence",
    "violation_evidence",
    "appeal_letter",
    "appeal_evidence",
    "final_report",
    "other",
)


class Cycle(Model):
    """One round of applications under one policy pack (e.g. SD 2009, 004 "Timeline")."""

    __tablename__ = "cycles"
    __table_args__ = (
        CheckConstraint(
            "revision_due_at IS NULL OR revision_due_at > due_at", name="revision_after_due"
        ),
        CheckConstraint(
            "per_pupil_allotment IS NULL OR per_pupil_allotment > 0", name="allotment_positive"
        ),
        CheckConstraint(check_in("kind", CYCLE_KINDS), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    policy_code: Mapped[str] = mapped_column(String(20), index=True)
    opens_on = mapped_column(Date, nullable=False)
    due_at = mapped_column(UTCDateTime, nullable=False)  # deadline instant (pack time zone shown)
    review_starts_on = mapped_column(Date)
    review_ends_on = mapped_column(Date)
    review_due_on = mapped_column(Date)  # reviewers' score sheets due (issue 11; agency's choice)
    revision_due_at = mapped_column(UTCDateTime)
    announcement_on = mapped_column(Date)
    # The per-pupil allotment the pack's fee cap divides by the minimum hours (NC 003 "Cost of
    # Services p7 H"); None leaves the cap unchecked. Money: Decimal, two places.
    per_pupil_allotment = mapped_column(Numeric(10, 2))
    # Who may enter: new applicants, renewing providers, or both (several cycles run at once).
    kind: Mapped[str] = mapped_column(String(10), default="both", server_default="both")
    # NC 003 "Proof of Insurance": the insurance proof is due 5 business days after this meeting.
    deliberation_meeting_on = mapped_column(Date)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    applications = relationship("Application", back_populates="cycle")


class ClosureDay(Model):
    """A day the agency is closed beyond the state holidays (e.g. a governor's proclamation)."""

    __tablename__ = "closure_days"
    __table_args__ = (UniqueConstraint("state", "closed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(2))
    closed_on = mapped_column(Date, nullable=False)
    reason: Mapped[str] = mapped_column(String(300))


class Application(Model):
    """A provider's RFP response and, once decided, its approval: one record carries it from
    draft to removal. The form sections are JSON so a draft can hold anything typed."""

    __tablename__ = "applications"
    __table_args__ = (
        CheckConstraint(check_in("state", STATES), name="state_known"),
        CheckConstraint(
            f"{check_in('state', UNSUBMITTED_STATES)} OR submitted_at IS NOT NULL",
            name="submitted_has_time",
        ),
        CheckConstraint(
            f"NOT ({check_in('state', DECIDED_STATES)}) OR decided_at IS NOT NULL",
            name="decided_has_time",
        ),
        CheckConstraint(
            f"state <> '{S.APPROVED.value}' "
            "OR (approved_on IS NOT NULL AND term_ends_on IS NOT NULL)",
            name="approved_has_term",
        ),
        CheckConstraint("revision_count >= 0 AND revision_count <= 1", name="one_revision"),
        Index("ix_applications_cycle_state", "cycle_id", "state"),
        CheckConstraint("renews_id IS NULL OR renews_id <> id", name="renews_other"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    state: Mapped[str] = mapped_column(String(20), default=ApplicationState.DRAFT.value, index=True)

    program: Mapped[dict] = mapped_column(JSON, default=dict)  # basic program information
    narrative: Mapped[dict] = mapped_column(JSON, default=dict)  # elements A-F
    service_summary: Mapped[dict] = mapped_column(JSON, default=dict)  # the master chart row
    program_description: Mapped[str | None] = mapped_column(Text)
    assurances: Mapped[dict] = mapped_column(JSON, default=dict)  # signer, title, date
    pack_fields: Mapped[dict] = mapped_column(JSON, default=dict)  # e.g. NC abstracts

    submitted_at = mapped_column(UTCDateTime)
    revision_count: Mapped[int] = mapped_column(default=0)
    second_read: Mapped[bool] = mapped_column(default=False)
    revision_due_at = mapped_column(UTCDateTime)
    decided_at = mapped_column(UTCDateTime)
    approved_on = mapped_column(Date)
    term_ends_on = mapped_column(Date, index=True)
    # A renewal names the approval it continues (MA 001 annual renewal; SD 004 re-apply).
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)

    organization = relationship("Organization", back_populates="applications")
    cycle = relationship("Cycle", back_populates="applications")
    service_area = relationship(
        "District", secondary="application_districts", order_by="District.name"
    )
    versions = relationship(
        "ApplicationVersion",
        back_populates="application",
        order_by="ApplicationVersion.number",
        cascade="all, delete-orphan",
    )
    documents = relationship(
        "Document", back_populates="application", order_by="Document.uploaded_at"
    )
    renews = relationship("Application", remote_side="Application.id", foreign_keys=[renews_id])

    @property
    def policy_code(self):
        """The policy pack this application is judged under (its cycle's)."""
        return self.cycle.policy_code


class ApplicationDistrict(Model):
    """A district in an application's service area (statewide is refused: 004)."""

    __tablename__ = "application_districts"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    district_id: Mapped[int] = mapped_column(
        ForeignKey("districts.id"), primary_key=True, index=True
    )


class ApplicationVersion(Model):
    """A frozen copy of the application as submitted: the first submission, then the revision."""

    __tablename__ = "application_versions"
    __table_args__ = (UniqueConstraint("application_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    snapshot: Mapped[dict] = mapped_column(JSON)
    submitted_at = mapped_column(UTCDateTime, nullable=False)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    application = relationship("Application", back_populates="versions")
    submitted_by = relationship("User")


class Document(Model):
    """An uploaded file, kept in the database so it is backed up with the record it supports."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(check_in("kind", DOCUMENT_KINDS), name="kind_known"),
        CheckConstraint("size_bytes >= 0", name="size_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    condition_id: Mapped[int | None] = mapped_column(ForeignKey("conditions.id"), index=True)
    violation_id: Mapped[int | None] = mapped_column(ForeignKey("violations.id"), index=True)
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("appeals.id"), index=True)

    application = relationship("Application", back_populates="documents")
    uploaded_by = relationship("User")
