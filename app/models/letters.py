"""Letters and notices: rendered once, kept forever, with their send and receipt dates."""

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, check_in, utcnow

LETTER_KINDS = (
    "submission_receipt",
    "revision_request",
    "decision_approved",
    "decision_conditional",
    "decision_denied",
    "condition_reminder",
    "violation_notice",
    "violation_outcome",
    "removal_notice",
    "district_removal_notice",
    "appeal_receipt",
    "review_outcome",
    "district_rescission_notice",
    "committee_decision",
    "district_reinstatement_notice",
    "monitoring_report",
    "expiry_notice",
    "final_report_reminder",
    "complaint_outcome",
    "deadline_reminder",
)
RECEIPT_VIA = ("portal", "certified_mail")
# Who a reminder goes to: the provider (a letter) or the agency's staff (an e-mail notice).
REMINDER_AUDIENCES = ("provider", "staff")


class Letter(Model):
    """One letter to a provider organization or a district. A notice whose receipt starts a
    clock (the notice of removal, 002 "Appeal") records when it was opened in the portal and
    when certified mail arrived; the earlier counts as receipt."""

    __tablename__ = "letters"
    __table_args__ = (
        CheckConstraint(check_in("kind", LETTER_KINDS), name="kind_known"),
        CheckConstraint(
            "organization_id IS NOT NULL OR district_id IS NOT NULL", name="has_recipient"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    violation_id: Mapped[int | None] = mapped_column(ForeignKey("violations.id"))
    removal_case_id: Mapped[int | None] = mapped_column(ForeignKey("removal_cases.id"))
    appeal_id: Mapped[int | None] = mapped_column(ForeignKey("appeals.id"))
    subject: Mapped[str] = mapped_column(String(300))
    body_html: Mapped[str] = mapped_column(Text)
    recipient_email: Mapped[str | None] = mapped_column(String(254))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    sent_on = mapped_column(Date, nullable=False)
    emailed_at = mapped_column(UTCDateTime)  # the last delivery by e-mail (the worker's)
    # Delivery by the task queue (app/letters/operations/delivery.py): pending while requested_at is
    # set; a worker claims the letter with its token before it talks to SMTP, so two never both
    # send.
    delivery_requested_at = mapped_column(UTCDateTime, index=True)
    delivery_attempted_at = mapped_column(UTCDateTime)
    delivery_claim: Mapped[str | None] = mapped_column(String(32))
    delivery_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    delivery_error: Mapped[str | None] = mapped_column(Text)
    # Letters a step may issue only once (the sweep's reminders and notices) carry a key such as
    # "condition_reminder:condition:7:2009-08-03"; the unique constraint refuses a second copy.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    opened_on = mapped_column(Date)  # first opened in the portal
    certified_mail_received_on = mapped_column(Date)  # entered by the coordinator

    organization = relationship("Organization")
    district = relationship("District")
    application = relationship("Application")

    @property
    def received_on(self):
        """The receipt date that starts a clock: the earlier of portal opening and certified mail;
        None until one is recorded (the deadline is then shown as not started)."""
        dates = [d for d in (self.opened_on, self.certified_mail_received_on) if d is not None]
        return min(dates) if dates else None


class Reminder(Model):
    """One reminder sent before one deadline (app/reminders): to the provider as a letter, or
    to the coordinators as an e-mail notice. `dedupe_key` names the deadline and its due date,
    so each is sent once, whatever the number of sweeps; a moved due date is a new deadline."""

    __tablename__ = "reminders"
    __table_args__ = (
        CheckConstraint(check_in("audience", REMINDER_AUDIENCES), name="audience_known"),
        CheckConstraint(
            "audience = 'staff' OR letter_id IS NOT NULL", name="provider_reminder_is_a_letter"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))  # the table the deadline comes from
    entity_id: Mapped[int] = mapped_column()
    due_on = mapped_column(Date, nullable=False)
    sent_on = mapped_column(Date, nullable=False)
    audience: Mapped[str] = mapped_column(String(10))
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    recipients: Mapped[str | None] = mapped_column(Text)  # staff notices: the addresses e-mailed
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    letter = relationship("Letter")
