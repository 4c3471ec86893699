"""The coordinator's decisions on applications and the conditions of a conditional approval."""

from sqlalchemy import CheckConstraint, Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, check_in, utcnow
from workflows.states import ConditionState

DECISION_OUTCOMES = ("approve", "approve_with_conditions", "request_revisions", "deny")
RECOMMENDATIONS = ("approve", "revise", "deny")
CONDITION_STATUSES = tuple(s.value for s in ConditionState)


class Decision(Model):
    """A decision on one read of an application, with the rubric's recommendation beside it. A
    decision that differs from the recommendation carries a written reason (CHECK). One decision
    per application and read (a unique key: two coordinators at once cannot both decide)."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("application_id", "read_number"),
        CheckConstraint(check_in("outcome", DECISION_OUTCOMES), name="outcome_known"),
        CheckConstraint(
            f"recommendation IS NULL OR {check_in('recommendation', RECOMMENDATIONS)}",
            name="recommendation_known",
        ),
        CheckConstraint(
            "NOT against_recommendation OR length(reason) > 0", name="reason_if_against"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    read_number: Mapped[int] = mapped_column(default=1)
    outcome: Mapped[str] = mapped_column(String(30))
    recommendation: Mapped[str | None] = mapped_column(String(20))
    against_recommendation: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str | None] = mapped_column(Text)
    feedback: Mapped[str | None] = mapped_column(Text)  # to the provider on revisions_needed
    # `reason` is the coordinator's note for the record; this is what the letter says (blank:
    # the letter's standard wording only).
    public_reason: Mapped[str | None] = mapped_column(Text)
    recommendation_total = mapped_column(Numeric(6, 1))  # the rubric's rounded average total
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    application = relationship("Application")
    decided_by = relationship("User")
    conditions = relationship("Condition", back_populates="decision", order_by="Condition.id")


class Condition(Model):
    """A condition of a conditional approval (MA vendor code, 001; NC insurance proof, 003)."""

    __tablename__ = "conditions"
    __table_args__ = (
        CheckConstraint(check_in("status", CONDITION_STATUSES), name="status_known"),
        CheckConstraint(
            "status <> 'met' OR (met_on IS NOT NULL AND met_by_id IS NOT NULL)",
            name="met_has_who_when",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    due_on = mapped_column(Date, nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), default=ConditionState.OPEN.value)
    met_on = mapped_column(Date)
    met_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entry: Mapped[str | None] = mapped_column(String(200))  # e.g. the MA vendor code
    deadline_rule: Mapped[str | None] = mapped_column(String(40))  # None: due date set by hand
    reminded_on = mapped_column(Date)  # the reminder letter went out (once)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    application = relationship("Application")
    met_by = relationship("User")
    decision = relationship("Decision", back_populates="conditions")
    evidence = relationship(
        "Document",
        order_by="Document.uploaded_at",
        primaryjoin="Document.condition_id == Condition.id",
        foreign_keys="Document.condition_id",
        viewonly=True,
    )
