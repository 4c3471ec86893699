"""The Flask application: `create_app(config_class)` builds it."""

import logging
import os

from flask import Flask

from config import BASE_DIR, DevelopmentConfig


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
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    from app import errors, templating

    errors.register(app)
    templating.register(app)
    logging.getLogger("ses").setLevel(logging.INFO)
    return app


def _init_extensions(app):
    """Bind the unbound extensions to `app`."""
    from app import models  # noqa: F401  (complete metadata before Migrate sees it)
    from app.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id):
        from app.models import User

        if not str(user_id).isdigit():
            return None
        return db.session.get(User, int(user_id))


def _register_blueprints(app):
    """One blueprint per area."""
    from app.admin import bp as admin_bp
    from app.applications import bp as applications_bp
    from app.auth import bp as auth_bp
    from app.main import bp as main_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(applications_bp)


def _register_cli(app):
    """The `flask ses ...` commands."""
    from app.cli import ses

    app.cli.add_command(ses)
