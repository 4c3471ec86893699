"""Production start: refuses demo accounts and per-process sign-in limits with several workers;
sends HSTS; `flask ses create-coordinator` makes the first real coordinator."""

import pytest

from app import create_app
from app.extensions import db
from config import ProductionConfig, check_rate_limit_storage, configured_workers
from tests.conftest import _config


@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    monkeypatch.setenv("STUDENT_ID_KEY", "y" * 64)
    for name in (
        "WEB_CONCURRENCY",
        "GUNICORN_WORKERS",
        "GUNICORN_CMD_ARGS",
        "RATELIMIT_STORAGE_URI",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _production(url):
    return type(
        "Prod", (ProductionConfig,), {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x" * 64}
    )


@pytest.mark.parametrize(
    "variable, value",
    [
        ("WEB_CONCURRENCY", "4"),
        ("GUNICORN_WORKERS", "2"),
        ("GUNICORN_CMD_ARGS", "--bind :8000 -w 4"),
        ("GUNICORN_CMD_ARGS", "--workers=3"),
    ],
)
def test_production_refuses_memory_limits_with_several_workers(production_env, variable, value):
    production_env.setenv(variable, value)
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        create_app(_production("sqlite://"))


def test_production_with_several_workers_starts_with_a_shared_store(production_env):
    production_env.setenv("WEB_CONCURRENCY", "4")
    production_env.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    ProductionConfig.check()  # no error


def test_one_worker_with_memory_limits_starts_and_unknown_count_warns(caplog, monkeypatch):
    import logging

    log = logging.getLogger("ses")  # its own handler: other tests may stop propagation
    monkeypatch.setattr(log, "disabled", False)  # or disable the logger (logging.config)
    monkeypatch.setattr(log, "level", logging.INFO)
    log.addHandler(caplog.handler)
    try:
        check_rate_limit_storage(1, "memory://")
        assert not caplog.records
        check_rate_limit_storage(None, "memory://")
        assert "only within one process" in caplog.text
    finally:
        log.removeHandler(caplog.handler)


def test_configured_workers_reads_gunicorn_settings():
    assert configured_workers({}) is None
    assert configured_workers({"WEB_CONCURRENCY": "4"}) == 4
    assert configured_workers({"GUNICORN_CMD_ARGS": "--workers 2 --bind :80"}) == 2
    assert configured_workers({"WEB_CONCURRENCY": "many"}) is None


def test_gunicorn_settings_file_refuses_memory_limits(monkeypatch):
    """gunicorn.conf.py checks the worker count gunicorn really uses (`--workers 4`)."""
    import importlib.util
    from pathlib import Path
    from types import SimpleNamespace

    path = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    with pytest.raises(RuntimeError, match="4 workers"):
        module.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=4)))
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    module.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=4)))


def _redis_listening():
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


def test_redis_limit_storage_starts(app, database_url):
    """The README's RATELIMIT_STORAGE_URI=redis://... works (the redis package is installed)."""
    from app.extensions import limiter

    redis_app = create_app(
        _config(
            database_url,
            RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379",
            RATELIMIT_KEY_PREFIX="ses-test",
        )
    )
    assert type(limiter.storage).__name__ == "RedisStorage"  # the redis package is there
    if _redis_listening():
        assert limiter.storage.check() is True
    assert redis_app.config["RATELIMIT_KEY_PREFIX"] == "ses-test"
    limiter.init_app(app)  # back to the test app's in-memory store


def test_production_refuses_to_start_with_a_demo_account(production_env, tmp_path):
    url = f"sqlite:///{tmp_path / 'prod.sqlite3'}"
    seeded = create_app(_config(url))
    with seeded.app_context():
        db.create_all()
        seeded.test_cli_runner().invoke(args=["ses", "seed-demo"])
        db.session.remove()
    with pytest.raises(RuntimeError, match="demo account"):
        create_app(_production(url))
    runner = seeded.test_cli_runner()
    with seeded.app_context():
        result = runner.invoke(args=["ses", "disable-demo-accounts"])
        assert result.exit_code == 0 and "9 demo account(s)" in result.output
        db.session.remove()
        db.engine.dispose()
    production = create_app(_production(url))  # starts now
    response = production.test_client().get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_no_hsts_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_create_coordinator_prompts_twice_and_checks_strength(runner, client, auth):
    from app.audit import history
    from app.models import User

    result = runner.invoke(
        args=["ses", "create-coordinator", "Chief@SD.example.gov"],
        input="Ann Chief\nshort\nshort\n"
        "a long pass phrase 42\na long pass phrase 41\n"
        "a long pass phrase 42\na long pass phrase 42\n",
    )
    assert result.exit_code == 0, result.output
    assert "at least 12 characters" in result.output
    assert "do not match" in result.output
    user = db.session.scalar(db.select(User).where(User.email == "chief@sd.example.gov"))
    assert user.roles == {"coordinator"} and user.active and user.name == "Ann Chief"
    assert [entry.event for entry in history(user)] == ["create_user"]
    assert auth.login("chief@sd.example.gov", "a long pass phrase 42").status_code == 302


def test_create_coordinator_refuses_an_existing_address_and_a_bad_one(runner, make_user):
    make_user("reviewer", email="taken@example.gov")
    result = runner.invoke(
        args=["ses", "create-coordinator", "taken@example.gov", "--name", "X"],
        input="a long pass phrase 42\na long pass phrase 42\n",
    )
    assert result.exit_code != 0 and "already uses" in result.output
    result = runner.invoke(args=["ses", "create-coordinator", "not-an-address", "--name", "X"])
    assert result.exit_code != 0 and "EMAIL" in result.output


@pytest.mark.parametrize(
    "password, problem",
    [
        ("aaaaaaaaaaaaaaaa", "too few"),
        ("my password is long", "easy"),
        ("demo-coordinator-2009", "easy"),
        ("chief-chief-chief-1", "easy"),
    ],
)
def test_weak_passwords_are_refused(password, problem):
    from app.auth.operations.accounts import password_problem

    assert problem in password_problem(password, "chief@example.gov")
    assert password_problem("correct horse battery", "chief@example.gov") is None
