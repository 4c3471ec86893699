"""The states an application passes through (shared/DESIGN.md section 4).

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
