"""Districts' yearly outcome data, effectiveness determinations and final reports
(001 "Report SES data to the Department"; 004 "Reporting"; DESIGN.md section 6)."""

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, check_in, utcnow
from workflows.lifecycles import UPLOAD_JOB
from workflows.states import UploadJobState

# 001 "Report SES data to the Department" > Status: districts report each student who applied
# for and/or received services ("Served", "Applied/Not Served").
OUTCOME_STATUSES = ("served", "applied_not_served")
# 001 > "Completion of Contracted Hours": the six answers, in the document's order. Only the
# first means the student completed the contracted hours.
HOURS_COMPLETION = (
    "completed",
    "did_not_attend_regularly",
    "parent_ended",
    "district_ended",
    "provider_ended",
    "provider_did_not_serve",
)
HOURS_COMPLETED = ("completed",)
# 001 > "Achievement/Progress", reported for each student who completed the contracted hours.
ACHIEVEMENT = ("exceeded", "met", "progress_not_met", "no_progress")
EFFECTIVENESS_STATUSES = ("contributed", "not_contributed", "insufficient_data")
REPORT_FILERS = ("provider", "district")
UPLOAD_SOURCES = ("web", "api", "cli")
JOB_STATUSES = tuple(s.value for s in UploadJobState)


class OutcomeUpload(Model):
    """A district's outcome data for one program year; a new upload replaces the earlier one."""

    __tablename__ = "outcome_uploads"
    __table_args__ = (
        UniqueConstraint("district_id", "program_year"),
        CheckConstraint(check_in("source", UPLOAD_SOURCES), name="source_known"),
        CheckConstraint("row_count >= 0", name="row_count_nonnegative"),
        CheckConstraint("NOT no_students OR row_count = 0", name="no_students_has_no_rows"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    program_year: Mapped[int] = mapped_column()  # the calendar year the program year starts in
    filename: Mapped[str] = mapped_column(String(255))
    row_count: Mapped[int] = mapped_column()
    source: Mapped[str] = mapped_column(String(10), default="web")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # An explicit report that the district served no SES students that year (zero rows): it
    # counts as the district's report for the not-utilized rule (002/004 "Monitoring").
    no_students: Mapped[bool] = mapped_column(default=False, server_default=false())

    district = relationship("District")
    uploaded_by = relationship("User")


class OutcomeUploadJob(Model):
    """A large web or API upload imported as a background job: the file is kept under the
    instance folder until the job has run (then deleted: student ids are kept only hashed),
    and the job records its progress and its result (the upload, or the errors)."""

    __tablename__ = "outcome_upload_jobs"
    __table_args__ = (
        CheckConstraint(check_in("status", JOB_STATUSES), name="status_known"),
        CheckConstraint(check_in("source", UPLOAD_SOURCES), name="source_known"),
        CheckConstraint("status <> 'done' OR upload_id IS NOT NULL", name="done_has_upload"),
        CheckConstraint("status <> 'failed' OR error_count > 0", name="failed_has_errors"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    program_year: Mapped[int] = mapped_column()
    source: Mapped[str] = mapped_column(String(10))
    filename: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(10), default=UploadJobState.QUEUED.value)
    rows_read: Mapped[int] = mapped_column(default=0)
    error_count: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list] = mapped_column(JSON, default=list)  # the first errors, as the API's
    upload_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcome_uploads.id", ondelete="SET NULL")
    )
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    finished_at = mapped_column(UTCDateTime)

    district = relationship("District")
    upload = relationship("OutcomeUpload")
    requested_by = relationship("User")

    @property
    def finished(self):
        """True once the job has a result."""
        return self.status in UPLOAD_JOB.terminal


class OutcomeRecord(Model):
    """One student in one subject with one provider, as a district reported it. The student id
    is stored only as a keyed hash (HMAC-SHA256 under STUDENT_ID_KEY).

    Only upload_id is a foreign key (ON DELETE CASCADE): a row belongs to its upload, which
    names the district and program year. district_id and program_year are copies of the
    upload's, kept for the sweep's queries; organization_id is the provider the import found
    for the row's code. Neither carries a foreign key any more (migration
    scale_import_record_fks): rows are written only by the import's INSERT ... SELECT, which
    takes district_id and program_year from the upload and organization_id from the
    organizations table in the same transaction, and districts and organizations are never
    deleted. Each foreign key cost a per-row check on every import (at 100,000 rows each more
    than COPY of the whole file: issue 9) to restate what the import has just established.
    """

    __tablename__ = "outcome_records"
    __table_args__ = (
        CheckConstraint(check_in("status", OUTCOME_STATUSES), name="status_known"),
        CheckConstraint(check_in("hours_completion", HOURS_COMPLETION), name="hours_known"),
        CheckConstraint(
            f"achievement IS NULL OR {check_in('achievement', ACHIEVEMENT)}",
            name="achievement_known",
        ),
        Index("ix_outcome_records_provider_year", "organization_id", "program_year", "subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int] = mapped_column(
        ForeignKey("outcome_uploads.id", ondelete="CASCADE"), index=True
    )
    district_id: Mapped[int] = mapped_column()  # the upload's (no foreign key: see above)
    program_year: Mapped[int] = mapped_column()
    organization_id: Mapped[int] = mapped_column()  # checked by the import (see above)
    student_hash: Mapped[str] = mapped_column(String(64))
    school: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40))
    start_month: Mapped[str | None] = mapped_column(String(7))  # YYYY-MM; blank if not served
    end_month: Mapped[str | None] = mapped_column(String(7))
    hours_completion: Mapped[str] = mapped_column(String(30))
    achievement: Mapped[str | None] = mapped_column(String(20))


class EffectivenessResult(Model):
    """A provider's effectiveness in one subject and program year (DESIGN.md section 6)."""

    __tablename__ = "effectiveness_results"
    __table_args__ = (
        UniqueConstraint("organization_id", "subject", "program_year"),
        CheckConstraint(check_in("status", EFFECTIVENESS_STATUSES), name="status_known"),
        CheckConstraint(
            "improved >= 0 AND improved <= completed AND completed <= served",
            name="counts_consistent",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    subject: Mapped[str] = mapped_column(String(40))
    program_year: Mapped[int] = mapped_column()
    served: Mapped[int] = mapped_column()
    completed: Mapped[int] = mapped_column()
    improved: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20))
    computed_on = mapped_column(Date, nullable=False)

    organization = relationship("Organization")

    @property
    def share(self):
        """The share of completers who improved, a fraction (None without completers)."""
        return self.improved / self.completed if self.completed else None


class FinalReport(Model):
    """A final report received (providers by June 15, districts by June 30: 004 "Reporting").

    A provider's report (district_id NULL) covers its program year; a district's report is the
    one it forwards for one provider. A report received after `due_on` is accepted and late."""

    __tablename__ = "final_reports"
    __table_args__ = (
        UniqueConstraint("organization_id", "district_id", "program_year", "filer"),
        CheckConstraint(check_in("filer", REPORT_FILERS), name="filer_known"),
        CheckConstraint(
            "filer = 'provider' OR district_id IS NOT NULL", name="district_report_has_district"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    program_year: Mapped[int] = mapped_column()
    filer: Mapped[str] = mapped_column(String(20))
    due_on = mapped_column(Date, nullable=False)
    received_on = mapped_column(Date, nullable=False)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))

    organization = relationship("Organization")
    district = relationship("District")
    filed_by = relationship("User")
    document = relationship("Document")

    @property
    def late(self):
        """True when received after the due date (accepted, but late)."""
        return self.received_on > self.due_on
