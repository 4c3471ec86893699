"""The application factory, configuration and error pages."""

import pytest

from app import create_app
from config import DEV_SECRET, ProductionConfig, TestingConfig


def test_testing_config_is_applied(app):
    assert app.testing
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_blueprints_registered(app):
    assert {"main", "auth", "admin", "applications"} <= set(app.blueprints)


@pytest.mark.parametrize("secret", [None, "", DEV_SECRET, "short"])
def test_production_refuses_missing_or_weak_secret_key(monkeypatch, secret):
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    monkeypatch.setenv("STUDENT_ID_KEY", "a-real-student-key-for-production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)


@pytest.mark.parametrize("student_key", [None, "", "dev-only-student-key", "short"])
def test_production_refuses_missing_or_weak_student_id_key(monkeypatch, student_key):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    if student_key is None:
        monkeypatch.delenv("STUDENT_ID_KEY", raising=False)
    else:
        monkeypatch.setenv("STUDENT_ID_KEY", student_key)
    with pytest.raises(RuntimeError, match="STUDENT_ID_KEY"):
        create_app(ProductionConfig)


def test_production_starts_from_the_environment_alone(monkeypatch):
    """As `gunicorn wsgi:app` does: keys and database only in the environment, config imported
    after they are set."""
    import importlib

    import config

    monkeypatch.setenv("SECRET_KEY", "s" * 64)
    monkeypatch.setenv("STUDENT_ID_KEY", "k" * 64)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    try:
        reloaded = importlib.reload(config)
        app = create_app(reloaded.ProductionConfig)
        assert app.config["SECRET_KEY"] == "s" * 64
        assert app.config["STUDENT_ID_KEY"] == "k" * 64
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_production_starts_with_real_keys_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("STUDENT_ID_KEY", "y" * 64)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    config = type(
        "Prod",
        (ProductionConfig,),
        {"SECRET_KEY": "x" * 64, "SQLALCHEMY_DATABASE_URI": "sqlite://"},
    )
    app = create_app(config)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_database_url_comes_from_environment(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@db.example/ses")
    reloaded = importlib.reload(config)
    try:
        assert reloaded.Config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db.example/ses"
    finally:
        monkeypatch.delenv("DATABASE_URL")
        importlib.reload(config)


def test_404_page_is_friendly(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert b"Traceback" not in response.data


def test_500_page_leaks_nothing(app, client):
    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals: password=hunter2")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body
    assert "hunter2" not in body and "RuntimeError" not in body


def test_413_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 10
    response = client.post("/auth/login", data={"email": "x" * 100})
    assert response.status_code == 413
    assert b"too large" in response.data


def test_base_layout_is_accessible(client):
    body = client.get("/").get_data(as_text=True)
    assert 'href="#main"' in body and 'id="main"' in body  # skip link and its target
    assert '<html lang="en">' in body
    for landmark in ('role="banner"', 'aria-label="Main"', "<main", 'role="contentinfo"'):
        assert landmark in body


def test_testing_config_class_exists():
    assert TestingConfig.TESTING is True


@pytest.mark.parametrize("path", ["/", "/auth/login", "/no/such/page"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
