"""Reading stored program data tolerantly: whatever a draft or a hand-edited record holds, the
directory shows blanks rather than failing (no app or database needed)."""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from app.directory.operations import entry_of, keyword_words, languages_of, listing_of
from app.directory.queries.chart import chart_row, inert, master_chart_csv
from app.directory.queries.listing import listing_from, subjects_by_grade, where_delivered

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = (
    "subjects_by_grade",
    "min_students_per_site",
    "max_students_per_site",
    "place_of_service",
    "modes",
    "delivery",
    "hours_per_week",
    "total_hours",
    "session_minutes",
    "students_per_instructor",
    "hourly_rate",
    "description",
    "serves_ell",
    "serves_swd",
    "transportation",
)


def _application(program, summary=None, description=None):
    org = SimpleNamespace(
        id=1,
        name="Acme",
        contact_name=None,
        contact_email=None,
        phone=None,
        website=None,
        address=None,
    )
    district = SimpleNamespace(id=7, label="Pierre 32-2")
    return SimpleNamespace(
        id=3,
        organization=org,
        program=program,
        service_summary=summary,
        program_description=description,
        service_area=[district],
        approved_on=date(2009, 7, 1),
        term_ends_on=date(2011, 6, 30),
        pack_fields=None,
    )


@settings(max_examples=150, deadline=None)
@given(st.fixed_dictionaries({}, optional={k: JSON for k in KEYS}) | JSON, JSON, JSON)
def test_any_stored_values_make_a_listing(program, summary, description):
    listing = listing_from(_application(program, summary, description))
    row = chart_row(listing)
    assert row["name"] == "Acme"
    assert master_chart_csv([listing]).count("\n") >= 2
    assert isinstance(where_delivered(listing), str)
    # What the directory table stores reads back as the same listing (JSON round trip).
    stored = json.loads(json.dumps(entry_of(listing)))
    assert listing_of(stored, listing.districts) == replace(
        listing, summary="", program_description=""
    )
    assert "acme" in keyword_words(listing.keyword_text())
    assert all(isinstance(lang, str) and lang for lang in languages_of(listing.languages))


def test_languages_are_split_and_casefolded():
    assert languages_of("Spanish, Hmong and Somali; ARABIC / spanish") == (
        "spanish",
        "hmong",
        "somali",
        "arabic",
    )
    assert languages_of("inglés y español") == ("inglés", "español")
    assert languages_of("") == ()


def test_keyword_words_are_letters_and_digits():
    assert keyword_words("Math_Club: 3rd-grade PHONICS, e-mail!") == [
        "math",
        "club",
        "3rd",
        "grade",
        "phonics",
        "e",
        "mail",
    ]


def test_well_formed_values_are_read():
    listing = listing_from(
        _application(
            {
                "subjects_by_grade": {"math": ["6-8", "K-2"], "reading": []},
                "hourly_rate": "38",
                "students_per_instructor": "4",
                "total_hours": 25.5,
                "session_minutes": 45.0,
                "modes": ["online", "in_person"],
                "serves_ell": 1,
                "place_of_service": ["home", "school", "moon"],
            }
        )
    )
    assert listing.subjects_by_grade == {"math": ("K-2", "6-8")}  # spans in school order
    assert listing.hourly_rate == Decimal("38.00")
    assert listing.students_per_instructor == 4 and listing.session_minutes == 45
    assert listing.total_hours == Decimal("25.5")
    assert listing.modes == ("in_person", "online") and listing.serves_ell
    assert listing.places == ("school", "home")  # unknown places dropped
    assert where_delivered(listing) == "At school, In the home (in person and online)"


def test_unreadable_numbers_are_blank():
    listing = listing_from(
        _application(
            {
                "hourly_rate": "lots",
                "students_per_instructor": 4.5,
                "total_hours": "-3",
                "session_minutes": True,
                "min_students_per_site": "1e999999",
            }
        )
    )
    assert (
        listing.hourly_rate,
        listing.students_per_instructor,
        listing.total_hours,
        listing.session_minutes,
        listing.min_students,
    ) == (None, None, None, None, None)


def test_subjects_by_grade_cleaning():
    assert subjects_by_grade("reading") == {}
    assert subjects_by_grade({"reading": "K-2", "math": None, 5: ["3-5"], " ": ["K-2"]}) == {
        "reading": ("K-2",)
    }


def test_inert_cells():
    assert inert("=1+1") == "'=1+1" and inert("-2") == "'-2" and inert("@x") == "'@x"
    assert inert("Reading") == "Reading"
