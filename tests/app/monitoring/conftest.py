"""Fixtures of the monitoring tests: two districts, approved providers serving each, a provider
without approval, and one user per role."""

from datetime import date
from types import SimpleNamespace

import pytest


@pytest.fixture
def mon(app, make_user, make_org, make_district, make_application):
    """The monitoring world. Today is pinned to August 3, 2009 (tests move it as they need)."""
    app.config["FIXED_TODAY"] = "2009-08-03"
    sioux = make_district("Sioux Falls", "49-5", contact_email="ses@sf.k12.sd.us")
    rapid = make_district("Rapid City", "51-4")
    org = make_org("Bright Tutors", contact_email="director@bright.example", contact_name="Pat Lee")
    other = make_org("Other Learning")
    denied_org = make_org("Denied Academy")
    application = make_application(
        "approved", organization=org, service_area=[sioux], term_ends_on=date(2013, 6, 30)
    )
    other_application = make_application("approved", organization=other, service_area=[rapid])
    denied = make_application("denied", organization=denied_org, service_area=[sioux])
    users = SimpleNamespace(
        coordinator=make_user("coordinator", email="coordinator@example.gov"),
        provider=make_user("provider", organization=org, email="provider@example.gov"),
        other_provider=make_user("provider", organization=other, email="other@example.gov"),
        district=make_user("district", district=sioux, email="district@example.gov"),
        other_district=make_user("district", district=rapid, email="rapid@example.gov"),
        reviewer=make_user("reviewer", email="reviewer@example.gov"),
        committee=make_user("committee", email="committee@example.gov"),
    )
    return SimpleNamespace(
        app=app,
        sioux=sioux,
        rapid=rapid,
        org=org,
        other=other,
        denied_org=denied_org,
        application=application,
        other_application=other_application,
        denied=denied,
        users=users,
    )
