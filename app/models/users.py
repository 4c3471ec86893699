"""People who sign in, the roles they hold, and district systems' API tokens."""

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
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


class User(UserMixin, db.Model):
    """A person with an account. Provider users belong to one organization, district users to
    one district (CHECKs below); a user may hold several roles."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

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
        ForeignKey("districts.id"), index=True)
    affiliated_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id"), index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_login_at = mapped_column(UTCDateTime)

    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    organization = relationship("Organization", back_populates="users",
                                foreign_keys=[organization_id])
    district = relationship("District", foreign_keys=[district_id])
    affiliated_district = relationship("District", foreign_keys=[affiliated_district_id])
    affiliated_organization = relationship("Organization",
                                           foreign_keys=[affiliated_organization_id])

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
        """Store an argon2 hash of `password`; the password itself is never kept."""
        self.password_hash = _hasher.hash(password)

    def check_password(self, password):
        """True when `password` matches the stored hash."""
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    @property
    def is_active(self):
        """Deactivated accounts cannot sign in (Flask-Login reads this)."""
        return self.active

    def __repr__(self):
        return f"<User {self.email}>"


class UserRole(db.Model):
    """One role held by one user."""

    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(check_in("role", ROLES), name="role_known"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class ApiToken(db.Model):
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
        row = cls(district=district, created_by=created_by, label=label,
                  token_hash=cls.hash_token(token))
        return row, token
