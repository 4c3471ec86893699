"""Browser-test fixtures: the application served on 127.0.0.1 in a background thread, and
Debian's Chromium driven by Playwright (never `playwright install`: `make browser` installs
Debian's chromium package).

    def test_something(live_server, page, make_org):
        with live_server.app_context():          # seed through the app, before the browser
            org_id = make_org("Acme").id          # (the tests/conftest.py factories work here)
        page.goto(live_server.url + "/directory/")

`live_server.seed(fn, *args)` runs `fn` in the live app's context and commits; `live_server.app`
is the served application (e.g. `live_server.app.config["FIXED_TODAY"] = "2009-07-20"`).
The database is an SQLite file in tmp_path, or a scratch PostgreSQL database beside
TEST_DATABASE_URL (created and dropped per test) when that is set.
"""

import contextlib
import os
import threading

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from config import TestingConfig
from tests.dbutil import IS_POSTGRES, create_scratch_database, drop_scratch_database

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class LiveServer:
    """A running server: `.url` (no trailing slash), `.app`, `.seed()`, `.app_context()`."""

    def __init__(self, app, url):
        self.app = app
        self.url = url

    @contextlib.contextmanager
    def app_context(self):
        """The live app's context: records made here land in the served database (committed
        on a clean exit)."""
        with self.app.app_context():
            yield self.app
            db.session.commit()
            db.session.remove()

    def seed(self, fn, *args, **kwargs):
        """Run `fn(*args, **kwargs)` in the live app's context, commit, return its result."""
        with self.app_context():
            return fn(*args, **kwargs)


def _live_config(url):
    return type(
        "LiveConfig",
        (TestingConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,  # one browser signs in many times in a few seconds
        },
    )


@pytest.fixture
def live_server(tmp_path):
    """The application on 127.0.0.1:<free port>, served by a background thread."""
    url = (
        create_scratch_database("ses_live")
        if IS_POSTGRES
        else f"sqlite:///{tmp_path / 'live.sqlite3'}"
    )
    app = create_app(_live_config(url))
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if IS_POSTGRES:
            drop_scratch_database(url)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, headless, kept for the whole session."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    """A fresh browser tab (own cookies) with a 10-second timeout for every step."""
    context = browser.new_context(locale="en-US", timezone_id="America/Chicago")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
