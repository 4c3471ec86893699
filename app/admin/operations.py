"""Account operations: create and update users, each recorded in the audit log."""

from app.audit import record_change
from app.extensions import db
from app.models import User
from app.refusals import Refused


def _apply(user, data):
    email = data["email"].strip().lower()
    clash = db.session.scalar(db.select(User).where(User.email == email, User.id != user.id))
    if clash is not None:
        raise Refused(f"Another account already uses {email}.", field="email")
    user.email = email
    user.name = data["name"].strip()
    user.title = (data.get("title") or "").strip() or None
    user.set_roles(data["roles"])
    user.organization_id = data.get("organization_id") if "provider" in data["roles"] else None
    user.district_id = data.get("district_id") if "district" in data["roles"] else None
    user.affiliated_district_id = data.get("affiliated_district_id")
    user.affiliated_organization_id = data.get("affiliated_organization_id")
    user.active = bool(data.get("active", True))
    if data.get("password"):
        user.set_password(data["password"])


def create_user(data, *, actor):
    """Create an account from form data and audit it."""
    user = User(password_hash="")
    _apply(user, data)
    db.session.add(user)
    db.session.flush()
    record_change(
        user,
        "create_user",
        actor=actor,
        to_state=",".join(sorted(user.roles)),
        reason=f"account created for {user.email}",
    )
    return user


def update_user(user, data, *, actor):
    """Change an account's details, roles or password, and audit the role change."""
    before = ",".join(sorted(user.roles))
    _apply(user, data)
    db.session.flush()
    record_change(
        user,
        "update_user",
        actor=actor,
        from_state=before,
        to_state=",".join(sorted(user.roles)),
        reason="account updated" + (" (password reset)" if data.get("password") else ""),
    )
    return user
