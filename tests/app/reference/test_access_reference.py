"""Who reaches the reference-data pages and the public reports: every GET page x every role."""

import pytest

ROLES = ("anonymous", "provider", "reviewer", "coordinator", "committee", "district")
LOGIN = 302

COORDINATOR_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "coordinator": 200}
MATRIX = {
    "reference.index": ("/reference/", COORDINATOR_ONLY),
    "reference.import_providers": ("/reference/providers", COORDINATOR_ONLY),
    "reports.effectiveness": ("/reports/effectiveness", dict.fromkeys(ROLES, 200)),
    "reports.effectiveness_csv": ("/reports/effectiveness.csv", dict.fromkeys(ROLES, 200)),
}


@pytest.mark.parametrize("role", ROLES)
def test_reference_and_report_page_matrix(app, make_user, auth, role):
    if role != "anonymous":
        make_user(role, email=f"{role}@example.gov")
        assert auth.login(f"{role}@example.gov").status_code == 302
    failures = auth.matrix_failures(MATRIX, role, {})
    assert not failures, f"{role}: " + "; ".join(failures)
