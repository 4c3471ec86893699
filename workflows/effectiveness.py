"""Whether a provider contributed to raising achievement (DESIGN.md section 6).

Per provider, subject and program year: among the students who completed their contracted hours,
the share who improved (exceeded goals, met goals, or made progress; 001 "Report SES data to the
Department"). A strict majority improved -> "contributed"; half or fewer -> "not_contributed";
fewer completers than the pack's minimum -> "insufficient_data" (no determination).

Removal is due after ``consecutive_years`` program years of "not_contributed" in a row in one
subject (ESEA 1116(e)(4)(D), quoted in 002 "Policy for Removal"). A year with no determination,
or a year with no record at all, breaks the chain.

Not utilized: no served students for ``not_utilized_years`` program years in a row -> the approval
expires and the provider must reapply (002/004 "Monitoring").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pragma: no cover
    from workflows.policy import Policy

__all__ = ["year_status", "removal_due", "not_utilized_due", "STATUSES"]

Status = Literal["contributed", "not_contributed", "insufficient_data"]
STATUSES = ("contributed", "not_contributed", "insufficient_data")


def _count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number of at least 0, got {value!r}")
    return value


def year_status(completed: int, improved: int, policy: Policy) -> Status:
    """The determination for a year: ``completed`` completers, of whom ``improved`` improved."""
    completed, improved = _count("completed", completed), _count("improved", improved)
    if improved > completed:
        raise ValueError(f"improved ({improved}) cannot exceed completed ({completed})")
    if completed < policy.effectiveness.min_completers:
        return "insufficient_data"
    return "contributed" if 2 * improved > completed else "not_contributed"


def removal_due(statuses: Mapping[int, str], policy: Policy) -> bool:
    """True if ``statuses`` ({program year start: status}, one subject) hold a removal-length run.

    The run is ``policy.effectiveness.consecutive_years`` consecutive program years, each
    "not_contributed"; a missing year or any other status breaks it.
    """
    for status in statuses.values():
        if status not in STATUSES:
            raise ValueError(f"unknown effectiveness status {status!r}")
    needed = policy.effectiveness.consecutive_years
    failing = {year for year, status in statuses.items() if status == "not_contributed"}
    return any(all(year + k in failing for k in range(needed)) for year in failing)


def not_utilized_due(served: Mapping[int, int], current_year: int, policy: Policy) -> bool:
    """True if no student was served in the ``not_utilized_years`` program years ending with
    ``current_year`` (``served``: {program year start: students served}; a missing year is 0).
    """
    years = range(current_year - policy.effectiveness.not_utilized_years + 1, current_year + 1)
    return all(_count("served", served.get(year, 0)) == 0 for year in years)
