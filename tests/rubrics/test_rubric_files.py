"""The three rubric files load, carry the documents' criteria, and malformed files are refused."""

from pathlib import Path

import pytest

from rubrics import RUBRIC_DIR, RubricError, available_rubrics, load_rubric, load_rubric_file
from workflows.policy import load_policy


def test_available():
    assert available_rubrics() == ("ma-2011", "nc-2009", "sd-2009")


@pytest.mark.parametrize("pack", ["sd-2009", "nc-2009", "ma-2011"])
def test_each_pack_names_a_loadable_rubric(pack):
    assert load_rubric(load_policy(pack).rubric).code == pack


def test_south_dakota_elements():
    """004 "Narrative": A 25, B 15, C 25, D 25, E 10 points; F must be addressed."""
    rubric = load_rubric("sd-2009")
    assert [(c.key, c.kind, c.max_points) for c in rubric.criteria] == [
        ("A", "points", 25),
        ("B", "points", 15),
        ("C", "points", 25),
        ("D", "points", 25),
        ("E", "points", 10),
        ("F", "addressed", None),
    ]
    assert rubric.max_total == 100
    assert rubric.criterion("C").label == "Research Based Strategies and Program Effectiveness"
    assert all(c.guidance and c.section == "Element" for c in rubric.criteria)


def test_north_carolina_indicators():
    """003 slides 25-30: Indicator 1 Parts A-B, 2 A-H, 3 A-C, 4 A-C, 5 A-B, each Met/Not Met."""
    rubric = load_rubric("nc-2009")
    expected = [
        "1A",
        "1B",
        *(f"2{p}" for p in "ABCDEFGH"),
        "3A",
        "3B",
        "3C",
        "4A",
        "4B",
        "4C",
        "5A",
        "5B",
    ]
    assert [c.key for c in rubric.criteria] == expected
    assert {c.kind for c in rubric.criteria} == {"met"}
    assert rubric.max_total is None


def test_massachusetts_criteria():
    rubric = load_rubric("ma-2011")
    assert [c.key for c in rubric.criteria] == [str(n) for n in range(1, 10)]
    assert {c.kind for c in rubric.criteria} == {"met"}


@pytest.mark.parametrize("code", ["xx-2009", "sd-2010", "../sd-2009", None])
def test_unknown_rubric(code):
    with pytest.raises(RubricError):
        load_rubric(code)


def test_unknown_criterion():
    with pytest.raises(RubricError, match="no criterion 'G'"):
        load_rubric("sd-2009").criterion("G")


SD_TEXT = (RUBRIC_DIR / "sd-2009.toml").read_text()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("max_points = 25", 'max_points = "25"', "sd-2009.toml: criteria[0].max_points: expected"),
        ("max_points = 10", "", "sd-2009.toml: criteria[4].max_points: a points criterion needs"),
        ('kind = "addressed"', 'kind = "yes_no"', "criteria[5].kind: expected one of"),
        ("approve = 80", "approve = 50", "thresholds.revise: must not exceed approve (50)"),
        ("total_points = 100", "total_points = 99", "total_points: criteria add up to 100"),
        ('on_failed = "revise"', 'on_failed = "approve"', "on_failed: expected one of"),
        (
            "points_places = 1",
            "points_places = 1\nplaces = 2",
            "aggregation: unknown key(s) places",
        ),
        ('key = "B"', 'key = "A"', "criterion keys must be unique"),
        ('points_rounding = "half_up"', 'points_rounding = "half_even"', "points_rounding"),
    ],
)
def test_malformed_rubric_names_file_and_key(tmp_path: Path, old, new, message):
    assert old in SD_TEXT
    path = tmp_path / "sd-2009.toml"
    path.write_text(SD_TEXT.replace(old, new, 1))
    with pytest.raises(RubricError) as error:
        load_rubric_file(path)
    assert message in str(error.value)
