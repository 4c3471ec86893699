"""The training clock (issue 10): SES_TODAY or FIXED_TODAY pins the date, and every page says so."""

from datetime import date

import pytest

from app.clock import now, today
from config import pinned_today_from_env


@pytest.mark.parametrize(
    "environ, pinned",
    [
        ({}, None),
        ({"SES_TODAY": "2009-05-11"}, date(2009, 5, 11)),
        ({"FIXED_TODAY": "2010-01-04"}, date(2010, 1, 4)),
        ({"SES_TODAY": "2009-05-11", "FIXED_TODAY": "2010-01-04"}, date(2009, 5, 11)),
        ({"SES_TODAY": "  "}, None),
    ],
)
def test_the_environment_pins_the_date(environ, pinned):
    assert pinned_today_from_env(environ) == pinned


def test_a_pin_that_is_not_a_date_stops_the_start_up():
    with pytest.raises(RuntimeError, match="SES_TODAY must be a date"):
        pinned_today_from_env({"SES_TODAY": "May 11"})


def test_pinned_date_drives_today_and_now(app):
    app.config["FIXED_TODAY"] = date(2009, 5, 11)
    assert today() == date(2009, 5, 11)
    assert now().date() == date(2009, 5, 11) and now().tzinfo is not None


def test_banner_on_every_page_while_pinned(app, client, auth, make_user):
    app.config["FIXED_TODAY"] = "2009-05-11"
    for path in ("/", "/auth/login"):
        body = client.get(path).get_data(as_text=True)
        assert "Training clock" in body and "May 11, 2009" in body, path
    make_user("coordinator", email="c@example.gov")
    auth.login("c@example.gov")
    assert "Training clock" in client.get("/home").get_data(as_text=True)


def test_no_banner_on_the_real_clock(app, client):
    app.config["FIXED_TODAY"] = None
    assert "Training clock" not in client.get("/").get_data(as_text=True)
