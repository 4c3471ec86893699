"""Scoring one sheet and recommending over several (DESIGN.md section 5; 004, 003, 001).

Totals are averaged and rounded to one decimal, half up; Met/addressed needs a strict majority
(a tie is not); a second read only approves or denies (004 "Application Process and Timeline").
"""

from decimal import Decimal

import pytest

from rubrics import Recommendation, RubricError, ScoreSheet, load_rubric

SD, NC, MA = (load_rubric(c) for c in ("sd-2009", "nc-2009", "ma-2011"))


def sd(total_a=25, b=15, c=25, d=25, e=10, f=True):
    return {"A": total_a, "B": b, "C": c, "D": d, "E": e, "F": f}


def sd_total(total: int, f: bool = True) -> dict:
    """SD answers summing to ``total`` (A takes what is left after B-E at 15+25+25+10 = 75)."""
    rest = total - 25
    return sd(
        total_a=25 if total >= 25 else total,
        b=min(15, max(rest, 0)),
        c=min(25, max(rest - 15, 0)),
        d=min(25, max(rest - 40, 0)),
        e=min(10, max(rest - 65, 0)),
        f=f,
    )


def nc(**not_met) -> dict:
    answers = {c.key: "met" for c in NC.criteria}
    answers.update({key: "not_met" for key in not_met})
    return answers


def test_score_sums_points():
    sheet = SD.score(sd(20, 12, 20, 20, 8))
    assert isinstance(sheet, ScoreSheet) and sheet.total == 80
    assert sheet.answers["F"] is True
    assert NC.score(nc()).total is None


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (sd(total_a=26), "Element A (Program) takes 0 to 25 points; 26 was given."),
        (sd(total_a=-1), "takes 0 to 25 points; -1"),
        (sd(e=11), "Element E (Financial and Organizational Capacity) takes 0 to 10 points"),
        (sd(total_a=True), "takes 0 to 25 points; True"),
        (sd(total_a=12.5), "takes 0 to 25 points; 12.5"),
        (sd(f="yes"), "Element F (Financial Status) is answered True or False"),
        (
            {k: v for k, v in sd().items() if k != "D"},
            "Element D (Evaluation/Monitoring) has no answer.",
        ),
        (sd() | {"G": 3}, "Rubric sd-2009 has no criterion 'G'."),
    ],
)
def test_score_refuses_bad_answers(answers, message):
    with pytest.raises(RubricError) as error:
        SD.score(answers)
    assert message in str(error.value)


def test_score_reports_every_problem():
    with pytest.raises(RubricError) as error:
        SD.score(sd(total_a=26, f=None))
    assert [key for key, _ in error.value.problems] == ["A", "F"]
    with pytest.raises(RubricError, match='Indicator 2B .* "met" or "not_met"'):
        NC.score(nc() | {"2B": "Met"})
    with pytest.raises(RubricError):
        SD.score([("A", 1)])


def test_limits_are_inclusive():
    assert SD.score(sd(0, 0, 0, 0, 0)).total == 0
    assert SD.score(sd()).total == 100


@pytest.mark.parametrize(
    ("totals", "average", "outcome"),
    [
        ([80], Decimal("80.0"), "approve"),  # threshold reached
        ([79], Decimal("79.0"), "revise"),
        ([60], Decimal("60.0"), "revise"),  # revise threshold reached
        ([59], Decimal("59.0"), "deny"),
        ([80, 79], Decimal("79.5"), "revise"),
        ([80, 80, 79], Decimal("79.7"), "revise"),  # 79.666... -> 79.7
        ([80, 79, 79, 79], Decimal("79.3"), "revise"),  # 79.25 -> 79.3 half up (half even: 79.2)
        ([100, 60, 80], Decimal("80.0"), "approve"),
        ([60, 59], Decimal("59.5"), "deny"),  # the rounded total is compared: 59.5 < 60
    ],
)
def test_sd_totals_and_thresholds(totals, average, outcome):
    result = SD.recommend([sd_total(t) for t in totals])
    assert isinstance(result, Recommendation)
    assert result.total == average and result.outcome == outcome
    assert result.reasons


def test_sd_per_criterion_average_half_up():
    result = SD.recommend([sd(total_a=20), sd(total_a=20), sd(total_a=20), sd(total_a=21)])
    assert result.per_criterion["A"] == Decimal("20.3")  # 20.25 half up
    assert result.per_criterion["F"] is True


def test_sd_element_f_must_be_addressed_by_a_majority():
    tie = SD.recommend([sd(), sd(f=False)])
    assert tie.outcome == "revise" and tie.per_criterion["F"] is False
    assert any("Element F (Financial Status)" in r for r in tie.reasons)
    assert SD.recommend([sd(), sd(), sd(f=False)]).outcome == "approve"
    assert SD.recommend([sd(), sd(f=False)], second_read=True).outcome == "deny"


@pytest.mark.parametrize(
    ("total", "first", "second"),
    [
        (100, "approve", "approve"),
        (80, "approve", "approve"),
        (79, "revise", "deny"),
        (60, "revise", "deny"),
        (10, "deny", "deny"),
    ],
)
def test_sd_second_read_only_approves_or_denies(total, first, second):
    assert SD.recommend([sd_total(total)]).outcome == first
    result = SD.recommend([sd_total(total)], second_read=True)
    assert result.outcome == second
    assert "Second read" in result.reasons[-1]


def test_nc_every_indicator_met():
    result = NC.recommend([nc(), nc(), nc()])
    assert result.outcome == "approve" and result.total is None
    assert set(result.per_criterion.values()) == {"met"}


def test_nc_majority_and_tie():
    assert NC.recommend([nc(), nc(), nc(**{"3B": 1})]).outcome == "approve"  # 2 of 3 Met
    tie = NC.recommend([nc(), nc(**{"3B": 1})])
    assert tie.outcome == "revise"  # the Reconsideration Phase
    assert tie.per_criterion["3B"] == "not_met"
    assert tie.reasons == (
        "Indicator 3B (Materials for each goal) was rated Met by 1 of 2 reviewers, not a majority.",
    )


def test_nc_second_read_denies_a_not_met():
    assert NC.recommend([nc(**{"5A": 1})], second_read=True).outcome == "deny"
    assert NC.recommend([nc()], second_read=True).outcome == "approve"


def test_ma_not_met_is_denied():
    answers = {c.key: "met" for c in MA.criteria}
    assert MA.recommend([answers, answers]).outcome == "approve"
    assert MA.recommend([answers, answers | {"4": "not_met"}]).outcome == "deny"


def test_recommend_needs_valid_sheets():
    with pytest.raises(RubricError, match="at least one"):
        SD.recommend([])
    with pytest.raises(RubricError):
        SD.recommend([sd(total_a=30)])
    with pytest.raises(RubricError):  # an NC sheet is not an SD sheet
        SD.recommend([NC.score(nc())])
