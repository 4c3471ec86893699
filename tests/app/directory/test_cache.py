"""The public directory's response cache (app/directory/views/cache.py): hits are served again with
the security headers, changes made through the operations show on the next request after the
version check, signed-in users never get or leave cached pages, and the key separates query
strings and languages."""

import uuid
from datetime import date

import pytest
import redis
from sqlalchemy import event

from app.appeals.operations.removal import decide_removal, open_case_by_hand
from app.directory.views import cache
from app.extensions import db
from app.models import Condition, DirectoryVersion, District
from app.reviews.operations.conditions import meet_condition


@pytest.fixture
def store(app):
    return app.extensions["directory_cache"].store


def _statements(app, client, path, **kwargs):
    seen = []

    def count(*args):
        seen.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(path, **kwargs)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return response, seen


def test_a_cached_page_is_served_again_with_the_security_headers(
    app, client, store, directory_world, rename_behind_the_hook
):
    bright = directory_world["bright"].organization_id
    first = client.get("/directory/")
    assert first.status_code == 200 and "Bright Tutors" in first.get_data(as_text=True)
    assert "csrf_token" not in first.get_data(as_text=True)  # nothing per session on it
    assert "Set-Cookie" not in first.headers
    rename_behind_the_hook(bright, "Renamed Behind The Hook")
    hit, statements = _statements(app, client, "/directory/")
    assert hit.get_data() == first.get_data()  # the stored page, not a render
    assert [s for s in statements if "directory_version" not in s] == []
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert hit.headers[name] == first.headers[name]
    assert hit.headers["Content-Type"] == first.headers["Content-Type"]
    assert "Set-Cookie" not in hit.headers


def test_api_and_exports_are_cached(client, store, directory_world):
    for path in ("/api/directory/providers", "/directory/master-chart.csv", "/directory/districts"):
        first = client.get(path)
        assert first.status_code == 200
        assert client.get(path).get_data() == first.get_data()
    assert len(store.entries) == 3


def test_approval_and_removal_through_the_operations_show_on_the_next_request(
    client, directory_world, make_application, make_user
):
    coordinator = make_user("coordinator")
    conditional = make_application(
        "conditional", organization=None, service_area=directory_world["districts"][:1]
    )
    condition = Condition(
        application=conditional,
        kind="vendor_code",
        description="Vendor code",
        due_on=date(2009, 8, 1),
    )
    db.session.add(condition)
    db.session.commit()
    name = conditional.organization.name
    assert name not in client.get("/directory/").get_data(as_text=True)
    meet_condition(
        condition, entry="V-1", met_on=date(2009, 7, 2), actor=coordinator, today=date(2009, 7, 2)
    )
    db.session.commit()
    assert name in client.get("/directory/").get_data(as_text=True)

    bright = directory_world["bright"]
    assert "Bright Tutors" in client.get("/api/directory/providers").get_data(as_text=True)
    case = open_case_by_hand(
        bright,
        grounds="violations",
        summary="Two violations",
        actor=coordinator,
        today=date(2009, 6, 25),
    )
    decide_removal(
        case, remove=True, reason="Second violation", actor=coordinator, today=date(2009, 6, 30)
    )
    db.session.commit()
    assert "Bright Tutors" not in client.get("/api/directory/providers").get_data(as_text=True)


def test_a_change_shows_once_the_version_is_read_again(app, client, directory_world, monkeypatch):
    directory = app.extensions["directory_cache"]
    directory.interval = 5
    now = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: now[0])
    assert "Bright Tutors" in client.get("/directory/").get_data(as_text=True)
    organization = directory_world["bright"].organization
    organization.name = "Brighter Tutors"
    db.session.commit()
    now[0] += 4  # within the interval: the version is not read, the page is cached
    assert "Brighter Tutors" not in client.get("/directory/").get_data(as_text=True)
    now[0] += 1  # the interval has passed: the new version, a fresh page
    assert "Brighter Tutors" in client.get("/directory/").get_data(as_text=True)


def test_a_cache_that_keeps_nothing_renders_every_request(
    app, client, directory_world, monkeypatch, rename_behind_the_hook
):
    """The benchmark's in-process setting (DIRECTORY_CACHE_BYTES=0, bench/directory_bench.py):
    every request is a miss, rendered afresh, while the version is read at most every
    interval, as a production miss reads it."""
    directory = app.extensions["directory_cache"]
    directory.store, directory.interval = cache.MemoryStore(max_bytes=0), 5
    now = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: now[0])
    assert "Bright Tutors" in client.get("/directory/").text
    rename_behind_the_hook(directory_world["bright"].organization_id, "Renamed Behind The Hook")
    now[0] += 4
    page, statements = _statements(app, client, "/directory/")
    assert "Renamed Behind The Hook" in page.text  # a render, not a stored page
    assert [s for s in statements if "directory_version" in s] == []
    assert len(directory.store.entries) == 0


def test_the_version_rises_in_the_change_transaction_only(directory_world):
    def version():
        return db.session.scalar(db.select(DirectoryVersion.version))

    before = version()
    directory_world["bright"].organization.name = "Rolled Back"
    db.session.flush()
    assert version() == before + 1
    db.session.rollback()
    assert version() == before
    db.session.get(District, directory_world["districts"][0].id).name = "Renamed District"
    db.session.commit()
    assert version() == before + 1  # pages print district names: a rename is a change


def test_signed_in_users_neither_get_nor_leave_cached_pages(
    client, auth, store, make_user, directory_world, rename_behind_the_hook
):
    anonymous = client.get("/directory/").get_data(as_text=True)
    assert "Sign out" not in anonymous and len(store.entries) == 1
    rename_behind_the_hook(directory_world["bright"].organization_id, "Fresh Render Name")
    user = make_user("coordinator")
    auth.login(user.email)
    mine = client.get("/directory/").get_data(as_text=True)
    assert "Sign out" in mine and "Fresh Render Name" in mine
    assert client.get("/api/directory/providers").status_code == 200
    assert len(store.entries) == 1  # nothing of theirs was stored
    auth.logout()
    client.get("/directory/")  # shows the "signed out" message: rendered, not stored
    assert "Fresh Render Name" not in client.get("/directory/").get_data(as_text=True)


def test_the_key_separates_query_strings_and_languages(
    client, store, directory_world, rename_behind_the_hook
):
    sioux, rapid, _ = directory_world["districts"]
    first = client.get(f"/directory/?district={sioux.id}").get_data(as_text=True)
    second = client.get(f"/directory/?district={rapid.id}").get_data(as_text=True)
    assert "Online Math Co" not in first and "Online Math Co" in second
    rename_behind_the_hook(directory_world["bright"].organization_id, "Only Fresh Renders")
    assert "Only Fresh Renders" not in client.get(f"/directory/?district={sioux.id}").text
    spanish = client.get(f"/directory/?district={sioux.id}", headers={"Accept-Language": "es"})
    assert "Only Fresh Renders" in spanish.text
    client.set_cookie("lang", "es")
    cookie = client.get(f"/directory/?district={sioux.id}")
    assert "Only Fresh Renders" in cookie.text
    assert len(store.entries) == 4


def test_refusals_and_errors_are_not_cached(client, store, directory_world):
    assert client.get("/directory/providers/999999").status_code == 404
    assert client.get("/api/directory/providers?per_page=banana").status_code in (400, 422)
    assert client.get("/directory").status_code in (301, 308)
    assert len(store.entries) == 0


def test_a_pending_flash_bypasses_the_cache(client, store, directory_world):
    client.get("/directory/")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Shown once")]
    assert "Shown once" in client.get("/directory/").get_data(as_text=True)


def test_the_memory_store_is_bounded():
    store = cache.MemoryStore(max_bytes=100)
    store.set("a", [], b"x" * 60)
    store.set("b", [], b"y" * 60)  # evicts a
    store.set("huge", [], b"z" * 500)  # larger than the whole cache: not kept
    assert store.get("a") is None and store.get("b") == ([], b"y" * 60)
    assert store.get("huge") is None


def test_the_redis_store_round_trips():
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    store = cache.RedisStore("redis://127.0.0.1:6379/0", ttl=30, prefix=f"test-{uuid.uuid4()}")
    headers = [("Content-Type", "text/html; charset=utf-8"), ("X-Frame-Options", "DENY")]
    store.set("k", headers, b"<p>\xc3\xa9\n</p>")
    assert store.get("k") == (headers, b"<p>\xc3\xa9\n</p>")
    assert store.get("other") is None
    store.client.delete(store.prefix + "k")


def test_the_filter_choices_follow_the_version(
    client, auth, make_user, make_district, directory_world
):
    assert "Brookings 05-1" not in client.get("/directory/").text
    make_district("Brookings", "05-1")
    assert "Brookings 05-1" in client.get("/directory/").text
    auth.login(make_user("coordinator").email)  # signed in: rendered, same kept choices
    make_district("Yankton", "63-3")
    assert "Yankton 63-3" in client.get("/directory/").text
