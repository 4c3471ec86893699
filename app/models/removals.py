"""Removal cases, appeals and appeals committees (002 "Policy for Removal", "Appeals Process")."""

from sqlalchemy import (
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
from workflows.states import AppealState, RemovalCaseState

REMOVAL_GROUNDS = ("violations", "immediate_violation", "effectiveness")
REMOVAL_STATUSES = tuple(s.value for s in RemovalCaseState)
APPEAL_STATUSES = tuple(s.value for s in AppealState)
HEARING_MODES = ("in_person", "written", "conference_call")
COMMITTEE_DECISIONS = ("uphold", "overturn")


class RemovalCase(Model):
    """A case for removing an approved provider: its grounds, the review committee's
    recommendation, and the coordinator's decision."""

    __tablename__ = "removal_cases"
    __table_args__ = (
        CheckConstraint(check_in("grounds", REMOVAL_GROUNDS), name="grounds_known"),
        CheckConstraint(check_in("status", REMOVAL_STATUSES), name="status_known"),
        CheckConstraint(
            "status = 'open' OR (decided_on IS NOT NULL AND decided_by_id IS NOT NULL)",
            name="decided_has_who_when",
        ),
        Index("ix_removal_cases_application_status", "application_id", "status"),
        # At most one open case per application (open_removal_case adds to the open one): two
        # sweeps at once cannot both open one.
        Index(
            "uq_removal_cases_one_open",
            "application_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    grounds: Mapped[str] = mapped_column(String(30))
    summary: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(40))  # effectiveness grounds
    opened_on = mapped_column(Date, nullable=False)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the sweep
    status: Mapped[str] = mapped_column(String(20), default=RemovalCaseState.OPEN.value)
    committee_recommendation: Mapped[str | None] = mapped_column(Text)
    recommendation_on = mapped_column(Date)
    decided_on = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    application = relationship("Application")
    violations = relationship(
        "Violation", secondary="removal_case_violations", order_by="Violation.cited_on"
    )
    appeal = relationship("Appeal", back_populates="removal_case", uselist=False)
    opened_by = relationship("User", foreign_keys=[opened_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    @property
    def is_open(self):
        """True while the coordinator has not decided the case."""
        return self.status == RemovalCaseState.OPEN


class RemovalCaseViolation(Model):
    """A confirmed violation among a removal case's grounds."""

    __tablename__ = "removal_case_violations"

    removal_case_id: Mapped[int] = mapped_column(
        ForeignKey("removal_cases.id", ondelete="CASCADE"), primary_key=True
    )
    violation_id: Mapped[int] = mapped_column(ForeignKey("violations.id"), primary_key=True)


class Appeal(Model):
    """A provider's appeal of a removal: filed within 10 working days of receiving the notice,
    reviewed by the department, then (if the removal is retained) decided by the committee."""

    __tablename__ = "appeals"
    __table_args__ = (
        CheckConstraint(check_in("status", APPEAL_STATUSES), name="status_known"),
        CheckConstraint(
            f"hearing_mode IS NULL OR {check_in('hearing_mode', HEARING_MODES)}",
            name="hearing_mode_known",
        ),
        CheckConstraint(
            f"committee_decision IS NULL OR {check_in('committee_decision', COMMITTEE_DECISIONS)}",
            name="committee_decision_known",
        ),
        CheckConstraint(
            "status NOT IN ('upheld', 'overturned') OR "
            "(committee_decided_on IS NOT NULL AND committee_decided_by_id IS NOT NULL)",
            name="committee_decided_has_who_when",
        ),
        CheckConstraint(
            "status NOT IN ('rescinded', 'committee') OR reviewed_on IS NOT NULL",
            name="reviewed_has_date",
        ),
        # A decision carries its vote, and the majority of the votes cast is for it.
        CheckConstraint(
            "committee_decision IS NULL OR (votes_for IS NOT NULL AND "
            "votes_against IS NOT NULL AND votes_against >= 0 AND "
            "votes_for > votes_against)",
            name="decision_has_majority",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    removal_case_id: Mapped[int] = mapped_column(ForeignKey("removal_cases.id"), unique=True)
    filed_on = mapped_column(Date, nullable=False)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    letter: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=AppealState.FILED.value)
    reviewed_on = mapped_column(Date)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    review_notes: Mapped[str | None] = mapped_column(Text)
    hearing_on = mapped_column(Date)
    hearing_mode: Mapped[str | None] = mapped_column(String(20))
    hearing_notes: Mapped[str | None] = mapped_column(Text)
    committee_decision: Mapped[str | None] = mapped_column(String(20))
    votes_for: Mapped[int | None] = mapped_column()
    votes_against: Mapped[int | None] = mapped_column()
    decision_reasons: Mapped[str | None] = mapped_column(Text)
    committee_decided_on = mapped_column(Date)
    committee_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    provider_notified_on = mapped_column(Date)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    removal_case = relationship("RemovalCase", back_populates="appeal")
    members = relationship(
        "CommitteeMember",
        back_populates="appeal",
        order_by="CommitteeMember.id",
        cascade="all, delete-orphan",
    )
    documents = relationship(
        "Document",
        primaryjoin="Appeal.id == foreign(Document.appeal_id)",
        order_by="Document.id",
        viewonly=True,
    )
    filed_by = relationship("User", foreign_keys=[filed_by_id])
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])
    committee_decided_by = relationship("User", foreign_keys=[committee_decided_by_id])


class CommitteeMember(Model):
    """A member of one appeal's committee (3 to 5, neutral: 002 "Appeals Committee")."""

    __tablename__ = "committee_members"
    __table_args__ = (UniqueConstraint("appeal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    appointed_on = mapped_column(Date, nullable=False)
    appointed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    appeal = relationship("Appeal", back_populates="members")
    user = relationship("User", foreign_keys=[user_id])


class DeadlineFeedToken(Model):
    """A coordinator's secret address for the deadlines calendar feed, so calendar programs
    (which cannot sign in) can subscribe. Only the token's SHA-256 is kept; a new token replaces
    the old one."""

    __tablename__ = "deadline_feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    user = relationship("User")
