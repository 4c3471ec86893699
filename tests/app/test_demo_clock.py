"""The demo on its training clock (issue 10): `make run` pins SES_TODAY to the demo's
DEMO_TODAY, where an open cycle takes applications, the SD review is under way and no deadline
is years overdue."""

import re
from pathlib import Path

import pytest

from app.clock import now, today
from app.demo import DEMO_TODAY, NC_CYCLE_NAME
from app.extensions import db
from app.models import Application, Organization
from app.renewals.operations import open_cycles
from app.sweep import run_sweep

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_pins_the_demo_date():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(rf"^SES_TODAY \?= {DEMO_TODAY.isoformat()}$", makefile, re.M)
    assert "SES_TODAY=$(SES_TODAY) $(BIN)/flask run" in makefile


@pytest.fixture
def demo(app, runner):
    assert runner.invoke(args=["ses", "seed-demo"]).exit_code == 0
    app.config["FIXED_TODAY"] = DEMO_TODAY


def test_an_open_cycle_a_provider_can_apply_to(demo, auth, client):
    assert open_cycles(today=today(), now=now())[0].name == NC_CYCLE_NAME
    auth.login("provider@demo.example.org", "demo-provider-2009")
    org = db.session.scalar(db.select(Organization).where(Organization.code == "prairie-learning"))
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Training clock" in page and "May 11, 2009" in page
    response = auth.post(f"/organizations/{org.id}/applications")
    assert response.status_code == 302, response.get_data(as_text=True)
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(Application)
            .where(Application.organization_id == org.id, Application.state == "draft")
        )
        == 1
    )


def test_reviews_under_way_and_nothing_overdue(demo, auth, client):
    auth.login("reviewer1@demo.sd.gov", "demo-reviewer-2009")
    assert "Black Hills Tutors LLC" in client.get("/home").get_data(as_text=True)
    auth.logout()
    auth.login("coordinator@demo.sd.gov", "demo-coordinator-2009")
    home = client.get("/home").get_data(as_text=True)
    assert "Next deadlines" in home and "May 15, 2009" in home
    assert "overdue)" not in home  # neither "(n overdue)" nor "(overdue)"


def test_the_daily_sweep_on_the_demo_date_changes_nothing(demo):
    assert run_sweep(DEMO_TODAY) == []
