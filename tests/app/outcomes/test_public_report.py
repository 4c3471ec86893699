"""The public effectiveness report (001 responsibilities of the Department: "publicly report on
standards and techniques for monitoring the quality and effectiveness"; FERPA small cells)."""

import csv
import io
from datetime import date

import pytest

from app.extensions import db
from app.models import EffectivenessResult


@pytest.fixture
def results(app, make_org):
    """Stored determinations as the sweep writes them: (completed, improved) per subject."""
    table = {
        "Alpha Tutoring": {
            2009: {"math": (4, 3), "reading": (25, 15)},
            2010: {"math": (12, 8), "reading": (30, 10), "science": (40, 30)},
        },
        "Beta Learning": {2009: {"reading": (7, 2)}},
        "Gamma Academy": {2009: {"math": (4, 1), "reading": (11, 2), "science": (50, 40)}},
    }
    min_completers = 10  # sd-2009 [effectiveness] min_completers
    for name, years in table.items():
        org = make_org(name)
        for year, subjects in years.items():
            for subject, (completed, improved) in subjects.items():
                status = (
                    "insufficient_data"
                    if completed < min_completers
                    else "contributed"
                    if 2 * improved > completed
                    else "not_contributed"
                )
                db.session.add(
                    EffectivenessResult(
                        organization_id=org.id,
                        subject=subject,
                        program_year=year,
                        served=completed + 2,
                        completed=completed,
                        improved=improved,
                        status=status,
                        computed_on=date(year + 1, 7, 1),
                    )
                )
    db.session.commit()


def _csv_rows(client, query=""):
    response = client.get(f"/reports/effectiveness.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == [
        "Provider",
        "Program year",
        "Subject",
        "Completers",
        "Share improved",
        "Determination",
    ]
    return {(r[0], r[1], r[2]): r[3:] for r in rows[1:]}


def test_every_cell_under_ten_is_suppressed_and_its_complement(results, client):
    rows = _csv_rows(client)
    # One hidden cell and a shown total: the smallest other cell is hidden too.
    assert rows["Alpha Tutoring", "2009-10", "Math"][:2] == ["fewer than 10", "suppressed"]
    assert rows["Alpha Tutoring", "2009-10", "Reading"][:2] == ["suppressed", "suppressed"]
    assert rows["Alpha Tutoring", "2009-10", "All subjects"][0] == "29"
    # Nothing under 10: everything shown, shares rounded half up to whole percents.
    assert rows["Alpha Tutoring", "2010-11", "Math"] == [
        "12",
        "67%",
        "Contributed to increased achievement",
    ]
    assert rows["Alpha Tutoring", "2010-11", "Reading"] == [
        "30",
        "33%",
        "Did not contribute to increased achievement",
    ]
    assert rows["Alpha Tutoring", "2010-11", "All subjects"][0] == "82"
    # A single small subject: its total is small too.
    assert rows["Beta Learning", "2009-10", "Reading"] == [
        "fewer than 10",
        "suppressed",
        "No determination (too few completers)",
    ]
    assert rows["Beta Learning", "2009-10", "All subjects"][0] == "fewer than 10"
    # The complement is the smallest shown cell (11), not the largest.
    assert rows["Gamma Academy", "2009-10", "Reading"][0] == "suppressed"
    assert rows["Gamma Academy", "2009-10", "Science"][:2] == ["50", "80%"]


def test_no_hidden_count_can_be_derived_from_a_published_total(results, client):
    rows = _csv_rows(client)
    groups = {}
    for (provider, year, subject), values in rows.items():
        groups.setdefault((provider, year), {})[subject] = values[0]
    for key, cells in groups.items():
        total = cells.pop("All subjects")
        hidden = [s for s, v in cells.items() if not v.isdigit()]
        small = [v for v in cells.values() if v.isdigit() and int(v) < 10]
        assert small == [], key
        if total.isdigit():
            assert len(hidden) != 1, key


def test_the_page_is_public_and_shows_the_same_suppression(results, client):
    body = client.get("/reports/effectiveness").get_data(as_text=True)
    assert "Alpha Tutoring" in body and "fewer than 10" in body
    assert "Effectiveness report" in client.get("/").get_data(as_text=True)  # in the navigation
    year = client.get("/reports/effectiveness?year=2010").get_data(as_text=True)
    assert "2010-11" in year and "2009-10</small>" not in year


@pytest.mark.parametrize("query", ["?year=abc", "?year=99999999999999999999", "?year=-1"])
def test_nonsense_years_do_not_fail(results, client, query):
    assert client.get(f"/reports/effectiveness{query}").status_code == 200
    assert client.get(f"/reports/effectiveness.csv{query}").status_code == 200


def test_signed_in_users_see_it_too(results, client, auth, make_user):
    for role in ("coordinator", "provider", "district", "reviewer", "committee"):
        make_user(role, email=f"{role}@example.gov")
        auth.logout()
        auth.login(f"{role}@example.gov")
        assert client.get("/reports/effectiveness").status_code == 200, role


def test_provider_names_cannot_inject_spreadsheet_formulas(app, client, make_org):
    org = make_org('=HYPERLINK("x")')
    db.session.add(
        EffectivenessResult(
            organization_id=org.id,
            subject="math",
            program_year=2009,
            served=20,
            completed=20,
            improved=15,
            status="contributed",
            computed_on=date(2010, 7, 1),
        )
    )
    db.session.commit()
    assert ('\'=HYPERLINK("x")', "2009-10", "Math") in _csv_rows(client)
