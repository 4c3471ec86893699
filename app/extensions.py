"""Extensions, created unbound and bound to the application in `create_app`."""

import time
from typing import TYPE_CHECKING, ClassVar

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, Table, event, exc
from sqlalchemy.orm import DeclarativeBase

# Named constraints make migrations reproducible and downgrades possible on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:
        # SQLAlchemy types `__table__` as any FromClause; every model here maps one Table.
        __table__: ClassVar[Table]


db = SQLAlchemy(model_class=Base)

# The base every model subclasses. At run time it is `db.Model` (Flask-SQLAlchemy's subclass of
# `Base`, which registers the models with `db`); mypy cannot see through that dynamically built
# class, so the type checker is shown `Base`, which carries the same metadata and mapping.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
api = Api()


def ping_after_idle(engine, idle_seconds):
    """Check a pooled connection before use only when it has been idle `idle_seconds` or more;
    a dead one is replaced, with every connection made before it (the server restarted).

    Why not `pool_pre_ping`: it pings on every checkout, one round trip per request, and a
    signed-in page needs only its user's SELECT. A connection returned less than a second ago
    was alive then; for it to fail now the server must have restarted and come back within that
    second. Then its first statement fails, SQLAlchemy sees the disconnect and replaces every
    pooled connection (invalidation on disconnect errors), and only that request fails; an idle
    connection (a quiet hour, a dropped TCP session, a restart while no one was working) is
    checked exactly as `pool_pre_ping` checks it.
    """

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, record):
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection, record, proxy):
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < idle_seconds:
            return  # just connected, or in use a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards it (and every older connection) and connects again.
            raise exc.InvalidatePoolError() from error
