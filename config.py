"""Configuration classes; the environment overrides what a deployment must set.

`create_app(config_class)` takes one of these. Every value a deployment changes is read from the
environment: DATABASE_URL, SECRET_KEY, STUDENT_ID_KEY, MAIL_SERVER, MAIL_PORT, MAIL_USERNAME,
MAIL_PASSWORD, MAIL_USE_TLS, MAIL_SENDER, RATELIMIT_STORAGE_URI, RATELIMIT_KEY_PREFIX, PROXY_HOPS,
TASK_QUEUE_URL (or REDIS_URL), SWEEP_HOUR_UTC, SWEEP_MINUTE_UTC, SES_INSTALLATION_ID,
SES_LETTERHEAD; SES_TODAY (or FIXED_TODAY) pins the date for training and demonstrations.
"""

import json
import logging
import os
import shlex
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

DEV_SECRET = "dev-only-not-secret"
DEV_STUDENT_ID_KEY = "dev-only-student-key"


def pinned_today_from_env(environ=os.environ):
    """The training clock: SES_TODAY (or FIXED_TODAY) as an ISO date, else None. A value that is
    not a date stops the start-up: a silently unpinned clock would move deadlines."""
    value = (environ.get("SES_TODAY") or environ.get("FIXED_TODAY") or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RuntimeError(f"SES_TODAY must be a date such as 2009-05-11, not {value!r}.") from None


def _env_bool(name, default=False):
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    # The embedded default: an SQLite file under instance/, nothing to install.
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'ses.sqlite3'}"
    )
    # A pooled connection idle this long is checked before use (app/extensions.py
    # `ping_after_idle`: one round trip saved per request under load, pool_pre_ping's robustness
    # after a database restart kept).
    DATABASE_PING_AFTER_IDLE_SECONDS = 1.0
    DEFAULT_POLICY = os.environ.get("SES_POLICY", "sd-2009")
    # Student ids from districts' outcome uploads are stored only as an HMAC under this key.
    STUDENT_ID_KEY = os.environ.get("STUDENT_ID_KEY", DEV_STUDENT_ID_KEY)
    # The training clock (app/clock.py): every page shows a banner while it is set.
    FIXED_TODAY = pinned_today_from_env()

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a reviewer may keep a score sheet open all afternoon
    MAX_CONTENT_LENGTH = 60 * 1024 * 1024  # uploads: 100,000 outcome rows fit well under this
    # Outcome data uploads (web and API) may be larger: they are streamed, never held whole.
    # 1,000,000 rows are about 90 MB. Larger than OUTCOME_BACKGROUND_BYTES -> a background job.
    OUTCOME_UPLOAD_MAX_BYTES = int(os.environ.get("OUTCOME_UPLOAD_MAX_BYTES", 256 * 1024 * 1024))
    OUTCOME_BACKGROUND_BYTES = int(os.environ.get("OUTCOME_BACKGROUND_BYTES", 4 * 1024 * 1024))

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Several applications (or a test and a live copy) may share one Redis: keys stay apart.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "ses")
    RATELIMIT_HEADERS_ENABLED = True
    # Sign-in attempts per client address (an office behind one NAT address shares it, hence
    # more) and per account (whatever address guesses it).
    LOGIN_RATE_LIMIT = "30 per minute"
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per minute;50 per hour"
    # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none; the
    # client address is the connection's). Behind one HTTPS proxy: 1.
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "0"))
    HSTS_SECONDS = 0  # Strict-Transport-Security max-age; 0 sends no header
    # JSON bodies (the outcome API) larger or deeper than this are refused with 400 before they
    # reach a view: 100,000 outcome rows take about 20 MB.
    JSON_MAX_BYTES = 32 * 1024 * 1024
    JSON_MAX_DEPTH = 32

    MAIL_SERVER = os.environ.get("MAIL_SERVER")  # unset: letters are written to the log
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "ses-office@example.gov")

    # The task queue (app/tasks.py) that e-mails letters after commit and runs the daily sweep:
    # Redis when a URL is set (several hosts share it), else an SQLite file under instance/.
    TASK_QUEUE_URL = os.environ.get("TASK_QUEUE_URL") or os.environ.get("REDIS_URL")

    # The calendar feed's UIDs end in this, so two installations' events never collide in one
    # calendar program; unset, the host name (socket.getfqdn()) is used.
    SES_INSTALLATION_ID = os.environ.get("SES_INSTALLATION_ID")
    # Letterhead values a pack leaves blank or a deployment changes, per state, as JSON, e.g.
    # {"NC": {"address": "...\\n...", "phone": "...", "signer_name": "..."}} (workflows/policy.py
    # Letterhead lists the fields).
    SES_LETTERHEAD = json.loads(os.environ.get("SES_LETTERHEAD") or "{}")
    # The public directory's response cache (app/directory/views/cache.py): a listing change shows
    # within DIRECTORY_CACHE_SECONDS (each worker reads the directory version that often; < 0:
    # no cache). Redis (shared by the workers) when a URL is set, else a bounded in-process LRU.
    DIRECTORY_CACHE_SECONDS = float(os.environ.get("DIRECTORY_CACHE_SECONDS", "5"))
    DIRECTORY_CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
    DIRECTORY_CACHE_BYTES = int(os.environ.get("DIRECTORY_CACHE_BYTES", str(64 * 2**20)))
    DIRECTORY_CACHE_TTL = 3600  # seconds a Redis entry lives (older versions' pages expire)
    DIRECTORY_CACHE_PREFIX = os.environ.get("DIRECTORY_CACHE_PREFIX", "ses")
    # Seconds each worker keeps the coordinator home panel figures (app/main/queries.py).
    HOME_PANEL_SECONDS = float(os.environ.get("HOME_PANEL_SECONDS", "5"))
    TASK_QUEUE_FILE = Path(os.environ.get("TASK_QUEUE_FILE", INSTANCE_DIR / "tasks.sqlite3"))
    # Chosen: a letter still pending 15 minutes after its last attempt is enqueued again
    # (checked every 5 minutes); after 24 failed attempts it waits for a coordinator's resend.
    LETTER_REDELIVERY_CHECK_MINUTES = 5
    LETTER_REDELIVER_AFTER_MINUTES = 15
    LETTER_DELIVERY_MAX_ATTEMPTS = 24
    # The daily sweep as a periodic task: 06:15 UTC is just after midnight in South Dakota's
    # Central time (the sd-2009 pack's zone), so "today" is the new day there.
    SWEEP_HOUR_UTC = int(os.environ.get("SWEEP_HOUR_UTC", "6"))
    SWEEP_MINUTE_UTC = int(os.environ.get("SWEEP_MINUTE_UTC", "15"))

    API_TITLE = "SES approved providers"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    # District systems send `Authorization: Bearer <token>` (tokens issued at /outcomes/tokens).
    API_SPEC_OPTIONS = {
        "components": {
            "securitySchemes": {
                "districtToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": (
                        "A district's API token, issued by its coordinator at /outcomes/tokens"
                    ),
                }
            }
        }
    }


class DevelopmentConfig(Config):
    """Local development: the SQLite file, debug tooling off by default."""


class TestingConfig(Config):
    """The test suite: an in-memory database unless TEST_DATABASE_URL names another."""

    TESTING = True
    SECRET_KEY = "testing-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    STUDENT_ID_KEY = "testing-student-key"
    RATELIMIT_ENABLED = True
    FIXED_TODAY = None  # tests pin their own dates; the developer's SES_TODAY must not leak in
    TASK_QUEUE_IMMEDIATE = True  # tasks run in memory, at once, when enqueued (after commit)
    DIRECTORY_CACHE_SECONDS = 0  # the version is read on every request: changes show at once
    DIRECTORY_CACHE_URL = None  # each test app its own in-process cache
    HOME_PANEL_SECONDS = 0  # home panels always fresh


class ProductionConfig(Config):
    """Production: a real secret key is required and cookies travel only over HTTPS."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS_SECONDS = 365 * 24 * 3600  # browsers use HTTPS only for a year after one visit
    REFUSE_DEMO_ACCOUNTS = True  # see app/auth/startup.py

    @classmethod
    def check(cls):
        """Refuse to start with a missing or development secret key."""
        key = os.environ.get("SECRET_KEY", "")
        if not key or key == DEV_SECRET or len(key) < 16:
            raise RuntimeError(
                "ProductionConfig needs SECRET_KEY set to a long random value "
                "(e.g. python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        student_key = os.environ.get("STUDENT_ID_KEY", "")
        if not student_key or student_key == DEV_STUDENT_ID_KEY or len(student_key) < 16:
            raise RuntimeError("ProductionConfig needs STUDENT_ID_KEY set to a long random value.")
        check_rate_limit_storage(
            configured_workers(), os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        )


def configured_workers(environ=None):
    """The number of web worker processes the environment configures (gunicorn reads
    WEB_CONCURRENCY; GUNICORN_WORKERS and `-w/--workers` in GUNICORN_CMD_ARGS too), or None."""
    environ = os.environ if environ is None else environ
    for name in ("GUNICORN_WORKERS", "WEB_CONCURRENCY"):
        if environ.get(name, "").strip().isdigit():
            return int(environ[name])
    words = shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))
    for i, word in enumerate(words):
        if word in ("-w", "--workers") and i + 1 < len(words) and words[i + 1].isdigit():
            return int(words[i + 1])
        if word.startswith("--workers=") and word[10:].isdigit():
            return int(word[10:])
    return None


def check_rate_limit_storage(workers, storage_uri):
    """Refuse in-memory sign-in limits with several workers: each process would count alone, so
    an attacker gets the limit once per worker. Unknown worker count: say so loudly."""
    if not storage_uri.startswith("memory://"):
        return
    if workers is not None and workers > 1:
        raise RuntimeError(
            f"{workers} workers are configured but RATELIMIT_STORAGE_URI is memory://: each worker "
            "would count sign-in attempts alone. Set RATELIMIT_STORAGE_URI=redis://HOST:6379."
        )
    if workers is None:
        logging.getLogger("ses").warning(
            "RATELIMIT_STORAGE_URI is memory://: sign-in limits hold only within one process. "
            "With more than one worker set RATELIMIT_STORAGE_URI=redis://HOST:6379."
        )
