"""Fixtures for outcome data: a district, approved providers serving it, and CSV builders."""

import csv
import io
from datetime import date

import pytest

from app.extensions import db
from app.models import ApiToken
from app.outcomes.operations.validation import COLUMNS

HEADER = ",".join(COLUMNS)


def row(
    student="S1",
    school="Hawthorne Elementary",
    provider="ACME",
    subject="math",
    status="served",
    start="2009-10",
    end="2010-04",
    hours="completed",
    achievement="met",
):
    """One CSV line, quoted where a value needs it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(
        [student, school, provider, subject, status, start, end, hours, achievement]
    )
    return out.getvalue()


def csv_bytes(*lines, header=HEADER):
    """A CSV file: the header and `lines`."""
    return ("\n".join([header, *lines]) + "\n").encode()


def year_rows(provider, year, *, completed, improved, subject="math", prefix="S", served=None):
    """Rows for one provider in one program year: `completed` completers of whom `improved`
    met their goals (the rest made no progress), plus `served - completed` who dropped out."""
    served = completed if served is None else served
    lines = []
    for n in range(served):
        done = n < completed
        lines.append(
            row(
                student=f"{prefix}{year}-{n}",
                provider=provider,
                subject=subject,
                start=f"{year}-10",
                end=f"{year + 1}-04",
                hours="completed" if done else "parent_ended",
                achievement=("met" if n < improved else "no_progress") if done else "",
            )
        )
    return lines


@pytest.fixture(autouse=True)
def summer_2010(app):
    """Pages think it is July 20, 2010: program year 2009-10 has just ended."""
    app.config["FIXED_TODAY"] = "2010-07-20"


@pytest.fixture
def world(make_org, make_district, make_application, make_cycle):
    """Two districts; ACME approved for both and BETA for Sioux Falls, 2009-07-01 to
    2011-06-30."""
    sioux = make_district("Sioux Falls", "49-5")
    rapid = make_district("Rapid City", "51-4")
    acme = make_org("Acme Tutoring", code="ACME", contact_email="acme@example.com")
    beta = make_org("Beta Learning", code="BETA")
    cycle = make_cycle()
    application = make_application(
        "approved", organization=acme, cycle=cycle, service_area=[sioux, rapid]
    )
    make_application("approved", organization=beta, cycle=cycle, service_area=[sioux])
    return {
        "sioux": sioux,
        "rapid": rapid,
        "acme": acme,
        "beta": beta,
        "cycle": cycle,
        "application": application,
    }


@pytest.fixture
def users(world, make_user):
    """One account per role: Sioux Falls' and Rapid City's district users, ACME's and BETA's
    provider users (made only by the tests that sign in: password hashing is slow)."""
    return {
        "coordinator": make_user("coordinator", email="coordinator@example.gov"),
        "district": make_user("district", district=world["sioux"], email="district@example.gov"),
        "other_district": make_user("district", district=world["rapid"], email="rapid@example.gov"),
        "provider": make_user("provider", organization=world["acme"], email="provider@example.gov"),
        "other_provider": make_user(
            "provider", organization=world["beta"], email="beta@example.gov"
        ),
        "reviewer": make_user("reviewer", email="reviewer@example.gov"),
        "committee": make_user("committee", email="committee@example.gov"),
    }


@pytest.fixture
def renewal(world, make_application):
    """ACME's renewed approval (2011-07-01 to 2013-06-30), the first one expired at its term."""
    from app.extensions import db

    world["application"].state = "expired"
    db.session.commit()
    return make_application(
        "approved",
        organization=world["acme"],
        cycle=world["cycle"],
        service_area=[world["sioux"]],
        approved_on=date(2011, 7, 1),
        term_ends_on=date(2013, 6, 30),
    )


@pytest.fixture
def token(world, users, auth):
    """A token issued through the page by Sioux Falls' district user (shown once)."""
    auth.login("district@example.gov")
    response = auth.post(
        "/outcomes/tokens", {"label": "Sioux Falls SIS"}, token_from="/outcomes/tokens"
    )
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    value = html.split('id="issued-token" type="text" readonly size="50" value="', 1)[1]
    value = value.split('"', 1)[0]
    auth.logout()
    assert world["sioux"].id == db.session.scalar(db.select(ApiToken.district_id))
    assert value not in db.session.scalar(db.select(ApiToken.token_hash))
    return value
