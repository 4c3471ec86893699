"""Demo answers for the SD 2009 application form: complete and valid, so a seeded application in
a submitted (or later) state is one that could really have been submitted."""

import hashlib

from app.applications.operations.versions import snapshot
from app.extensions import db
from app.models import ApplicationVersion, Decision, Document
from workflows.policy import load_policy
from workflows.states import ApplicationState

# A minimal, valid PDF standing in for the financial statements (004 "Element F").
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

NARRATIVE = {
    "A": "Small groups of at most four students meet twice a week at the school after the bell. "
    "Each student has a learning plan agreed with the district and parents; lessons follow "
    "the South Dakota content standards. A sample lesson plan is attached.",
    "B": "Every tutor holds a South Dakota teaching certificate and is fingerprinted and "
    "background checked (SDCL 13-10-12). Tutors receive eight hours of training a year.",
    "C": "The reading program covers the five components named by the National Reading Panel. "
    "In 2008 students gained on average 0.4 grade levels in 30 hours.",
    "D": "Students take a pre-test and a post-test; progress is logged every session and "
    "reported to parents and the school each month.",
    "E": "Cost per student is $1,140 for 30 hours at $38.00 an hour. Only attended sessions are "
    "billed, and assessment time is billed at the same rate.",
    "F": "Audited financial statements for 2007 and 2008 are attached. The organization is not "
    "debarred or suspended and holds liability insurance.",
}


def demo_program(name):
    """Basic program information (004 items 1-12) for provider `name`."""
    return {
        "program_name": f"{name} Tutoring",
        "subjects_by_grade": {"reading": ["K-2", "3-5"], "math": ["3-5", "6-8"]},
        "min_students_per_site": 1,
        "max_students_per_site": 12,
        "place_of_service": ["school", "community"],
        "modes": ["in_person"],
        "delivery": "group",
        "hours_per_week": 2,
        "total_hours": 30,
        "session_minutes": 60,
        "students_per_instructor": 4,
        "hourly_rate": "38.00",
        "pricing": "Billed monthly for hours attended.",
        "transportation": "Provided by parents.",
        "exit_criteria": "Student reaches the learning plan goals.",
        "description": f"{name} offers small-group tutoring in reading and math. "
        "Tutors are certified teachers.",
        "serves_ell": True,
        "serves_swd": True,
        "statewide": False,
    }


def fill_demo_application(application, *, complete):
    """Give `application` demo answers; a draft (`complete` False) stops after the program."""
    name, org = application.organization.name, application.organization
    application.program = demo_program(name)
    if not complete:
        return
    application.narrative = dict(NARRATIVE)
    application.service_summary = {
        "contact_name": org.contact_name or "Program Director",
        "contact_phone": org.phone or "605-555-0100",
        "contact_email": org.contact_email or "",
        "website": "",
        "locations": "School sites and community centers",
        "transportation_provided": "No",
        "instructor_certification": "SD teaching certificate",
        "sessions_per_week": "2",
        "program_length": "15 weeks",
        "reporting": "Monthly written report, by mail and e-mail",
        "diverse_populations": "Plans follow each IEP; Lakota and Spanish speaking tutors",
        "languages": "Spanish, Lakota",
    }
    application.program_description = (
        f"{name} teaches reading and math in groups of up to four for 30 hours per student, "
        "two one-hour sessions a week after school, led by certified teachers."
    )
    policy = load_policy(application.cycle.policy_code)
    application.assurances = {
        "statements": [k for k, _ in policy.assurances],
        "signer_name": org.contact_name or "Program Director",
        "signer_title": "Director",
        "signed_on": "2009-04-06",
    }


def add_submission_records(application, *, provider_user, coordinator):
    """The financial attachment and version 1 of a submitted demo application, and the feedback
    of one returned for revisions; adds nothing that is already there."""
    added = 0
    if not any(d.kind == "financial_information" for d in application.documents):
        db.session.add(
            Document(
                kind="financial_information",
                filename="financial-statements-2008.pdf",
                content_type="application/pdf",
                size_bytes=len(DEMO_PDF),
                sha256=hashlib.sha256(DEMO_PDF).hexdigest(),
                content=DEMO_PDF,
                uploaded_by=provider_user or coordinator,
                organization_id=application.organization_id,
                application=application,
            )
        )
        db.session.flush()
        added += 1
    if not application.versions:
        db.session.add(
            ApplicationVersion(
                application=application,
                number=1,
                snapshot=snapshot(application),
                submitted_at=application.submitted_at,
                submitted_by=provider_user or coordinator,
            )
        )
        added += 1
    if application.state == ApplicationState.REVISIONS_NEEDED and not db.session.scalar(
        db.select(Decision.id).where(Decision.application_id == application.id)
    ):
        db.session.add(
            Decision(
                application=application,
                outcome="request_revisions",
                recommendation="revise",
                decided_by=coordinator,
                decided_at=application.decided_at,
                feedback="Element C: cite the studies behind the program and the specific gains "
                "students made. Element D: attach a sample parent report.",
            )
        )
        added += 1
    db.session.flush()
    return added
