"""Who reaches which letter page (tests/app/test_access.py gathers this MATRIX).

A provider reads only its organization's letters, a district user only its district's; the
coordinator reads all; reviewers and committee members have no letters.
"""

import pytest

ROLES = ("anonymous", "provider", "reviewer", "coordinator", "committee", "district")
LOGIN = 302
_NONE = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN}

MATRIX = {
    "letters.index": ("/letters/", {**_NONE, "provider": 200, "coordinator": 200, "district": 200}),
    "letters.show": ("/letters/{own_letter}", {**_NONE, "provider": 200, "coordinator": 200}),
    "letters.pdf": ("/letters/{own_letter}/pdf", {**_NONE, "provider": 200, "coordinator": 200}),
    "letters.print_batch": (
        "/letters/print.pdf?kind=decision_approved",
        {**_NONE, "coordinator": 200},
    ),
}
# Rows checked here only (not pages of their own): the district's copy and another
# organization's letter.
EXTRA = {
    "district copy": ("/letters/{district_letter}", {**_NONE, "coordinator": 200, "district": 200}),
    "other district's copy": ("/letters/{other_district_letter}", {**_NONE, "coordinator": 200}),
    "other organization's letter": ("/letters/{other_letter}", {**_NONE, "coordinator": 200}),
    "other organization's PDF": ("/letters/{other_letter}/pdf", {**_NONE, "coordinator": 200}),
}


@pytest.mark.parametrize("role", ROLES)
def test_role_letter_matrix(world, auth, client, role):
    letters = world["letters"]
    ids = {
        "own_letter": letters["own"].id,
        "other_letter": letters["other"].id,
        "district_letter": letters["sioux_copy"].id,
        "other_district_letter": letters["rapid_copy"].id,
    }
    if role != "anonymous":
        assert auth.login(f"{role}@example.gov").status_code == 302
    failures = auth.matrix_failures(MATRIX, role, ids)
    assert not failures, f"{role}: " + "; ".join(failures)


def test_unknown_or_malformed_letter_is_404(world, auth, client):
    auth.login("coordinator@example.gov")
    for path in (
        "/letters/99999",
        "/letters/99999/pdf",
        "/letters/abc",
        "/letters/-1",
        "/letters/99999999999999999999999",
    ):
        assert client.get(path).status_code == 404, path
