"""Fixtures of the letters tests: a small world of recipients and a letter factory that goes
through `issue_letter` with a test template, so these tests do not depend on the wording of
the per-kind letter templates other areas own."""

from datetime import date

import pytest
from jinja2 import ChoiceLoader, DictLoader

from app.extensions import db

TEST_LETTER = """{% extends "letters/_letter.html" %}
{% block body %}<p>{{ body_text }}</p>{% endblock %}"""
TEST_KINDS = ("decision_approved", "removal_notice", "district_removal_notice", "revision_request")


@pytest.fixture
def letter_templates(app):
    """Serve a plain test body for the kinds these tests issue."""
    app.jinja_env.loader = ChoiceLoader(
        [
            DictLoader({f"letters/{kind}.html": TEST_LETTER for kind in TEST_KINDS}),
            app.jinja_env.loader,
        ]
    )
    if app.jinja_env.cache is not None:
        app.jinja_env.cache.clear()


@pytest.fixture
def make_letter(app, letter_templates):
    """Factory: make_letter(organization=org) -> a committed letter issued through issue_letter."""
    from app.letters.operations.service import issue_letter

    def factory(
        kind="decision_approved",
        *,
        organization=None,
        district=None,
        sent_on=date(2009, 7, 1),
        subject="Decision on your application",
        body_text="Your application was approved.",
        application=None,
    ):
        with app.test_request_context():
            letter = issue_letter(
                kind,
                subject=subject,
                today=sent_on,
                organization=organization,
                district=district,
                application=application,
                context={"body_text": body_text},
            )
        db.session.commit()
        return letter

    return factory


@pytest.fixture
def world(app, make_user, make_org, make_district, make_letter):
    """Two organizations, two districts, a user per role, and letters to each recipient."""
    sioux, rapid = make_district("Sioux Falls", "49-5"), make_district("Rapid City", "51-4")
    own, other = make_org("Own Tutors", contact_email="own@example.org"), make_org("Other Org")
    users = {
        "provider": make_user("provider", email="provider@example.gov", organization=own),
        "other_provider": make_user("provider", email="other@example.gov", organization=other),
        "district": make_user("district", email="district@example.gov", district=sioux),
        "coordinator": make_user("coordinator", email="coordinator@example.gov"),
        "reviewer": make_user("reviewer", email="reviewer@example.gov"),
        "committee": make_user("committee", email="committee@example.gov"),
    }
    letters = {
        "own": make_letter(organization=own, subject="Own approval", body_text="Own body"),
        "other": make_letter(
            organization=other,
            subject="Other approval",
            body_text="Other body",
            sent_on=date(2009, 7, 2),
        ),
        "own_removal": make_letter(
            "removal_notice",
            organization=own,
            subject="Notice of removal",
            sent_on=date(2009, 8, 3),
        ),
        "sioux_copy": make_letter(
            "district_removal_notice",
            district=sioux,
            organization=own,
            subject="District notice of removal (Sioux Falls)",
            sent_on=date(2009, 8, 3),
        ),
        "rapid_copy": make_letter(
            "district_removal_notice",
            district=rapid,
            organization=own,
            subject="District notice of removal (Rapid City)",
            sent_on=date(2009, 8, 3),
        ),
    }
    app.config["FIXED_TODAY"] = "2009-08-05"
    return {"users": users, "letters": letters, "orgs": (own, other), "districts": (sioux, rapid)}
