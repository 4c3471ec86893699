"""Configuration classes; the environment overrides what a deployment must set.

`create_app(config_class)` takes one of these. Every value a deployment changes is read from the
environment: DATABASE_URL, SECRET_KEY, STUDENT_ID_KEY, MAIL_SERVER, MAIL_PORT, MAIL_USERNAME,
MAIL_PASSWORD, MAIL_USE_TLS, MAIL_SENDER, RATELIMIT_STORAGE_URI, TASK_QUEUE_URL (or REDIS_URL),
SWEEP_HOUR_UTC, SWEEP_MINUTE_UTC, SES_INSTALLATION_ID,
SES_LETTERHEAD.
"""

import json
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

DEV_SECRET = "dev-only-not-secret"
DEV_STUDENT_ID_KEY = "dev-only-student-key"


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
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    DEFAULT_POLICY = os.environ.get("SES_POLICY", "sd-2009")
    # Student ids from districts' outcome uploads are stored only as an HMAC under this key.
    STUDENT_ID_KEY = os.environ.get("STUDENT_ID_KEY", DEV_STUDENT_ID_KEY)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a reviewer may keep a score sheet open all afternoon
    MAX_CONTENT_LENGTH = 60 * 1024 * 1024  # uploads: 100,000 outcome rows fit well under this

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"

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


class DevelopmentConfig(Config):
    """Local development: the SQLite file, debug tooling off by default."""


class TestingConfig(Config):
    """The test suite: an in-memory database unless TEST_DATABASE_URL names another."""

    TESTING = True
    SECRET_KEY = "testing-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    STUDENT_ID_KEY = "testing-student-key"
    RATELIMIT_ENABLED = True
    TASK_QUEUE_IMMEDIATE = True  # tasks run in memory, at once, when enqueued (after commit)


class ProductionConfig(Config):
    """Production: a real secret key is required and cookies travel only over HTTPS."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

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
