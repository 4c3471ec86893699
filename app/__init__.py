"""The Flask application: `create_app(config_class)` builds it."""

import logging
import os

from flask import Flask
from werkzeug.routing import IntegerConverter

from config import BASE_DIR, DevelopmentConfig


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` limited to the range of a database integer id."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(config_class=DevelopmentConfig):
    """Build the application with `config_class` (a class from config.py)."""
    check = getattr(config_class, "check", None)
    if check is not None:
        check()
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        instance_path=str(BASE_DIR / "instance"),
    )
    app.config.from_object(config_class)
    # Record ids are 32-bit integers in PostgreSQL: a larger number in a URL is simply not found
    # (404), never an overflow error from the database.
    app.url_map.converters["int"] = BoundedIntConverter
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    if app.config.get("PROXY_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Trust exactly PROXY_HOPS proxies' X-Forwarded-For/-Proto/-Host: the client address
        # the sign-in limits count by is then the real client's, not the proxy's.
        hops = app.config["PROXY_HOPS"]
        # Replacing wsgi_app is Flask's documented way to add middleware; its type is a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    from app import boundary, errors, headers, i18n, inputs, tasks, templating

    tasks.register(app)

    errors.register(app)
    headers.register(app)
    inputs.register(app)
    templating.register(app)
    i18n.register(app)
    boundary.register(app)  # last: its commit runs before the other after-request hooks
    logging.getLogger("ses").setLevel(logging.INFO)
    if app.config.get("REFUSE_DEMO_ACCOUNTS"):
        from app.auth.operations.accounts import refuse_demo_accounts

        refuse_demo_accounts(app)
    return app


def _init_extensions(app):
    """Bind the unbound extensions to `app`."""
    from app import models  # noqa: F401  (complete metadata before Migrate sees it)
    from app.extensions import csrf, db, limiter, login_manager, migrate, ping_after_idle

    db.init_app(app)
    with app.app_context():
        ping_after_idle(db.engine, app.config["DATABASE_PING_AFTER_IDLE_SECONDS"])
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    # Sessions are ended server-side (User.session_version), so Flask-Login's "strong"
    # protection, which signs a user out whenever the client address changes (a phone moving
    # between networks, a proxy pool), is not needed; its default "basic" mode stays.

    @login_manager.user_loader
    def load_user(session_id):
        from app.models import User

        return User.load_session_user(session_id)


# Blueprint packages and their URL prefixes; a package may also export `api_blp`, a
# flask-smorest blueprint registered on the JSON API (documented at /api/openapi.json).
BLUEPRINTS = (
    ("main", None),
    ("auth", "/auth"),
    ("admin", "/admin"),
    ("applications", None),
    ("reviews", "/review"),
    ("letters", "/letters"),
    ("directory", "/directory"),
    ("monitoring", "/monitoring"),
    ("outcomes", "/outcomes"),
    ("appeals", "/appeals"),
    ("reports", "/reports"),
    ("reference", "/reference"),
)


def _register_blueprints(app):
    """One blueprint per area, plus the JSON API."""
    import importlib

    from app.errors import ApiErrorSchema
    from app.extensions import api

    api.ERROR_SCHEMA = ApiErrorSchema  # documented as app/errors.py answers every API error
    api.init_app(app)
    for name, prefix in BLUEPRINTS:
        package = importlib.import_module(f"app.{name}")
        app.register_blueprint(package.bp, url_prefix=prefix)
        if hasattr(package, "api_blp"):
            api.register_blueprint(package.api_blp)


def _register_cli(app):
    """The `flask ses ...` commands."""
    from app.cli import ses

    app.cli.add_command(ses)
