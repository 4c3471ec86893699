"""What a confirmed violation leads to (002 "Policy for Removal" > "Resulting Action").

A first standard violation is noted and the provider told; a second confirmed violation within the
pack's window (two years), or any violation of an immediate kind, opens a removal case.

"Within two years" is an anniversary window, not a count of 730 days: an earlier violation counts
if its citation date is on or after the same calendar date ``window_years`` before the new citation,
and on or before the new citation (both ends inclusive). When that calendar date does not exist
(the new citation is on February 29 and the earlier year is not a leap year) the window opens on
February 28: the longer of the two readings, so a violation is never dropped by a calendar quirk.
Earlier citations dated after the new one are not "earlier" and are ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # pragma: no cover
    from workflows.policy import Policy

__all__ = ["violation_outcome", "window_start", "is_immediate"]

Outcome = Literal["noted", "removal"]


def window_start(cited_on: dt.date, years: int) -> dt.date:
    """The first day of the anniversary window of ``years`` ending on ``cited_on``."""
    try:
        return cited_on.replace(year=cited_on.year - years)
    except ValueError:  # February 29 in a year whose counterpart is not a leap year
        return cited_on.replace(year=cited_on.year - years, day=28)


def violation_outcome(
    prior: Iterable[dt.date],
    cited_on: dt.date,
    *,
    immediate: bool = False,
    policy: Policy,
) -> Outcome:
    """``"removal"`` if the violation cited on ``cited_on`` opens a removal case, else ``"noted"``.

    ``prior``: citation dates of the provider's earlier confirmed violations (any kind).
    ``immediate``: the violation is of a kind the pack marks immediate.
    """
    if immediate:
        return "removal"
    opens = window_start(cited_on, policy.violation_window_years)
    if any(opens <= earlier <= cited_on for earlier in prior):
        return "removal"
    return "noted"


def is_immediate(policy: Policy, kind: str) -> bool:
    """Whether violation ``kind`` of ``policy``'s catalog is immediate; unknown kind -> KeyError."""
    try:
        return policy.violation_kinds[kind].immediate
    except KeyError:
        known = ", ".join(policy.violation_kinds)
        message = f"Policy {policy.code} has no violation kind {kind!r}; it has: {known}"
        raise KeyError(message) from None
