"""Small-cell suppression of the public effectiveness report (FERPA; issue 10)."""

import itertools

import pytest

from workflows.suppression import THRESHOLD, suppress_group


@pytest.mark.parametrize(
    "counts, cells, total",
    [
        ([], (), None),
        ([12], ("shown",), 12),
        ([9], ("primary",), None),
        ([0], ("primary",), None),
        ([10, 25], ("shown", "shown"), 35),
        ([4, 25], ("primary", "complementary"), 29),
        ([4, 25, 11], ("primary", "shown", "complementary"), 40),
        ([4, 11, 11], ("primary", "complementary", "shown"), 26),  # a tie: the first
        ([4, 3, 30], ("primary", "primary", "shown"), 37),  # two hidden: only their sum shows
        ([4, 3], ("primary", "primary"), None),  # total under 10: no total
    ],
)
def test_examples(counts, cells, total):
    result = suppress_group(counts)
    assert result.cells == cells and result.total == total


def _derivable(counts, result):
    """Cells a reader can compute exactly from what is shown."""
    hidden = [i for i, mark in enumerate(result.cells) if mark != "shown"]
    if result.total is not None and len(hidden) == 1:
        return hidden
    return []


@pytest.mark.parametrize(
    "counts",
    [list(c) for n in range(1, 4) for c in itertools.product((0, 1, 9, 10, 11, 40), repeat=n)],
)
def test_no_cell_under_the_threshold_is_shown_or_derivable(counts):
    """Exhaustive over small groups: every cell under 10 is hidden, and no hidden cell equals the
    total minus the shown cells."""
    result = suppress_group(counts)
    for count, mark in zip(counts, result.cells, strict=True):
        assert (mark == "primary") == (count < THRESHOLD)
    assert _derivable(counts, result) == []
    if result.total is not None:
        assert result.total == sum(counts) >= THRESHOLD


@pytest.mark.parametrize("bad", [[-1], [1.5], [True], ["3"]])
def test_counts_must_be_whole_numbers(bad):
    with pytest.raises(ValueError):
        suppress_group(bad)
