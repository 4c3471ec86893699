"""Every program limit one unit inside and one outside (004, 003, 001; DESIGN.md section 11)."""

from decimal import Decimal

import pytest

from workflows.eligibility import Problem, count_sentences, count_words, program_problems
from workflows.policy import load_policy

SD, NC, MA = (load_policy(c) for c in ("sd-2009", "nc-2009", "ma-2011"))


def words(n: int) -> str:
    return " ".join(["word"] * n)


def fields(policy, terms):
    return [problem.field for problem in program_problems(policy, terms)]


@pytest.mark.parametrize(
    ("policy", "terms", "bad"),
    [
        # SD 004 item 9: at most 4 students per instructor
        (SD, {"students_per_instructor": 4}, []),
        (SD, {"students_per_instructor": 5}, ["students_per_instructor"]),
        # SD 004 "Students to be Served": sessions of at least 30 minutes
        (SD, {"session_minutes": 30}, []),
        (SD, {"session_minutes": 29}, ["session_minutes"]),
        # SD 004 item 12: three sentence maximum
        (SD, {"description": "One. Two. Three."}, []),
        (SD, {"description": "One. Two. Three. Four."}, ["description"]),
        # SD 004 item 4: statewide will not be accepted
        (SD, {"service_area": ["49-5", "51-4"]}, []),
        (SD, {"service_area": "statewide"}, ["service_area"]),
        (SD, {"service_area": []}, ["service_area"]),
        # SD sets no hours minimum and no fee cap
        (SD, {"total_hours": 1, "hourly_rate": Decimal("500"), "per_pupil_allotment": 1200}, []),
        # NC 003 p8 J: at most 6 students per instructor
        (NC, {"students_per_instructor": 6}, []),
        (NC, {"students_per_instructor": 7}, ["students_per_instructor"]),
        # NC 003 p7 G: at least 30 hours
        (NC, {"total_hours": 30, "delivery": "group"}, []),
        (NC, {"total_hours": 29, "delivery": "group"}, ["total_hours"]),
        (NC, {"total_hours": 29}, ["total_hours"]),
        # NC 003 p7 H: fee <= per-pupil allotment / minimum hours = 1200 / 30 = 40.00
        (NC, {"hourly_rate": Decimal("40.00"), "per_pupil_allotment": 1200}, []),
        (NC, {"hourly_rate": Decimal("40.01"), "per_pupil_allotment": 1200}, ["hourly_rate"]),
        (NC, {"hourly_rate": Decimal("40.01")}, []),  # no allotment given: cap not checked
        # NC 003 SECTION II: 75-word abstracts in English and Spanish
        (NC, {"abstract_en": words(75), "abstract_es": words(75)}, []),
        (NC, {"abstract_en": words(76), "abstract_es": words(75)}, ["abstract_en"]),
        (NC, {"abstract_en": words(75), "abstract_es": words(76)}, ["abstract_es"]),
        (NC, {"service_area": "statewide"}, []),  # 003 p8 M allows "all districts"
        (NC, {"description": "One. Two. Three. Four."}, []),  # no sentence limit in NC
        # MA 001: 25 hours group, 22 hours individual
        (MA, {"total_hours": 25, "delivery": "group"}, []),
        (MA, {"total_hours": 24, "delivery": "group"}, ["total_hours"]),
        (MA, {"total_hours": 22, "delivery": "individual"}, []),
        (MA, {"total_hours": 21, "delivery": "individual"}, ["total_hours"]),
        (MA, {"total_hours": 22}, []),  # without delivery: the smallest minimum
        (MA, {"total_hours": 21}, ["total_hours"]),
        (MA, {"abstract_en": words(500)}, []),  # MA asks for no abstract
        (MA, {"delivery": "online"}, ["delivery"]),
    ],
)
def test_limits(policy, terms, bad):
    assert fields(policy, terms) == bad


@pytest.mark.parametrize("policy", [SD, NC, MA])
def test_absent_keys_are_not_checked(policy):
    assert program_problems(policy, {}) == []


def test_every_problem_at_once_with_messages():
    problems = program_problems(
        SD,
        {
            "students_per_instructor": 8,
            "session_minutes": 20,
            "service_area": "statewide",
            "description": "We tutor. We test. We report. We repeat.",
        },
    )
    assert [p.field for p in problems] == [
        "students_per_instructor",
        "session_minutes",
        "service_area",
        "description",
    ]
    assert problems[0] == Problem(
        "students_per_instructor", "At most 4 students per instructor are allowed; 8 were entered."
    )
    assert "Statewide will not be accepted" in problems[2].message


def test_fee_cap_uses_delivery_minimum():
    # 1100 / 30 = 36.66 (rounded down to the cent)
    terms = {"hourly_rate": Decimal("36.67"), "per_pupil_allotment": 1100, "delivery": "group"}
    assert fields(NC, terms) == ["hourly_rate"]
    assert "$36.66" in program_problems(NC, terms)[0].message
    assert fields(NC, dict(terms, hourly_rate=Decimal("36.66"))) == []


@pytest.mark.parametrize(
    ("terms", "bad"),
    [
        ({"students_per_instructor": 0}, ["students_per_instructor"]),
        ({"students_per_instructor": "4"}, ["students_per_instructor"]),
        ({"session_minutes": None}, ["session_minutes"]),
        ({"total_hours": -3}, ["total_hours"]),
        ({"hourly_rate": 12.5}, ["hourly_rate"]),
        ({"hourly_rate": Decimal("0")}, ["hourly_rate"]),
        ({"service_area": ["", "49-5"]}, ["service_area"]),
    ],
)
def test_nonsense_values_are_problems_not_crashes(terms, bad):
    assert fields(SD, terms) == bad


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("One", 1),
        ("One.", 1),
        ("One. Two", 2),
        ("Wow!!! Yes?", 2),
        ('He said "hi." Then left.', 2),
        ("Version 2.0 is here.", 1),
    ],
)
def test_count_sentences(text, count):
    assert count_sentences(text) == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        (
            "Dr. Smith leads our reading program. Sessions meet twice a week. "
            "Parents get monthly reports.",
            3,
        ),
        (
            "Ms. Lee holds a B.A. in education. Sessions end at 5 p.m. on weekdays. "
            "We meet at 12 Main St. in Pierre.",
            3,
        ),
        ("Sessions end at 5 p.m. Parents pick up their children.", 2),
        (
            "Our tutors hold B.A. degrees. St. Mary School hosts us. Mr. Jones visits at 3:30 p.m. "
            "daily. Parents get reports.",
            4,
        ),
    ],
)
def test_titles_degrees_times_and_streets_are_not_sentence_ends(text, count):
    """004 "12. Program Description": three sentences, as a reader counts them."""
    assert count_sentences(text) == count


def test_three_sentence_description_with_abbreviations_is_accepted_and_four_refused():
    three = (
        "Dr. Smith leads our reading program. Sessions meet twice a week. "
        "Parents get monthly reports."
    )
    assert fields(SD, {"description": three}) == []
    four = three + " Mrs. Diaz tutors math at 4 p.m. on Fridays."
    problems = program_problems(SD, {"description": four})
    assert [p.message for p in problems] == [
        "The description may have at most 3 sentences; it has 4."
    ]


def test_count_words():
    assert count_words("  uno  dos\ttres\n") == 3
