"""Small-cell suppression for the public effectiveness report (FERPA; DESIGN.md section 8).

The report publishes, per provider and program year, one cell per subject (its completers, the
share who improved, the determination) and a total of completers over the subjects. So that no
student can be identified:

* primary suppression: a cell with fewer than ``threshold`` (10) completers shows "fewer than
  10" and no share (a share of 1 of 3 students names what each did);
* complementary suppression: when exactly one cell of a group is suppressed and the total is
  shown, total minus the others would give it back, so a second cell is suppressed too: the
  smallest shown cell (ties: the first in the group's order), which costs the reader least. A
  group whose total is itself under the threshold shows no total, and then needs no complement.
  A group of one cell has total = cell, so a suppressed cell always hides the total.

Two or more suppressed cells only reveal their sum, itself at least the smaller of two hidden
values plus one: the usual standard (NCES statistical standard 4-2) accepts it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["THRESHOLD", "Suppressed", "suppress_group"]

THRESHOLD = 10  # "fewer than 10 students" (issue 10; NCES and most states' reporting minimum)


@dataclass(frozen=True)
class Suppressed:
    """What a group may show: per cell "shown" | "primary" | "complementary"; the total or None."""

    cells: tuple[str, ...]
    total: int | None


def suppress_group(counts: Sequence[int], threshold: int = THRESHOLD) -> Suppressed:
    """Suppression of one group of cells with these counts (see the module docstring)."""
    if any(isinstance(c, bool) or not isinstance(c, int) or c < 0 for c in counts):
        raise ValueError(f"counts must be whole numbers of at least 0, got {list(counts)!r}")
    marks = ["primary" if c < threshold else "shown" for c in counts]
    total = sum(counts)
    shown_total = total if total >= threshold else None
    if shown_total is not None and marks.count("primary") == 1:
        shown = [i for i, mark in enumerate(marks) if mark == "shown"]
        if shown:
            smallest = min(shown, key=lambda i: (counts[i], i))
            marks[smallest] = "complementary"
        else:  # unreachable: one cell under the threshold cannot make a total at or over it
            shown_total = None
    return Suppressed(tuple(marks), shown_total)
