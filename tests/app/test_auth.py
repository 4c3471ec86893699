"""Sign-in, sign-out, rate limiting, CSRF and session cookies."""

import re

import pytest

from tests.conftest import csrf_from


def test_sign_in_and_out(make_user, auth, client):
    make_user("coordinator", email="coord@example.gov")
    response = auth.login("coord@example.gov")
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    assert b"Welcome" in client.get("/home").data
    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/home").status_code == 302  # back to sign-in


def test_email_is_case_insensitive(make_user, auth):
    make_user("reviewer", email="rev@example.gov")
    assert auth.login("  REV@Example.gov ").status_code == 302


def test_wrong_password_is_refused_with_message(make_user, auth):
    make_user("reviewer", email="rev@example.gov")
    response = auth.login("rev@example.gov", "wrong password")
    assert response.status_code == 200
    assert b"not right" in response.data
    assert b'value="rev@example.gov"' in response.data  # what was typed is kept


def test_inactive_account_cannot_sign_in(make_user, auth, app):
    from app.extensions import db

    user = make_user("reviewer", email="gone@example.gov")
    user.active = False
    db.session.commit()
    assert auth.login("gone@example.gov").status_code == 200


def test_password_is_hashed(make_user):
    user = make_user("provider", password="correct horse battery")
    assert "correct horse" not in user.password_hash
    assert user.password_hash.startswith("$argon2")
    assert user.check_password("correct horse battery")
    assert not user.check_password("Correct horse battery")


def test_login_is_rate_limited(make_user, auth):
    make_user("reviewer", email="rev@example.gov")
    statuses = [auth.login("rev@example.gov", "wrong").status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429


def test_post_without_csrf_token_is_refused(make_user, client):
    make_user("reviewer", email="rev@example.gov")
    response = client.post(
        "/auth/login", data={"email": "rev@example.gov", "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert b"form expired" in response.data


def test_logout_requires_csrf(make_user, auth, client):
    make_user("reviewer", email="rev@example.gov")
    auth.login("rev@example.gov")
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/home").status_code == 200  # still signed in


def test_next_only_follows_local_paths(make_user, auth):
    make_user("coordinator", email="c@example.gov")
    response = auth.login("c@example.gov", query_string={"next": "https://evil.example/"})
    assert response.headers["Location"].endswith("/home")


def test_next_is_followed_for_local_path(make_user, auth):
    make_user("coordinator", email="c@example.gov")
    response = auth.login("c@example.gov", query_string={"next": "/admin/users"})
    assert response.headers["Location"].endswith("/admin/users")


def test_session_cookie_flags(make_user, auth):
    make_user("coordinator", email="c@example.gov")
    response = auth.login("c@example.gov")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert re.search(r"SameSite=Lax", cookie)


# --- sessions end server-side --------------------------------------------------------------
# The fixture's application context stays pushed, so requests share `g`, where Flask-Login
# caches the signed-in user: `_status` sends each request in an application context of its own,
# as a server does, so the user is loaded from the cookie every time.


def _status(app, client, path):
    with app.app_context():
        return client.get(path).status_code


def _signed_in_cookie(app, make_user, auth, client, email="p@example.gov"):
    user = make_user("coordinator", email=email)
    assert auth.login(email).status_code == 302
    assert _status(app, client, "/home") == 200
    return user, client.get_cookie("session").value


def test_replayed_cookie_after_sign_out_is_refused(app, make_user, auth, client):
    _, cookie = _signed_in_cookie(app, make_user, auth, client)
    auth.logout()
    client.set_cookie("session", cookie)  # a copy kept from before the sign-out
    assert _status(app, client, "/letters/") == 302
    assert _status(app, client, "/home") == 302


def test_signing_out_ends_the_session_in_every_browser(app, make_user, auth, client):
    _, cookie = _signed_in_cookie(app, make_user, auth, client)
    other = app.test_client()
    other.set_cookie("session", cookie)
    assert _status(app, other, "/home") == 200
    auth.logout()
    assert _status(app, other, "/home") == 302


def test_deactivation_ends_sessions(app, make_user, auth, client):
    from app.extensions import db

    user, _ = _signed_in_cookie(app, make_user, auth, client)
    user.active = False
    db.session.commit()
    assert _status(app, client, "/home") == 302
    user.active = True  # reactivating does not bring the old session back
    db.session.commit()
    assert _status(app, client, "/home") == 302


def test_password_change_ends_sessions(app, make_user, auth, client):
    from app.extensions import db

    user, _ = _signed_in_cookie(app, make_user, auth, client)
    user.set_password("a new long passphrase")
    db.session.commit()
    assert _status(app, client, "/home") == 302
    assert auth.login("p@example.gov", "a new long passphrase").status_code == 302


def test_coordinator_deactivating_a_user_signs_them_out(app, make_user, auth, client):
    from tests.conftest import Auth

    victim, _ = _signed_in_cookie(app, make_user, auth, client, email="v@example.gov")
    make_user("coordinator", email="boss@example.gov")
    admin = Auth(app.test_client())
    with app.app_context():
        assert admin.login("boss@example.gov").status_code == 302
    with app.app_context():
        response = admin.post(
            f"/admin/users/{victim.id}",
            token_from="/home",
            data={"name": victim.name, "email": victim.email, "roles": ["coordinator"]},
        )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert _status(app, client, "/home") == 302


@pytest.mark.parametrize("session_id", ["1", "1:x", "x:1", "99999999999999999999:1", ":", ""])
def test_malformed_session_ids_are_anonymous(app, make_user, session_id):
    from app.models import User

    make_user("reviewer")
    assert User.load_session_user(session_id) is None


# --- sign-in costs the same for unknown accounts --------------------------------------------


def _sign_in_seconds(client, email):
    import time

    token = csrf_from(client.get("/auth/login").get_data(as_text=True))
    start = time.perf_counter()
    response = client.post(
        "/auth/login", data={"email": email, "password": "wrong guess", "csrf_token": token}
    )
    elapsed = time.perf_counter() - start
    assert response.status_code == 200
    return elapsed


def test_unknown_account_takes_as_long_as_a_known_one(app, make_user, client):
    """Medians of several attempts each; the unknown account's median must lie within the
    range of the known account's attempts widened by half (no absolute thresholds). Before the
    dummy hash an unknown account answered about 30 times faster."""
    import statistics

    app.config["RATELIMIT_ENABLED"] = False
    make_user("reviewer", email="known@example.gov")
    _sign_in_seconds(client, "warmup@example.gov")
    known, unknown = [], []
    for i in range(7):  # interleaved, so a busy machine slows both kinds alike
        known.append(_sign_in_seconds(client, "known@example.gov"))
        unknown.append(_sign_in_seconds(client, f"nobody{i}@example.gov"))
    low, high = min(known) * 0.5, max(known) * 1.5
    assert low <= statistics.median(unknown) <= high, (known, unknown)


# --- limits per account, per address, behind a proxy ---------------------------------------


def _attempt(client, email, address=None, forwarded=None):
    token = csrf_from(client.get("/auth/login").get_data(as_text=True))
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    environ = {"REMOTE_ADDR": address} if address else {}
    return client.post(
        "/auth/login",
        data={"email": email, "password": "wrong", "csrf_token": token},
        headers=headers,
        environ_base=environ,
    ).status_code


def _small_address_limit(app):
    """Lower the per-address limit (read on each request) so the tests need few attempts."""
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    return 3


def test_account_limit_holds_across_addresses(make_user, client):
    make_user("reviewer", email="target@example.gov")
    statuses = [
        _attempt(client, " Target@Example.gov", address=f"198.51.100.{i}") for i in range(11)
    ]
    assert statuses == [200] * 10 + [429]
    assert _attempt(client, "someone.else@example.gov", address="198.51.100.99") == 200


def test_address_limit_holds_across_accounts(app, client):
    limit = _small_address_limit(app)
    statuses = [
        _attempt(client, f"guess{i}@example.gov", address="203.0.113.5") for i in range(limit + 1)
    ]
    assert statuses == [200] * limit + [429]
    assert _attempt(client, "guess-more@example.gov", address="203.0.113.6") == 200


@pytest.fixture
def proxied_client(database_url):
    """A client of an app configured with PROXY_HOPS=1 (one trusted HTTPS proxy)."""
    from app import create_app
    from app.extensions import db, limiter
    from tests.conftest import _config
    from tests.dbutil import IS_POSTGRES

    application = create_app(_config(database_url, PROXY_HOPS=1))
    with application.app_context():
        if not IS_POSTGRES:
            db.create_all()
        limiter.reset()
        yield application.test_client()
        db.session.remove()
        db.engine.dispose()


def test_behind_a_proxy_each_client_has_its_own_bucket(proxied_client):
    limit = _small_address_limit(proxied_client.application)
    statuses = [
        _attempt(proxied_client, f"g{i}@example.gov", address="10.0.0.1", forwarded="192.0.2.10")
        for i in range(limit + 1)
    ]
    assert statuses[-1] == 429
    # Same proxy, another client: a bucket of its own.
    assert (
        _attempt(proxied_client, "other@example.gov", address="10.0.0.1", forwarded="192.0.2.11")
        == 200
    )


def test_without_trusted_proxies_forwarded_for_is_ignored(app, client):
    """PROXY_HOPS=0 (the default): a client cannot pick a fresh bucket by sending the header."""
    limit = _small_address_limit(app)
    statuses = [
        _attempt(client, f"g{i}@example.gov", address="10.0.0.1", forwarded=f"192.0.2.{i}")
        for i in range(limit + 1)
    ]
    assert statuses[-1] == 429


def test_limiter_keys_carry_the_configured_prefix(app):
    from app.extensions import limiter

    assert app.config["RATELIMIT_KEY_PREFIX"] == "ses"
    assert limiter._key_prefix == "ses"


def test_session_survives_a_change_of_client_address(app, make_user, auth, client):
    """No "strong" session protection: a phone moving between networks stays signed in (the
    session ends only server-side, by its version)."""
    make_user("coordinator", email="m@example.gov")
    response = auth.login("m@example.gov", environ_base={"REMOTE_ADDR": "198.51.100.1"})
    assert response.status_code == 302
    with app.app_context():
        assert client.get("/home", environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 200
