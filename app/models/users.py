"""People who sign in, the roles they hold, and district systems' API tokens."""

import hashlib
import secrets
from contextlib import contextmanager
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String, bindparam, event, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from app.extensions import Model, db
from app.models.types import UTCDateTime, check_in, utcnow

ROLES = ("provider", "reviewer", "coordinator", "committee", "district")
ROLE_LABELS = {
    "provider": "Provider",
    "reviewer": "Reviewer",
    "coordinator": "SES coordinator",
    "committee": "Appeals committee",
    "district": "District coordinator",
}

_hasher = PasswordHasher()
# Verified when no account has the e-mail address given, so that sign-in costs the same time
# whether or not the account exists (the time must not tell which addresses have accounts).
_DUMMY_HASH = _hasher.hash("no account has this password")


class User(UserMixin, Model):
    """A person with an account. Provider users belong to one organization, district users to
    one district (CHECKs below); a user may hold several roles."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lowercase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    # Whom the person represents, whatever their roles (a committee member who works for a
    # district, a reviewer employed by a provider): the appeals committee's neutrality check
    # (002 "Appeals Committee") reads these as well as `district_id`.
    affiliated_district_id: Mapped[int | None] = mapped_column(
        ForeignKey("districts.id"), index=True
    )
    affiliated_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), index=True
    )
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_login_at = mapped_column(UTCDateTime)
    # Stored in the session (get_id) and compared by the user loader: raising it ends every
    # session of the account at once (sign-out, deactivation, a new password).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    organization = relationship(
        "Organization", back_populates="users", foreign_keys=[organization_id]
    )
    district = relationship("District", foreign_keys=[district_id])
    affiliated_district = relationship("District", foreign_keys=[affiliated_district_id])
    affiliated_organization = relationship(
        "Organization", foreign_keys=[affiliated_organization_id]
    )

    @property
    def represented_district_ids(self):
        """Districts the person represents: their district account and their affiliation."""
        return {i for i in (self.district_id, self.affiliated_district_id) if i is not None}

    @property
    def roles(self):
        """The set of role names this user holds."""
        return {row.role for row in self.role_rows}

    def has_role(self, *roles):
        """True when the user holds any of `roles`."""
        return bool(self.roles.intersection(roles))

    def set_roles(self, roles):
        """Replace the user's roles with `roles` (an iterable of names from ROLES)."""
        wanted = set(roles)
        unknown = wanted - set(ROLES)
        if unknown:
            raise ValueError(f"unknown role(s): {', '.join(sorted(unknown))}")
        self.role_rows = [r for r in self.role_rows if r.role in wanted]
        for role in sorted(wanted - self.roles):
            self.role_rows.append(UserRole(role=role))

    def set_password(self, password):
        """Store an argon2 hash of `password` (the password itself is never kept) and end the
        account's sessions: whoever knew the old password is signed out everywhere."""
        self.password_hash = _hasher.hash(password)
        self.end_sessions()

    def check_password(self, password):
        """True when `password` matches the stored hash."""
        return _verify(self.password_hash, password)

    def end_sessions(self):
        """Invalidate every copy of every session of this account (the cookie's version no
        longer matches)."""
        self.session_version = (self.session_version or 1) + 1

    def get_id(self):
        """The session's user id: "<id>:<session version>" (see `load_session_user`)."""
        return f"{self.id}:{self.session_version or 1}"

    @classmethod
    def load_session_user(cls, session_id):
        """The user a session's id names, or None when the id is malformed, the account is
        gone or inactive, or its sessions were ended since the id was issued."""
        user_id, _, version = str(session_id).partition(":")
        if not (user_id.isdigit() and version.isdigit()) or int(user_id) > 2**31 - 1:
            return None
        with _before_the_transaction(db.session):
            rows = db.session.execute(_session_user_query(), {"user_id": int(user_id)})
            user = rows.unique().scalar_one_or_none()
        if user is None or not user.active or str(user.session_version or 1) != version:
            return None
        return user

    @classmethod
    def authenticate(cls, email, password):
        """The active account with `email` (already normalized) and `password`, or None. One
        argon2 verification runs whether or not the account exists."""
        user = db.session.scalar(db.select(cls).where(cls.email == email))
        if user is None:
            _verify(_DUMMY_HASH, password)
            return None
        return user if _verify(user.password_hash, password) and user.active else None

    @property
    def is_active(self):
        """Deactivated accounts cannot sign in (Flask-Login reads this)."""
        return self.active

    def __repr__(self):
        return f"<User {self.email}>"


@cache  # built at first use: the mappers it names must all be defined by then
def _session_user_query():
    """The query of every signed-in request, built once (`session.get` with options builds the
    statement and its cache key anew on each call, a third of loading the user); its roles in
    the same query: one round trip, not two."""
    return select(User).options(joinedload(User.role_rows)).where(User.id == bindparam("user_id"))


@contextmanager
def _before_the_transaction(session):
    """Run the statements of the block on PostgreSQL before the request's transaction begins
    (psycopg's autocommit), when the request has neither run nor staged anything yet.

    Why: psycopg 3 sends BEGIN as a round trip of its own before the first statement, and the
    request's COMMIT is one more; a page whose only database work is loading its user (a home
    page with its figures kept) then pays three round trips for one SELECT. Read on its own, the
    user's SELECT is the page's one round trip, and a request that does nothing more ends with
    no COMMIT to send (psycopg sends none when no transaction is open). The read sees exactly
    what it would see as the transaction's first statement: at READ COMMITTED every statement
    reads what was committed when it started, so the version check stays exact; the request's
    later statements begin its one transaction as before. SQLite sends no BEGIN before a SELECT:
    nothing to save there.
    """
    connection = session.connection()
    if connection.dialect.driver != "psycopg" or session.new or session.dirty or session.deleted:
        yield
        return
    from psycopg import IsolationLevel
    from psycopg.pq import TransactionStatus

    driver = connection.connection.driver_connection
    if (
        driver.autocommit
        or driver.info.transaction_status != TransactionStatus.IDLE  # the transaction began
        or connection.default_isolation_level != "READ COMMITTED"
        or driver.isolation_level not in (None, IsolationLevel.READ_COMMITTED)
    ):
        yield
        return
    driver.autocommit = True
    try:
        with session.no_autoflush:
            yield
    finally:
        if driver.info.transaction_status == TransactionStatus.IDLE:
            driver.autocommit = False  # else the connection is broken and will be discarded


def _verify(password_hash, password):
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@event.listens_for(User.active, "set", active_history=True)
def _deactivation_ends_sessions(user, value, previous, initiator):
    """A deactivated account is signed out everywhere, and stays out if it is reactivated."""
    if previous is True and not value:
        user.end_sessions()


class UserRole(Model):
    """One role held by one user."""

    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(check_in("role", ROLES), name="role_known"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class ApiToken(Model):
    """A bearer token for a district's own system to upload outcome data; only its hash is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    label: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    revoked_at = mapped_column(UTCDateTime)

    district = relationship("District")
    created_by = relationship("User")

    @staticmethod
    def hash_token(token):
        """SHA-256 of a token: tokens are random, so a plain hash is enough to look them up."""
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, district, created_by, label):
        """Create a token row; return (row, plaintext token shown once)."""
        token = secrets.token_urlsafe(32)
        row = cls(
            district=district, created_by=created_by, label=label, token_hash=cls.hash_token(token)
        )
        return row, token
