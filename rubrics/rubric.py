"""A scoring rubric: criteria, one reviewer's score sheet, and the recommendation over several.

Criteria are of three kinds (DESIGN.md section 5):

* ``points``: a whole number from 0 to the criterion's maximum (SD elements A-E);
* ``met``: "met" or "not_met" (NC Indicators of Quality, MA review criteria);
* ``addressed``: True or False (SD element F, which must be addressed).

Across reviewers (``Rubric.recommend``):

* points are averaged; the average is rounded explicitly to ``points_places`` decimals (one),
  half up. The total is the average of the reviewers' totals, rounded the same way, and it is that
  rounded total that is compared with the thresholds;
* a met or addressed criterion holds when a strict majority of reviewers say so; a tie does not.

Outcome: "approve" when every met/addressed criterion holds and the total (if any) reaches the
approve threshold; a failed criterion gives the file's ``on_failed`` outcome ("revise" for the
Reconsideration Phase, or "deny"); a total below approve but at least revise gives "revise", below
revise "deny". The worse of the outcomes wins. On a second read only approve or deny exist: what
would be "revise" is "deny" (004 "Application Process and Timeline").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Any

__all__ = ["Criterion", "Recommendation", "Rubric", "RubricError", "ScoreSheet"]

KINDS = ("points", "met", "addressed")
OUTCOMES = ("approve", "revise", "deny")  # in order of severity
MET_VALUES = ("met", "not_met")


class RubricError(ValueError):
    """An unknown or malformed rubric, or answers that do not fit it.

    ``problems``: (criterion key, message) pairs, one per bad answer, for forms.
    """

    def __init__(self, message: str, problems: Iterable[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Criterion:
    """One thing reviewers rate, labelled as the source document labels it."""

    key: str
    label: str
    guidance: str
    kind: str  # "points" | "met" | "addressed"
    max_points: int | None
    section: str
    # the parts of the application this criterion scores: "section" or "section.field" of the
    # application form; the review workspace shows them beside the criterion
    application_parts: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """'Element A (Program)' style name for messages."""
        return f"{self.section} {self.key} ({self.label})"


@dataclass(frozen=True)
class ScoreSheet:
    """One reviewer's validated answers; ``total`` is None when the rubric has no points."""

    answers: Mapping[str, Any]
    total: int | None


@dataclass(frozen=True)
class Recommendation:
    """What the rubric recommends from all reviewers' sheets, and why."""

    outcome: str  # "approve" | "revise" | "deny"
    total: Decimal | None
    reasons: tuple[str, ...]
    per_criterion: Mapping[str, Any]


def _worst(*outcomes: str) -> str:
    return max(outcomes, key=OUTCOMES.index)


@dataclass(frozen=True)
class Rubric:
    """A rubric loaded from ``rubrics/<code>.toml``."""

    code: str
    title: str
    source: str
    criteria: tuple[Criterion, ...]
    approve_at: int | None  # lowest rounded average total that approves
    revise_at: int | None  # lowest rounded average total that gets revisions
    on_failed: str  # outcome when a met/addressed criterion fails on a first read
    points_places: int

    @property
    def max_total(self) -> int | None:
        """The most points a sheet can total, or None without points criteria."""
        points = [c.max_points for c in self.criteria if c.kind == "points"]
        if not points:
            return None
        if None in points:
            raise RubricError(f"Rubric {self.code} has a points criterion without a maximum.")
        return sum(p for p in points if p is not None)

    def criterion(self, key: str) -> Criterion:
        """The criterion called ``key``; unknown -> RubricError."""
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise RubricError(f"Rubric {self.code} has no criterion {key!r}.")

    def _check(self, criterion: Criterion, value: Any) -> str | None:
        """Why ``value`` is not a valid answer for ``criterion``, or None."""
        if criterion.kind == "points":
            whole = isinstance(value, int) and not isinstance(value, bool)
            if not whole or not 0 <= value <= criterion.max_points:
                return (
                    f"{criterion.title} takes 0 to {criterion.max_points} points; "
                    f"{value!r} was given."
                )
        elif criterion.kind == "met" and value not in MET_VALUES:
            return f'{criterion.title} is rated "met" or "not_met"; {value!r} was given.'
        elif criterion.kind == "addressed" and not isinstance(value, bool):
            return f"{criterion.title} is answered True or False; {value!r} was given."
        return None

    def score(self, answers: Mapping[str, Any]) -> ScoreSheet:
        """Validate one reviewer's ``answers`` ({key: value}) into a ``ScoreSheet``.

        Every criterion needs an answer and no other key is accepted; every problem is reported
        at once in one ``RubricError`` (``.problems`` lists them by key).
        """
        if not isinstance(answers, Mapping):
            raise RubricError(f"Answers must map criterion keys to values, not {answers!r}.")
        problems = []
        keys = {c.key for c in self.criteria}
        for key in answers:
            if key not in keys:
                problems.append((key, f"Rubric {self.code} has no criterion {key!r}."))
        for criterion in self.criteria:
            if criterion.key not in answers:
                problems.append((criterion.key, f"{criterion.title} has no answer."))
            else:
                problem = self._check(criterion, answers[criterion.key])
                if problem:
                    problems.append((criterion.key, problem))
        if problems:
            raise RubricError(" ".join(message for _, message in problems), problems)
        points = [answers[c.key] for c in self.criteria if c.kind == "points"]
        clean = MappingProxyType({c.key: answers[c.key] for c in self.criteria})
        return ScoreSheet(answers=clean, total=sum(points) if points else None)

    def _round(self, value: Decimal) -> Decimal:
        return value.quantize(Decimal(1).scaleb(-self.points_places), rounding=ROUND_HALF_UP)

    def _mean(self, values: list[int]) -> Decimal:
        return self._round(Decimal(sum(values)) / Decimal(len(values)))

    def _aggregate(self, sheets: list[ScoreSheet]) -> tuple[dict[str, Any], list[str]]:
        """Per-criterion aggregate values, and the sentences for criteria that failed."""
        per_criterion: dict[str, Any] = {}
        failed: list[str] = []
        count = len(sheets)
        for c in self.criteria:
            values = [sheet.answers[c.key] for sheet in sheets]
            if c.kind == "points":
                per_criterion[c.key] = self._mean(values)
                continue
            yes = sum(1 for v in values if v == "met" or v is True)
            holds = 2 * yes > count  # strict majority; a tie does not hold
            if c.kind == "met":
                per_criterion[c.key] = "met" if holds else "not_met"
                verdict = "rated Met"
            else:
                per_criterion[c.key] = holds
                verdict = "found addressed"
            if not holds:
                failed.append(
                    f"{c.title} was {verdict} by {yes} of {count} reviewers, not a majority."
                )
        return per_criterion, failed

    def _points_outcome(self, total: Decimal, second_read: bool) -> tuple[str, str]:
        approve_at, revise_at = self.approve_at, self.revise_at
        if approve_at is None or revise_at is None:  # the loader requires both with points
            raise RubricError(f"Rubric {self.code} has points criteria but no thresholds.")
        if total >= approve_at:
            return "approve", (
                f"The average total {total} reaches the approval threshold of {approve_at}."
            )
        if not second_read and total >= revise_at:
            return "revise", (
                f"The average total {total} is below the approval threshold of {approve_at} "
                f"but reaches the revision threshold of {revise_at}."
            )
        floor = approve_at if second_read else revise_at
        return "deny", f"The average total {total} is below the threshold of {floor}."

    def recommend(
        self, sheets: Iterable[ScoreSheet | Mapping[str, Any]], *, second_read: bool = False
    ) -> Recommendation:
        """The recommendation over all reviewers' ``sheets`` (ScoreSheets or raw answers).

        ``second_read``: the application was resubmitted after revisions; only approve or deny.
        """
        scored = [s if isinstance(s, ScoreSheet) else self.score(s) for s in sheets]
        if not scored:
            raise RubricError("A recommendation needs at least one submitted score sheet.")
        for sheet in scored:  # sheets scored elsewhere must still fit this rubric
            self.score(sheet.answers)
        per_criterion, failed = self._aggregate(scored)
        outcome, reasons = "approve", list(failed)
        if failed:
            outcome = "deny" if second_read else self.on_failed
        total = None
        if self.max_total is not None:
            # every sheet of a rubric with points criteria has a total (``score``)
            total = self._mean([sheet.total for sheet in scored if sheet.total is not None])
            points_outcome, reason = self._points_outcome(total, second_read)
            outcome = _worst(outcome, points_outcome)
            reasons.append(reason)
        if not failed and self.max_total is None:
            reasons.append("Every criterion was rated Met by a majority of reviewers.")
        if second_read:
            reasons.append("Second read: the only outcomes are approve or deny.")
        return Recommendation(outcome, total, tuple(reasons), MappingProxyType(per_criterion))
