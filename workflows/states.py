"""The states of every lifecycle: the application's (shared/DESIGN.md section 4) and those of the
records that move around it (workflows/lifecycles.py).

The values are stored in the database; renaming one strands stored rows, so add, never rename.
"""

from enum import StrEnum


class ApplicationState(StrEnum):
    """One application's place in the approval cycle, from first draft to removal."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    REVISIONS_NEEDED = "revisions_needed"
    CONDITIONAL = "conditional"
    APPROVED = "approved"
    DENIED = "denied"
    REMOVED = "removed"
    APPEALED = "appealed"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


# Decided states: the application carries who decided and when (a CHECK in the schema).
APPLICATION_DECIDED = frozenset(
    {
        ApplicationState.REVISIONS_NEEDED,
        ApplicationState.CONDITIONAL,
        ApplicationState.APPROVED,
        ApplicationState.DENIED,
        ApplicationState.REMOVED,
        ApplicationState.APPEALED,
        ApplicationState.EXPIRED,
    }
)


class ViolationState(StrEnum):
    """A cited violation (002 "Resulting Action"): cited, the provider notified, investigated,
    then confirmed or dismissed."""

    ALLEGED = "alleged"
    NOTIFIED = "notified"
    INVESTIGATING = "investigating"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class ComplaintState(StrEnum):
    """A district's complaint or withdrawal report: open until dismissed or turned into a
    violation."""

    OPEN = "open"
    DISMISSED = "dismissed"
    VIOLATION = "violation"


class VisitState(StrEnum):
    """A monitoring visit (001): scheduled, its ratings recorded, its report issued (with
    corrective action plans due), closed when every plan is accepted or nothing was Not Met."""

    SCHEDULED = "scheduled"
    RECORDED = "recorded"
    REPORT_ISSUED = "report_issued"
    CLOSED = "closed"


class CorrectiveActionState(StrEnum):
    """A corrective action plan owed for one Not Met indicator."""

    OPEN = "open"
    RECEIVED = "received"
    ACCEPTED = "accepted"


class ScoreSheetState(StrEnum):
    """A reviewer's score sheet: a draft until submitted, then locked."""

    DRAFT = "draft"
    SUBMITTED = "submitted"


class ConditionState(StrEnum):
    """A condition of a conditional approval (001 vendor code, 003 insurance proof)."""

    OPEN = "open"
    MET = "met"
    OVERDUE = "overdue"


class RemovalCaseState(StrEnum):
    """A removal case (002 "Policy for Removal"): open until the department decides."""

    OPEN = "open"
    REMOVED = "removed"
    NOT_REMOVED = "not_removed"


class AppealState(StrEnum):
    """An appeal of a removal (002 "Appeals Process"): filed, reviewed by the department
    (rescinded, or retained and sent to the committee), then decided by the committee."""

    FILED = "filed"
    RESCINDED = "rescinded"
    COMMITTEE = "committee"
    UPHELD = "upheld"
    OVERTURNED = "overturned"


class UploadJobState(StrEnum):
    """A district's outcome upload run in the background (DESIGN.md section 12): queued, running,
    then done (imported whole) or failed (nothing imported, every bad row reported)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
