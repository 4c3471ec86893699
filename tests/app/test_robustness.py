"""No input, however malformed, produces a 500: every route of the application, as each role,
with ids that exist, do not exist or overflow, garbage query strings and garbage form bodies
(with a valid CSRF token, so the handlers themselves see them). Besides a fixed garbage body,
every field name any page of the role shows is posted to every route with NUL and other
control characters, and with integers outside the database's range. New routes and fields are
covered automatically. JSON bodies: too deep, too large, or with control characters -> 400."""

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
QUERY = (
    "?state=%00&cycle=abc&page=-1&per_page=99999999999999999999&district=99999999999999"
    "&subject=%3Cscript%3E&grade=zz&mode=x&year=abc&status=zzz&kind=%ff&provider=-1"
    "&from=abc&to=2&q=" + "x" * 3000
)
BODY = {
    "name": "x" * 100_000,
    "email": "not-an-email",
    "date": "2009-02-30",
    "visit_on": "abc",
    "closed_on": "99999-01-01",
    "reviewers": ["abc", "99999999999"],
    "outcome": "zzz",
    "votes_for": "1e308",
    "votes_against": "-1",
    "answer_A": "1e999",
    "program_year": "x",
    "hourly_rate": "NaN",
    "total_hours": "Infinity",
    "service_area": ["abc"],
    "declaration": "maybe",
    "received_on": "0000-00-00",
    "due_on": "2009-13-01",
    "notes": "\x00",
    "file": "not a file",
}
CONTROL_TEXT = "a\x00b\x01c\x08d\x0be\x1bf\x7fg\ttab\r\nline"
# 10**20 first: SQLite (64-bit integers) overflows only on it, PostgreSQL on all three.
OUT_OF_RANGE = [str(10**20), "2147483648", "-2147483649", "0"]
FIELD_RE = re.compile(r'name="([^"]+)"')


def _paths(app):
    """(methods, path) for every route, each id filled with 1, 2 and 10**20 (the demo's first
    applications are approved and under review: different states reach different code)."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for value in ("1", "2", str(10**20)):
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
    failures, fields = [], set()
    for methods, path in _paths(app):
        if "GET" in methods:
            for query in ("", QUERY):
                response = client.get(path + query)
                if response.status_code >= 500:
                    failures.append(f"GET {path}{query[:30]}")
                elif response.mimetype == "text/html":
                    fields.update(FIELD_RE.findall(response.get_data(as_text=True)))
    fields -= {"csrf_token"}
    bodies = (
        {},
        BODY,
        {name: CONTROL_TEXT for name in fields},
        {name: OUT_OF_RANGE for name in fields},
    )
    for methods, path in _paths(app):
        if "POST" in methods and not path.startswith("/auth/"):
            for number, body in enumerate(bodies):
                if client.post(path, data={**body, "csrf_token": token}).status_code >= 500:
                    failures.append(f"POST {path} body {number}")
            db.session.rollback()
    assert len(fields) > 5, fields
    assert not failures, failures


@pytest.fixture
def district_token(make_user, make_district):
    """A valid bearer token of a district's system."""
    from app.models import ApiToken

    district = make_district()
    user = make_user("district", district=district)
    row, token = ApiToken.issue(district, user, "district system")
    db.session.add(row)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    "body, message",
    [
        ("[" * 5000 + "]" * 5000, "nested"),
        ("[" * 40 + "]" * 40, "nested more than 32 levels"),
        ('[{"student_id": "a\\u0000b"}]', "control character"),
        ('[{"student_id\\u001b": "x"}]', "control character"),
        ('[{"student_id": "\\ud800"}]', "surrogate"),
    ],
)
def test_bad_json_bodies_answer_400(client, district_token, body, message):
    response = client.post(
        "/api/outcomes/2009", data=body, content_type="application/json", headers=district_token
    )
    assert response.status_code == 400
    assert message in response.get_json()["message"]


def test_huge_json_body_answers_400(app, client, district_token):
    app.config["JSON_MAX_BYTES"] = 1000
    response = client.post(
        "/api/outcomes/2009",
        data="[" + '{"a": 1},' * 200 + "{}]",
        content_type="application/json",
        headers=district_token,
    )
    assert response.status_code == 400 and "larger than" in response.get_json()["message"]


def test_control_characters_leave_form_text(app, make_user, make_district, auth):
    """A token label typed with NUL and escape characters is stored without them; tab and
    newline stay (they are text)."""
    from app.models import ApiToken

    district = make_district()
    make_user("district", district=district, email="d@example.gov")
    auth.login("d@example.gov")
    response = auth.post(
        "/outcomes/tokens",
        {"label": "nightly\x00 export\x1b\tjob", "district_id": district.id},
        token_from="/outcomes/tokens",
    )
    assert response.status_code in (200, 302)
    assert db.session.scalar(db.select(ApiToken.label)) == "nightly export\tjob"


def test_control_characters_in_the_path_answer_400(client):
    assert client.get("/directory/%00").status_code == 400
    assert client.get("/directory/?q=%00%1b").status_code == 200


def test_control_characters_in_an_api_query_answer_400(client):
    """The API refuses rather than strips: its schemas say such a string is invalid."""
    response = client.get("/api/directory/providers?q=a%00b")
    assert response.status_code == 400 and "control character" in response.get_json()["message"]
