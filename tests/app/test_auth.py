"""Sign-in, sign-out, rate limiting, CSRF and session cookies."""

import re


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
    response = client.post("/auth/login", data={"email": "rev@example.gov",
                                                 "password": "correct horse battery"})
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
