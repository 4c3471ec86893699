"""Fixtures for the provider side: an SD 2009 world (004 "Timeline": due April 9, 2009, 5:00 PM
Central; revisions May 15), a provider signed in, and helpers that fill a complete application
through the HTTP interface."""

from io import BytesIO

import pytest

from app.extensions import db
from app.models import School

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def complete_program(district_ids, **overrides):
    """Form data for a complete, valid SD basic program information section."""
    data = {
        "program_name": "Reading Rockets",
        "subjects_by_grade.reading": ["K-2", "3-5"],
        "subjects_by_grade.math": ["3-5"],
        "min_students_per_site": "2",
        "max_students_per_site": "20",
        "service_area": [str(i) for i in district_ids],
        "place_of_service": ["school", "community"],
        "modes": ["in_person"],
        "delivery": "group",
        "hours_per_week": "2",
        "total_hours": "30",
        "session_minutes": "60",
        "exit_criteria": "Learning plan goals met.",
        "students_per_instructor": "4",
        "hourly_rate": "38",
        "pricing": "Per hour attended.",
        "transportation": "Parents bring students.",
        "serves_ell": "y",
        "description": "Small-group reading and math. Certified teachers. Progress every month.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def complete_sections(policy_code="sd-2009"):
    """Form data for the other sections, by section key, for the pack."""
    from rubrics import load_rubric
    from workflows.policy import load_policy

    policy = load_policy(policy_code)
    narrative = {c.key: f"Our answer for {c.title}." for c in load_rubric(policy.rubric).criteria}
    sections = {
        "narrative": narrative,
        "service_summary": {
            "contact_name": "Pat Provider",
            "contact_phone": "605-555-0100",
            "contact_email": "pat@example.org",
            "locations": "School sites",
            "transportation_provided": "No",
            "instructor_certification": "SD teaching license",
            "sessions_per_week": "2",
            "program_length": "15 weeks",
            "reporting": "Monthly report",
            "diverse_populations": "IEP-aligned plans",
        },
        "description": {"program_description": "A one page description of the program."},
        "assurances": {
            "statements": [k for k, _ in policy.assurances],
            "signer_name": "Pat Provider",
            "signer_title": "Director",
            "signed_on": "2009-04-01",
        },
    }
    if policy.application_fields:
        sections["pack"] = {
            "abstract_en": "We tutor reading.",
            "abstract_es": "Enseñamos lectura.",
            "procedure_agreement": "y",
            "debarment_certification": "y",
        }
    return sections


@pytest.fixture
def sd(app, make_district, make_cycle, make_org, make_user):
    """A provider (signed out) with an eligible organization, two SD districts and the open SD
    2009 cycle; today is pinned to April 1, 2009."""
    app.config["FIXED_TODAY"] = "2009-04-01"
    districts = [make_district("Sioux Falls", "49-5"), make_district("Rapid City", "51-4")]
    cycle = make_cycle("sd-2009", name="SD 2009")
    org = make_org("Prairie Learning", contact_email="office@prairie.example.org")
    provider = make_user("provider", organization=org, email="pat@prairie.example.org")
    return {"districts": districts, "cycle": cycle, "org": org, "provider": provider}


class Filler:
    """Drives the application form through HTTP as the signed-in provider."""

    def __init__(self, auth, client):
        self.auth, self.client = auth, client

    def start(self, org_id):
        """Start an application; returns its id."""
        response = self.auth.post(
            f"/organizations/{org_id}/applications", token_from=f"/organizations/{org_id}"
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return int(response.headers["Location"].split("/applications/")[1].split("/")[0])

    def save(self, application_id, section, data):
        """POST one section; returns the response."""
        path = f"/applications/{application_id}/sections/{section}"
        return self.auth.post(path, data, token_from=f"/applications/{application_id}")

    def attach(
        self, application_id, kind="financial_information", filename="audit.pdf", content=PDF
    ):
        """Upload one attachment; returns the response."""
        path = f"/applications/{application_id}/attachments"
        return self.auth.post(
            path,
            {"kind": kind, "file": (BytesIO(content), filename)},
            token_from=f"/applications/{application_id}",
            content_type="multipart/form-data",
        )

    def fill(self, application_id, district_ids, policy_code="sd-2009", **program):
        """Fill every section completely and attach the financial information."""
        assert (
            self.save(
                application_id, "program", complete_program(district_ids, **program)
            ).status_code
            == 302
        )
        for section, data in complete_sections(policy_code).items():
            response = self.save(application_id, section, data)
            assert response.status_code == 302, (section, response.get_data(as_text=True))
        assert self.attach(application_id).status_code == 302

    def submit(self, application_id):
        """POST the submit form; returns the response."""
        return self.auth.post(
            f"/applications/{application_id}/submit", token_from=f"/applications/{application_id}"
        )


@pytest.fixture
def filler(auth, client):
    """The form-filling helper."""
    return Filler(auth, client)


@pytest.fixture
def places(app, make_district):
    """A district in improvement with a school in corrective action, and a district making AYP
    with a school making AYP and one in improvement (004 list and its note)."""
    troubled = make_district("Todd County", "66-1", in_improvement=True)
    fine = make_district("Pierre", "32-2")
    schools = {
        "corrective": School(
            district=troubled, name="Rosebud Elem", improvement_status="corrective_action"
        ),
        "ayp_in_troubled": School(district=troubled, name="He Dog Elem", improvement_status="none"),
        "improvement": School(district=fine, name="Riggs High", improvement_status="improvement"),
    }
    db.session.add_all(schools.values())
    db.session.commit()
    return {"troubled": troubled, "fine": fine, **schools}
