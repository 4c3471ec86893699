"""The data model: one module per area, all imported here so metadata is complete."""

from app.models.applications import (
    Application,
    ApplicationDistrict,
    ApplicationVersion,
    ClosureDay,
    Cycle,
    Document,
)
from app.models.audit import AuditEntry, AuditLogIsAppendOnly
from app.models.decisions import Condition, Decision
from app.models.directory import (
    DirectoryListing,
    DirectoryListingDistrict,
    DirectoryListingLanguage,
    DirectoryListingSubject,
    DirectoryVersion,
)
from app.models.letters import Letter, Reminder
from app.models.monitoring import Complaint, CorrectiveAction, MonitoringVisit, Violation
from app.models.orgs import District, Organization, School
from app.models.outcomes import (
    EffectivenessResult,
    FinalReport,
    OutcomeRecord,
    OutcomeUpload,
    OutcomeUploadJob,
)
from app.models.reference import DistrictYearStatus, SchoolYearStatus
from app.models.removals import (
    Appeal,
    CommitteeMember,
    DeadlineFeedToken,
    RemovalCase,
    RemovalCaseViolation,
)
from app.models.reviews import InterviewNote, ReviewerAssignment, ScoreSheet
from app.models.sweep_runs import SweepRun
from app.models.users import ROLES, ApiToken, User, UserRole

__all__ = [
    "ApiToken",
    "Appeal",
    "Application",
    "ApplicationDistrict",
    "ApplicationVersion",
    "AuditEntry",
    "AuditLogIsAppendOnly",
    "ClosureDay",
    "CommitteeMember",
    "Complaint",
    "Condition",
    "CorrectiveAction",
    "Cycle",
    "DeadlineFeedToken",
    "Decision",
    "DirectoryListing",
    "DirectoryVersion",
    "DirectoryListingDistrict",
    "DirectoryListingLanguage",
    "DirectoryListingSubject",
    "District",
    "DistrictYearStatus",
    "Document",
    "EffectivenessResult",
    "FinalReport",
    "InterviewNote",
    "Letter",
    "MonitoringVisit",
    "Organization",
    "OutcomeRecord",
    "OutcomeUpload",
    "OutcomeUploadJob",
    "ROLES",
    "RemovalCase",
    "Reminder",
    "RemovalCaseViolation",
    "ReviewerAssignment",
    "School",
    "SchoolYearStatus",
    "ScoreSheet",
    "SweepRun",
    "User",
    "UserRole",
    "Violation",
]
