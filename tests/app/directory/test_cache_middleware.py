"""The cache's WSGI middleware (app/directory/views/cache.py `CachedAnswers`): a hit it answers
is the answer Flask's own hit path gives, byte for byte; it answers only cookie-less GETs (the
language cookies aside) while the directory version is fresh, so signed-in users, remember-me
cookies and flashed messages still reach Flask, a change shows within the interval, and misses,
refusals and other methods are Flask's as before."""

import uuid

import pytest
import redis
from flask import request_started

from app import create_app
from app.directory.views import cache
from app.extensions import db
from tests.conftest import _config


@pytest.fixture
def now(app, monkeypatch):
    """A worker reading the version every 5 seconds, on a clock the test moves."""
    app.extensions["directory_cache"].interval = 5
    instant = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: instant[0])
    return instant


@pytest.fixture
def store(app):
    return app.extensions["directory_cache"].store


@pytest.fixture
def reached_flask(app):
    """The paths of the requests Flask built a request context for."""
    paths = []

    def seen(sender, **extra):
        from flask import request

        paths.append(request.path)

    request_started.connect(seen, app)
    yield paths
    request_started.disconnect(seen, app)


def _answer(response):
    return response.status, list(response.headers.items()), response.get_data()


@pytest.mark.parametrize(
    "path",
    [
        "/directory/",
        "/directory/?district=1&subject=math",
        "/api/directory/providers",
        "/directory/master-chart.csv",
    ],
)
def test_a_middleware_hit_is_the_flask_hit_byte_for_byte(
    app, client, now, reached_flask, directory_world, path
):
    miss = client.get(path)
    assert miss.status_code == 200 and reached_flask == [path.split("?")[0]]
    middleware = client.get(path)
    assert len(reached_flask) == 1  # answered before Flask
    client.set_cookie("unrelated", "1")  # any other cookie: Flask's before_request hit
    flask_hit = client.get(path)
    assert len(reached_flask) == 2
    assert _answer(middleware) == _answer(flask_hit)
    assert middleware.get_data() == miss.get_data()
    assert dict(middleware.headers) == dict(miss.headers)  # the same headers, security ones too
    for name in ("Content-Security-Policy", "X-Frame-Options", "Vary", "Content-Length"):
        assert name in middleware.headers
    assert "Set-Cookie" not in middleware.headers


def _miss_then_hit(database_url, **settings):
    """(miss, hit) of /directory/ on an app of its own with `settings`; the hit must come
    from the middleware (Flask never sees it)."""
    own = create_app(_config(database_url, **settings))
    with own.app_context():
        db.create_all()  # the schema (already there on PostgreSQL)
        own.extensions["directory_cache"].interval = 3600
        client = own.test_client()
        miss = client.get("/directory/")
        with request_started.connected_to(lambda sender, **extra: pytest.fail(), own):
            hit = client.get("/directory/")
        client.set_cookie("unrelated", "1")
        flask_hit = client.get("/directory/")
        db.session.remove()
        db.engine.dispose()  # this app's own pool: no connection outlives the test
    assert hit.get_data() == miss.get_data() and dict(hit.headers) == dict(miss.headers)
    assert _answer(hit) == _answer(flask_hit)
    return miss, hit


def test_a_production_hit_carries_hsts(database_url):
    """HSTS is added by an after-request hook, which a middleware hit skips: it is stored."""
    _, hit = _miss_then_hit(database_url, HSTS_SECONDS=60)
    assert hit.headers["Strict-Transport-Security"] == "max-age=60"


def test_a_hit_from_redis_is_the_same_answer(database_url):
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0").ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4()}"
    _miss_then_hit(
        database_url,
        DIRECTORY_CACHE_URL="redis://127.0.0.1:6379/0",
        DIRECTORY_CACHE_PREFIX=prefix,
        DIRECTORY_CACHE_TTL=30,
    )
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    stored = client.keys(f"{prefix}:*")
    assert len(stored) == 1
    client.delete(*stored)


def test_the_language_cookie_and_header_are_keyed(client, now, reached_flask, directory_world):
    english = client.get("/directory/").text
    spanish = client.get("/directory/", headers={"Accept-Language": "es"}).text
    assert english != spanish and len(reached_flask) == 2
    client.set_cookie("lang", "es")
    assert client.get("/directory/").text == spanish  # a miss for the cookie's key: rendered
    assert len(reached_flask) == 3
    assert client.get("/directory/").text == spanish  # now a middleware hit
    assert len(reached_flask) == 3


def test_asking_for_a_language_sets_the_cookie_every_time(client, now, reached_flask):
    for _ in range(2):
        response = client.get("/directory/?lang=es")
        assert response.status_code == 200 and "lang=es" in response.headers["Set-Cookie"]
        client.delete_cookie("lang")
    assert len(reached_flask) == 2  # never stored, so never answered before Flask


def test_signed_in_users_get_fresh_pages(
    client, auth, make_user, now, directory_world, rename_behind_the_hook
):
    client.get("/directory/")
    rename_behind_the_hook(directory_world["bright"].organization_id, "Fresh Render Name")
    assert "Fresh Render Name" not in client.get("/directory/").text  # a hit
    auth.login(make_user("coordinator").email)
    mine = client.get("/directory/").text
    assert "Sign out" in mine and "Fresh Render Name" in mine


def test_a_remember_me_cookie_gets_a_fresh_page(
    app, client, now, directory_world, rename_behind_the_hook
):
    client.get("/directory/")
    rename_behind_the_hook(directory_world["bright"].organization_id, "Fresh Render Name")
    client.set_cookie(app.config.get("REMEMBER_COOKIE_NAME", "remember_token"), "1|abc")
    assert "Fresh Render Name" in client.get("/directory/").text


def test_a_flashed_message_is_shown(client, now, directory_world):
    client.get("/directory/")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Shown once")]
    assert "Shown once" in client.get("/directory/").text


def test_a_change_shows_within_the_interval(client, now, reached_flask, directory_world):
    client.get("/directory/")
    directory_world["bright"].organization.name = "Brighter Tutors"
    db.session.commit()
    now[0] += 4.9
    assert "Brighter Tutors" not in client.get("/directory/").text
    assert len(reached_flask) == 1  # the middleware's hit, at the version it read
    now[0] += 0.1  # the version is due: Flask reads it and renders the new version
    assert "Brighter Tutors" in client.get("/directory/").text
    assert len(reached_flask) == 2
    assert "Brighter Tutors" in client.get("/directory/").text
    assert len(reached_flask) == 2  # the new page, from the middleware


def test_misses_refusals_and_other_methods_reach_flask(client, now, reached_flask, directory_world):
    assert "Bright Tutors" in client.get("/directory/").text
    assert client.get("/directory/?district=2").status_code == 200  # a miss of a fresh version
    assert client.head("/directory/").status_code == 200  # HEAD: rendered by Flask, as before
    assert client.get("/directory/%01").status_code == 400
    assert client.get("/api/directory/providers?q=%00").status_code == 400
    assert client.get("/directory/providers/999999").status_code == 404
    assert client.post("/directory/").status_code in (400, 405)
    assert client.get("/").status_code in (200, 302)  # outside the cached prefixes
    assert len(reached_flask) == 8


def test_a_failing_store_leaves_the_answer_to_flask(
    client, store, now, reached_flask, monkeypatch, directory_world
):
    client.get("/directory/")

    def unreachable(key):
        raise redis.exceptions.ConnectionError("store down")

    monkeypatch.setattr(store, "get", unreachable)
    assert client.get("/directory/").status_code == 500  # the app's error page
    assert reached_flask == ["/directory/", "/directory/"]  # Flask's error handling, not ours


def test_off_means_flask_answers(app, client, reached_flask, directory_world):
    app.extensions["directory_cache"].interval = -1
    client.get("/directory/")
    client.get("/directory/")
    assert len(reached_flask) == 2
