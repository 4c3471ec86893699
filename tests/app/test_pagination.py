"""Signed-in lists page in SQL: the audit log (with its filters), the applications list, removal
cases, letters and deadlines show a page at a time, keep the query string across pages, and
never answer 500 to an odd page or filter; only the coordinator sees the audit log."""

from datetime import UTC, date, datetime

import pytest

from app.audit import record_change
from app.extensions import db
from app.models import AuditEntry, Organization
from app.pagination import paginate, paginate_list


@pytest.fixture
def coordinator(make_user, auth):
    user = make_user("coordinator", name="Beth Coordinator", email="beth@example.gov")
    auth.login(user.email)
    return user


def _rows(html):
    return html.count('<tr><td data-label="When">')  # the audit log's stacked rows


def _entries(count, *, actor=None, entity="organizations", at=None):
    org = Organization(code=f"o{count}-{entity}", name="Audited", org_type="non_profit")
    db.session.add(org)
    db.session.flush()
    for n in range(count):
        if at is None:
            record_change(org, f"event_{n}", actor=actor, reason=f"reason {n}")
        else:  # an entry of another day (entries cannot be changed once written)
            db.session.add(
                AuditEntry(
                    at=at,
                    actor_id=actor.id if actor else None,
                    entity="organizations",
                    entity_id=org.id,
                    event=f"event_{n}",
                )
            )
    db.session.commit()
    return org


def test_audit_log_pages_and_keeps_its_filters(client, coordinator):
    _entries(120, actor=coordinator)
    first = client.get("/admin/audit?actor=beth").get_data(as_text=True)
    assert "120 entries" in first and _rows(first) == 50
    assert "page=2" in first and "actor=beth" in first.split('rel="next"')[1][:200]
    third = client.get("/admin/audit?actor=beth&page=3").get_data(as_text=True)
    assert _rows(third) == 20 and "Page 3 of 3" in third
    past_end = client.get("/admin/audit?actor=beth&page=99").get_data(as_text=True)
    assert "Page 3 of 3" in past_end


def test_audit_log_filters(client, coordinator, make_user):
    other = make_user("coordinator", name="Carl Other", email="carl@example.gov")
    org = _entries(3, actor=coordinator)
    _entries(2, actor=other, entity="x")
    _entries(4, actor=None, entity="y", at=datetime(2009, 7, 1, 15, tzinfo=UTC))

    def total(query):
        html = client.get("/admin/audit?" + query).get_data(as_text=True)
        return int(html.split("<caption>")[1].split(" ")[0])

    assert total("") == 9
    assert total("actor=CARL") == 2 and total("actor=beth%40example") == 3
    assert total("actor=system") == 4 and total("actor=%25") == 0  # % is a character
    assert total(f"entity=organizations&entity_id={org.id}") == 3
    assert total("since=2009-07-01&until=2009-07-01") == 4  # the day, in the pack's time zone
    assert total("until=2009-06-30") == 0
    assert total(f"since={date.today().isoformat()}") == 5
    refused = client.get("/admin/audit?since=2009-07-02&until=2009-07-01")
    assert refused.status_code == 200
    assert "The end date is before the start date." in refused.get_data(as_text=True)


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-3",
        "page=abc",
        "page=99999999999",
        "entity=nope",
        "entity_id=0",
        "entity_id=99999999999",
        "since=2009-13-45",
        "until=9999-12-31",
        "since=0001-01-01",
        "actor=" + "x" * 500,
        "actor=%00",
    ],
)
def test_audit_log_never_fails_on_odd_queries(client, coordinator, query):
    _entries(2, actor=coordinator)
    assert client.get("/admin/audit?" + query).status_code == 200


@pytest.mark.parametrize("role", ["reviewer", "provider", "district", "committee"])
def test_only_the_coordinator_reads_the_audit_log(client, auth, make_user, role):
    auth.login(make_user(role).email)
    assert client.get("/admin/audit").status_code == 403


def test_applications_list_has_no_cap_and_pages(client, coordinator, make_application):
    for _ in range(55):
        make_application("submitted")
    first = client.get("/review/applications?state=submitted").get_data(as_text=True)
    assert "55 applications" in first and "Page 1 of 2" in first
    second = client.get("/review/applications?state=submitted&page=2").get_data(as_text=True)
    assert second.count("Review and decide") == 5


@pytest.mark.parametrize(
    "path",
    [
        "/appeals/cases?page=7",
        "/letters/?page=-1",
        "/appeals/deadlines?page=x",
        "/review/applications?page=9",
    ],
)
def test_other_lists_take_any_page(client, coordinator, path):
    assert client.get(path).status_code == 200


def test_paginate_counts_in_sql_and_clamps(app):
    _entries(7)
    query = db.select(AuditEntry).order_by(AuditEntry.id)
    with app.test_request_context("/?page=3"):
        page = paginate(query, per_page=3)
        assert (page.page, page.pages, page.total, len(page.items)) == (3, 3, 7, 1)
    with app.test_request_context("/?page=30"):
        assert paginate(query, per_page=3).page == 3
        assert paginate_list(range(7), per_page=3).items == [6]
    with app.test_request_context("/"):
        empty = paginate_list([], per_page=3)
        assert (empty.page, empty.pages, empty.items, empty.has_next) == (1, 1, [], False)
