"""Scoring rubrics, framework-free (shared/DESIGN.md sections 5 and 11).

Each rubric is data in ``rubrics/<code>.toml``; ``load_rubric(code)`` validates the file and
returns an immutable ``Rubric`` with ``score`` (one reviewer's sheet) and ``recommend`` (all
reviewers' sheets, with the second-read rule). See ``rubrics/rubric.py`` for the scoring rules.
"""

from rubrics.loader import RUBRIC_DIR, available_rubrics, load_rubric, load_rubric_file
from rubrics.rubric import Criterion, Recommendation, Rubric, RubricError, ScoreSheet

__all__ = [
    "RUBRIC_DIR",
    "Criterion",
    "Recommendation",
    "Rubric",
    "RubricError",
    "ScoreSheet",
    "available_rubrics",
    "load_rubric",
    "load_rubric_file",
]
