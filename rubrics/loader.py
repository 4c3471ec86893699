"""Loads ``rubrics/<code>.toml`` into a ``Rubric``, refusing anything malformed.

A file error names the file and the key, e.g. "sd-2009.toml: criteria[0].max_points: missing".
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from rubrics.rubric import KINDS, OUTCOMES, Criterion, Rubric, RubricError
from workflows.packfile import Table, read_toml

__all__ = ["RUBRIC_DIR", "available_rubrics", "load_rubric", "load_rubric_file"]

RUBRIC_DIR = Path(__file__).parent
_CODE = re.compile(r"^[a-z]{2}-[0-9]{4}$")
_PART = re.compile(r"^[a-z_]+(\.[A-Za-z0-9_]+)?$")


def available_rubrics() -> tuple[str, ...]:
    """Codes of the rubrics shipped in ``rubrics/``."""
    return tuple(sorted(p.stem for p in RUBRIC_DIR.glob("*.toml")))


@cache
def load_rubric(code: str) -> Rubric:
    """The rubric called ``code`` (e.g. "sd-2009"); unknown or malformed -> RubricError."""
    if not isinstance(code, str) or not _CODE.match(code):
        raise RubricError(f"{code!r} is not a rubric code (expected e.g. 'sd-2009').")
    path = RUBRIC_DIR / f"{code}.toml"
    if not path.is_file():
        known = ", ".join(available_rubrics())
        raise RubricError(f"There is no rubric {code!r}; known rubrics: {known}.")
    return load_rubric_file(path)


def _criterion(entry: Table) -> Criterion:
    kind = entry.str("kind", choices=KINDS)
    max_points = entry.int("max_points", None, minimum=1)
    if kind == "points" and max_points is None:
        entry.fail("max_points", "a points criterion needs max_points")
    if kind != "points" and max_points is not None:
        entry.fail("max_points", f"a {kind} criterion has no points")
    criterion = Criterion(
        key=entry.str("key"),
        label=entry.str("label"),
        guidance=entry.str("guidance"),
        kind=kind,
        max_points=max_points,
        section=entry.str("section"),
        application_parts=entry.str_list("application_parts", ()),
    )
    for part in criterion.application_parts:
        if not _PART.match(part):
            entry.fail("application_parts", f"{part!r} is not 'section' or 'section.field'")
    entry.finish()
    return criterion


def _thresholds(top: Table, has_points: bool) -> tuple[int | None, int | None]:
    if not has_points:
        if top.has("thresholds"):
            top.fail("thresholds", "a rubric without points criteria has no thresholds")
        return None, None
    table = top.table("thresholds")
    approve = table.int("approve", minimum=0)
    revise = table.int("revise", minimum=0)
    if revise > approve:
        table.fail("revise", f"must not exceed approve ({approve})")
    table.finish()
    return approve, revise


def load_rubric_file(path: Path | str) -> Rubric:
    """Load and validate one rubric file; its ``code`` must match the file name."""
    path = Path(path)
    top = read_toml(path, RubricError)
    entries = top.tables("criteria")
    if not entries:
        top.fail("criteria", "a rubric needs at least one criterion")
    criteria = tuple(_criterion(entry) for entry in entries)
    keys = [c.key for c in criteria]
    if len(set(keys)) != len(keys):
        top.fail("criteria", "criterion keys must be unique")
    has_points = any(c.kind == "points" for c in criteria)
    approve, revise = _thresholds(top, has_points)
    aggregation = top.table("aggregation")
    places = aggregation.int("points_places", minimum=0)
    aggregation.str("points_rounding", choices=("half_up",))
    aggregation.str("met_rule", choices=("strict_majority",))
    aggregation.finish()
    rubric = Rubric(
        code=top.str("code"),
        title=top.str("title"),
        source=top.str("source"),
        criteria=criteria,
        approve_at=approve,
        revise_at=revise,
        on_failed=top.str("on_failed", choices=OUTCOMES[1:]),
        points_places=places,
    )
    if top.has("total_points") and top.int("total_points") != rubric.max_total:
        top.fail("total_points", f"criteria add up to {rubric.max_total}")
    top.finish()
    if rubric.code != path.stem:
        top.fail("code", f"is {rubric.code!r} but the file is named {path.name}")
    return rubric
