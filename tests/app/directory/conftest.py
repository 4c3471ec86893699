"""Fixtures of the directory tests: districts and providers in every state that matters."""

import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import DirectoryListing

BRIGHT = {
    "subjects_by_grade": {"reading": ["K-2", "3-5"], "math": ["3-5"]},
    "min_students_per_site": 3,
    "max_students_per_site": 40,
    "place_of_service": ["school", "home"],
    "modes": ["in_person"],
    "delivery": "group",
    "hours_per_week": 2,
    "total_hours": 30,
    "session_minutes": 60,
    "students_per_instructor": 4,
    "hourly_rate": "38.00",
    "pricing": "Per hour attended",
    "transportation": "Parents provide transportation",
    "exit_criteria": "Goals met",
    "description": "Small-group phonics tutoring after school.",
    "serves_ell": True,
    "serves_swd": False,
}
ONLINE = {
    "subjects_by_grade": {"math": ["6-8", "9-12"]},
    "place_of_service": ["online"],
    "modes": ["online"],
    "delivery": "individual",
    "students_per_instructor": 1,
    "hourly_rate": "45.50",
    "session_minutes": 45,
    "total_hours": 25,
    "description": "One-to-one algebra coaching over video.",
    "serves_ell": False,
    "serves_swd": True,
}
# What a half-finished or hand-edited record may hold: nothing here may break a page.
MESSY = {
    "subjects_by_grade": {"reading": "K-2", "math": None, "5": 7, "": ["3-5"]},
    "place_of_service": "community",
    "modes": "online",
    "hourly_rate": "lots",
    "students_per_instructor": "four",
    "total_hours": "1e999999",
    "session_minutes": -5,
    "serves_ell": "yes",
    "serves_swd": "no",
    "description": ["not", "text"],
}


@pytest.fixture
def directory_world(make_district, make_org, make_application):
    """Approved, denied, removed, conditional and draft providers over three districts."""
    sioux = make_district("Sioux Falls", "49-5")
    rapid = make_district("Rapid City", "51-4")
    pierre = make_district("Pierre", "32-2")
    bright = make_application(
        "approved",
        organization=make_org(
            "Bright Tutors",
            contact_name="Ann Lee",
            contact_email="ann@bright.example",
            phone="605-555-0100",
        ),
        service_area=[sioux, rapid],
        program=BRIGHT,
        service_summary={
            "instructor_certification": "Certified teachers",
            "reporting": "Monthly written report",
            "languages": "Spanish",
        },
        program_description="Our reading model uses phonemic awareness drills.\n\n"
        "Each student has a learning plan.",
    )
    online = make_application(
        "approved",
        organization=make_org("Online Math Co"),
        service_area=[rapid],
        program=ONLINE,
        service_summary={"contact_phone": "800-555-0199", "website": "https://math.example"},
    )
    messy = make_application(
        "approved",
        organization=make_org("Messy Learning"),
        service_area=[pierre],
        program=MESSY,
        service_summary="oops",
    )
    hidden = {}
    for state in ("denied", "removed", "conditional", "draft", "submitted", "expired"):
        hidden[state] = make_application(
            state,
            organization=make_org(f"{state.title()} Org"),
            service_area=[sioux],
            program=BRIGHT,
        )
    return {
        "districts": (sioux, rapid, pierre),
        "bright": bright,
        "online": online,
        "messy": messy,
        "hidden": hidden,
    }


@pytest.fixture
def rename_behind_the_hook():
    """rename(organization_id, name): change a listing without the flush hook (a Core UPDATE),
    so only a fresh render shows it: what tells a cached answer from a fresh one."""

    def rename(organization_id, name):
        entry = dict(db.session.get(DirectoryListing, organization_id).entry, name=name)
        db.session.execute(
            update(DirectoryListing)
            .where(DirectoryListing.organization_id == organization_id)
            .values(entry=entry)
        )
        db.session.commit()
        db.session.expire_all()

    return rename
