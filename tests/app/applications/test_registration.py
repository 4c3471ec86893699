"""Registering a provider organization with the eligibility questions (004 "Eligible Service
Providers"; 003 "Debarment Certification"), and editing its profile."""

import pytest

from app.extensions import db
from app.models import AuditEntry, Organization, User


def _form(**overrides):
    data = {
        "name": "Lakeside Tutoring",
        "org_type": "non_profit",
        "category": "in_state",
        "ein": "460123456",
        "address": "1 Main St, Pierre SD",
        "phone": "605-555-0101",
        "website": "https://lakeside.example.org",
        "contact_name": "Lee Lake",
        "contact_email": "lee@lakeside.example.org",
        "lea_status": "no",
        "debarred": "no",
        "user_name": "Lee Lake",
        "user_email": "Lee@Lakeside.example.org",
        "password": "a long enough password",
        "confirm": "a long enough password",
    }
    data.update(overrides)
    return data


def _body(response):
    return response.get_data(as_text=True)


def test_eligible_organization_registers_and_is_signed_in(places, auth, client):
    response = auth.post("/register", _form(), token_from="/register")
    assert response.status_code == 302
    org = db.session.scalar(db.select(Organization))
    assert (org.name, org.ein, org.debarred, org.code) == (
        "Lakeside Tutoring",
        "46-0123456",
        False,
        "lakeside-tutoring",
    )
    user = db.session.scalar(db.select(User))
    assert user.email == "lee@lakeside.example.org" and user.roles == {"provider"}
    assert user.organization_id == org.id
    assert user.check_password("a long enough password")
    assert "Start an application" not in _body(client.get(f"/organizations/{org.id}"))  # no cycle
    assert (
        db.session.scalar(db.select(AuditEntry.event).where(AuditEntry.entity == "organizations"))
        == "register_organization"
    )


def test_district_that_makes_ayp_registers(places, auth):
    response = auth.post(
        "/register",
        _form(
            lea_status="district", org_type="school_district", district_id=str(places["fine"].id)
        ),
        token_from="/register",
    )
    assert response.status_code == 302
    assert db.session.scalar(db.select(Organization)).district_id == places["fine"].id


def test_district_in_improvement_is_refused_with_the_reason(places, auth):
    response = auth.post(
        "/register",
        _form(lea_status="district", district_id=str(places["troubled"].id)),
        token_from="/register",
    )
    body = _body(response)
    assert response.status_code == 200
    assert (
        "Todd County 66-1 is identified for improvement, so the district cannot be a "
        "supplemental service provider" in body
    )
    assert "Eligible Service Providers" in body
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 0


@pytest.mark.parametrize(
    "school, phrase", [("corrective", "corrective action"), ("improvement", "school improvement")]
)
def test_school_in_improvement_is_refused_with_the_004_reason(places, auth, school, phrase):
    response = auth.post(
        "/register",
        _form(lea_status="school", org_type="public_school", school_id=str(places[school].id)),
        token_from="/register",
    )
    body = _body(response)
    assert (
        f"is identified for {phrase}, so the school cannot be an approved supplemental "
        "service provider (004 &#34;Eligible Service Providers&#34;)"
        in body
        or f"is identified for {phrase}, so the school cannot be an approved supplemental "
        "service provider (004 &quot;Eligible Service Providers&quot;)"
        in body
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0


def test_school_making_ayp_in_a_district_in_improvement_may_register(places, auth):
    """004: "a school that is making adequate yearly progress within a district identified for
    improvement may apply"."""
    response = auth.post(
        "/register",
        _form(lea_status="school", school_id=str(places["ayp_in_troubled"].id)),
        token_from="/register",
    )
    assert response.status_code == 302


def test_form_errors_keep_every_typed_value(places, auth):
    response = auth.post(
        "/register",
        _form(
            ein="12-34",
            password="short",
            confirm="short",
            contact_email="not-an-email",
            district_id="99999",
            lea_status="district",
        ),
        token_from="/register",
    )
    body = _body(response)
    assert response.status_code == 200
    assert "Enter the nine-digit EIN" in body
    assert "Field must be between 12 and 200 characters long." in body
    assert 'value="Lakeside Tutoring"' in body and 'value="12-34"' in body
    assert 'value="not-an-email"' in body and "1 Main St, Pierre SD" in body
    assert "Not a valid choice" in body
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 0


def test_malformed_ids_and_missing_fields_never_500(places, auth):
    for data in (
        {},
        _form(district_id="abc", lea_status="district"),
        _form(school_id="1" * 40, lea_status="school"),
        _form(org_type="pirate"),
        _form(lea_status="maybe"),
        _form(debarred="perhaps"),
    ):
        response = auth.post("/register", data, token_from="/register")
        assert response.status_code == 200, data


def test_taken_email_is_refused_beside_the_field(places, auth, make_user):
    make_user("provider", email="lee@lakeside.example.org")
    response = auth.post("/register", _form(), token_from="/register")
    assert "An account already uses lee@lakeside.example.org" in _body(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 0


def test_debarred_organization_registers_but_cannot_start(places, auth, client, make_cycle, app):
    make_cycle()
    app.config["FIXED_TODAY"] = "2009-04-01"
    assert auth.post("/register", _form(debarred="yes"), token_from="/register").status_code == 302
    org = db.session.scalar(db.select(Organization))
    assert org.debarred
    page = _body(client.get(f"/organizations/{org.id}"))
    assert "This organization cannot apply" in page and "Start an application" not in page
    response = auth.post(
        f"/organizations/{org.id}/applications",
        token_from=f"/organizations/{org.id}",
        follow_redirects=True,
    )
    assert "cannot apply (E.O. 12549" in _body(response)


def test_registration_without_csrf_token_is_refused(places, client):
    assert client.post("/register", data=_form()).status_code == 400


def test_provider_edits_the_profile_but_cannot_clear_a_debarment(
    places, auth, client, make_org, make_user
):
    org = make_org("Old Name", ein="46-0000001", debarred=True, contact_email="a@b.org")
    make_user("provider", organization=org, email="p@old.example.org")
    auth.login("p@old.example.org")
    path = f"/organizations/{org.id}/edit"
    response = auth.post(path, _form(name="New Name", debarred="no"), token_from=path)
    assert "Only the SES coordinator can clear a debarment record" in _body(response)
    assert db.session.get(Organization, org.id).name == "Old Name"
    response = auth.post(path, _form(name="New Name", debarred="yes"), token_from=path)
    assert response.status_code == 302
    assert db.session.get(Organization, org.id).name == "New Name"
    refused = auth.post(
        path,
        _form(lea_status="district", district_id=str(places["troubled"].id), debarred="yes"),
        token_from=path,
    )
    assert "is identified for improvement" in _body(refused)
    assert db.session.get(Organization, org.id).district_id is None


def test_coordinator_clears_a_debarment(places, auth, make_org, make_user):
    org = make_org("Cleared", debarred=True)
    make_user("coordinator", email="coord@example.gov")
    auth.login("coord@example.gov")
    path = f"/organizations/{org.id}/edit"
    assert auth.post(path, _form(debarred="no"), token_from=path).status_code == 302
    assert db.session.get(Organization, org.id).debarred is False


def test_registration_is_rate_limited_like_sign_in(places, app, auth):
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    token = auth.token("/register")
    statuses = [
        auth.client.post("/register", data={"csrf_token": token}).status_code
        for _ in range(limit + 1)
    ]
    assert statuses[:limit] == [200] * limit
    assert statuses[limit] == 429
