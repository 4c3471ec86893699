"""Who reaches which removal and appeal page: every GET page x every role, plus signed out.

The records: the provider's organization has one removed application whose notice is not yet
appealed (the filing page) and one appealed application whose committee includes the
"committee" user; the other roles have no tie to either.
"""

from datetime import date

import pytest

from app.appeals.operations.committee import appoint_members
from app.appeals.operations.filing import file_appeal, review_appeal
from app.appeals.operations.removal import decide_removal, open_removal_case
from app.extensions import db

ROLES = ("anonymous", "provider", "reviewer", "coordinator", "committee", "district")
LOGIN = 302


def _only(*allowed):
    return {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, **dict.fromkeys(allowed, 200)}


MATRIX = {
    "appeals.cases": ("/appeals/cases", _only("coordinator", "provider")),
    "appeals.new_case": ("/appeals/cases/new", _only("coordinator")),
    "appeals.case": ("/appeals/cases/{case_id}", _only("coordinator", "provider")),
    "appeals.file": ("/appeals/cases/{case_id}/appeal", _only("provider")),
    "appeals.appeals": ("/appeals/", _only("coordinator", "provider", "committee")),
    "appeals.appeal": ("/appeals/{appeal_id}", _only("coordinator", "provider", "committee")),
    "appeals.document": (
        "/appeals/{appeal_id}/documents/{document_id}",
        _only("coordinator", "provider", "committee"),
    ),
    "appeals.deadlines": ("/appeals/deadlines", _only("coordinator")),
    "appeals.deadlines_ics": ("/appeals/deadlines.ics", _only("coordinator")),
    # The secret-address feed needs no sign-in; an unknown address is not found for everyone.
    "appeals.deadlines_feed": (
        "/appeals/deadlines/feed/not-a-token.ics",
        dict.fromkeys(ROLES, 404),
    ),
}


@pytest.fixture
def records(app, quick_user, make_org, make_district, make_application):
    """One user per role (emails <role>@example.gov) and the two cases described above."""
    app.config["FIXED_TODAY"] = "2009-07-20"
    district = make_district()
    org = make_org("Own Org")
    users = {
        role: quick_user(
            role,
            email=f"{role}@example.gov",
            organization=org if role == "provider" else None,
            district=district if role == "district" else None,
        )
        for role in ROLES
        if role != "anonymous"
    }
    members = [users["committee"]] + [quick_user("committee") for _ in range(2)]
    removed = make_application("approved", organization=org, service_area=[district])
    appealed = make_application("approved", organization=org)
    coordinator, today = users["coordinator"], date(2009, 7, 1)
    cases = []
    for application in (removed, appealed):
        case, _ = open_removal_case(
            application,
            grounds="violations",
            summary="Two violations",
            actor=coordinator,
            today=today,
        )
        decide_removal(case, remove=True, reason="Removed", actor=coordinator, today=today)
        cases.append(case)
    appeal = file_appeal(
        cases[1],
        letter="We appeal.",
        files=[("e.pdf", "application/pdf", b"%PDF-1.4 x")],
        actor=users["provider"],
        today=date(2009, 7, 2),
    )
    review_appeal(
        appeal,
        rescind=False,
        reviewed_on=date(2009, 7, 6),
        notes="Retained",
        actor=coordinator,
        today=date(2009, 7, 6),
    )
    appoint_members(appeal, members, actor=coordinator, today=date(2009, 7, 7))
    db.session.commit()
    ids = {"case_id": cases[0].id, "appeal_id": appeal.id, "document_id": appeal.documents[-1].id}
    return users, ids


@pytest.mark.parametrize("role", ROLES)
def test_role_page_matrix(records, auth, client, role):
    users, ids = records
    if role != "anonymous":
        assert auth.login(f"{role}@example.gov").status_code == 302
    failures = auth.matrix_failures(MATRIX, role, ids)
    assert not failures, f"{role}: " + "; ".join(failures)
