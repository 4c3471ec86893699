"""Reviewer assignments with their conflict declarations, score sheets and interview notes."""

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, check_in, utcnow
from workflows.states import ScoreSheetState

CONFLICT_STATUSES = ("undeclared", "no_conflict", "conflict")
SHEET_STATUSES = tuple(s.value for s in ScoreSheetState)


class ReviewerAssignment(Model):
    """A reviewer assigned to one read of an application. The reviewer declares conflicts before
    the application opens; a declared conflict ends the assignment and bars reassignment."""

    __tablename__ = "reviewer_assignments"
    __table_args__ = (
        UniqueConstraint("application_id", "reviewer_id", "read_number"),
        CheckConstraint(check_in("conflict_status", CONFLICT_STATUSES), name="conflict_known"),
        CheckConstraint(
            "conflict_status = 'undeclared' OR declared_at IS NOT NULL", name="declared_has_time"
        ),
        CheckConstraint("read_number IN (1, 2)", name="read_first_or_second"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    read_number: Mapped[int] = mapped_column(default=1)
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assigned_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    conflict_status: Mapped[str] = mapped_column(String(20), default="undeclared")
    conflict_note: Mapped[str | None] = mapped_column(Text)
    declared_at = mapped_column(UTCDateTime)

    application = relationship("Application")
    reviewer = relationship("User", foreign_keys=[reviewer_id])
    assigned_by = relationship("User", foreign_keys=[assigned_by_id])
    sheet = relationship("ScoreSheet", back_populates="assignment", uselist=False)


class ScoreSheet(Model):
    """One reviewer's answers to every rubric criterion, with comments; locked once submitted."""

    __tablename__ = "score_sheets"
    __table_args__ = (
        CheckConstraint(check_in("status", SHEET_STATUSES), name="status_known"),
        CheckConstraint("status = 'draft' OR submitted_at IS NOT NULL", name="submitted_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("reviewer_assignments.id"), unique=True)
    rubric_code: Mapped[str] = mapped_column(String(20))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    comments: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=ScoreSheetState.DRAFT.value)
    total = mapped_column(Numeric(6, 1))
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
    submitted_at = mapped_column(UTCDateTime)

    assignment = relationship("ReviewerAssignment", back_populates="sheet")


class InterviewNote(Model):
    """Notes of the phone interview with the reviewers (004 "Application Process and Timeline")."""

    __tablename__ = "interview_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    held_on = mapped_column(Date, nullable=False)
    notes: Mapped[str] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    author = relationship("User")
