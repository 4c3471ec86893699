"""No input, however malformed, produces a 500: every route of the application, as each role,
with ids that exist, do not exist or overflow, garbage query strings and garbage form bodies
(with a valid CSRF token, so the handlers themselves see them). New routes are covered
automatically."""

import re

import pytest

from app.extensions import db

DEMO = {
    "coordinator": ("coordinator@demo.sd.gov", "demo-coordinator-2009"),
    "provider": ("provider@demo.example.org", "demo-provider-2009"),
    "reviewer": ("reviewer1@demo.sd.gov", "demo-reviewer-2009"),
    "district": ("district@demo.k12.sd.us", "demo-district-2009"),
    "committee": ("committee1@demo.sd.gov", "demo-committee-2009"),
}
QUERY = ("?state=%00&cycle=abc&page=-1&per_page=99999999999999999999&district=99999999999999"
         "&subject=%3Cscript%3E&grade=zz&mode=x&year=abc&status=zzz&kind=%ff&provider=-1"
         "&from=abc&to=2&q=" + "x" * 3000)
BODY = {"name": "x" * 100_000, "email": "not-an-email", "date": "2009-02-30",
        "visit_on": "abc", "closed_on": "99999-01-01", "reviewers": ["abc", "99999999999"],
        "outcome": "zzz", "votes_for": "1e308", "votes_against": "-1", "answer_A": "1e999",
        "program_year": "x", "hourly_rate": "NaN", "total_hours": "Infinity",
        "service_area": ["abc"], "declaration": "maybe", "received_on": "0000-00-00",
        "due_on": "2009-13-01", "notes": "\x00", "file": "not a file"}


def _paths(app):
    """(methods, path) for every route, each id filled with 1 and with 10**20."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for value in ("1", str(10**20)):
            path = re.sub(r"<(?:int:)?section_key>", "program", rule.rule)
            path = re.sub(r"<[^>]+>", value, path)
            yield rule.methods, path


@pytest.mark.parametrize("role", ["anonymous", *DEMO])
def test_no_route_answers_500_to_malformed_input(app, runner, auth, client, role):
    app.config["FIXED_TODAY"] = "2009-07-20"
    app.config["RATELIMIT_ENABLED"] = False
    assert runner.invoke(args=["ses", "seed-demo"]).exit_code == 0
    if role != "anonymous":
        assert auth.login(*DEMO[role]).status_code == 302
    token = auth.token()
    failures = []
    for methods, path in _paths(app):
        if "GET" in methods:
            for query in ("", QUERY):
                if client.get(path + query).status_code >= 500:
                    failures.append(f"GET {path}{query[:30]}")
        if "POST" in methods and not path.startswith("/auth/"):
            for body in ({}, BODY):
                if client.post(path, data={**body, "csrf_token": token}).status_code >= 500:
                    failures.append(f"POST {path} {sorted(body)[:3]}")
            db.session.rollback()
    assert not failures, failures
