"""The directory is public: every page answers the same to every role and to the signed out.
(tests/app/test_access.py gathers this MATRIX.)"""

import pytest

ROLES = ("anonymous", "provider", "reviewer", "coordinator", "committee", "district")
PUBLIC = dict.fromkeys(ROLES, 200)

MATRIX = {
    "directory.index": ("/directory/", PUBLIC),
    "directory.provider": ("/directory/providers/{provider_id}", PUBLIC),
    "directory.master_chart_csv_export": ("/directory/master-chart.csv", PUBLIC),
    "directory.master_chart_xlsx_export": ("/directory/master-chart.xlsx", PUBLIC),
    "directory.districts": ("/directory/districts", PUBLIC),
    "directory.district": ("/directory/districts/{district_id}", PUBLIC),
    "directory.slots": ("/directory/slots", PUBLIC),
}


@pytest.mark.parametrize("role", ROLES)
def test_role_directory_matrix(directory_world, make_user, auth, client, role):
    ids = {
        "provider_id": directory_world["bright"].organization_id,
        "district_id": directory_world["districts"][0].id,
    }
    if role != "anonymous":
        make_user(
            role,
            email=f"{role}@example.gov",
            organization=directory_world["bright"].organization if role == "provider" else None,
            district=directory_world["districts"][0] if role == "district" else None,
        )
        assert auth.login(f"{role}@example.gov").status_code == 302
    failures = auth.matrix_failures(MATRIX, role, ids)
    assert not failures, f"{role}: " + "; ".join(failures)


def test_hidden_or_unknown_provider_is_404(directory_world, client):
    for application in directory_world["hidden"].values():
        assert client.get(f"/directory/providers/{application.organization_id}").status_code == 404
    for path in (
        "/directory/providers/99999",
        "/directory/providers/abc",
        "/directory/providers/99999999999999999999",
        "/directory/districts/99999",
        "/directory/districts/x",
    ):
        assert client.get(path).status_code == 404, path
