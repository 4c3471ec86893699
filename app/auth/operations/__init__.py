"""Signing in and out: credentials checked in constant work, sessions ended server-side."""

from app.models import User
from app.models.types import utcnow


def normalize_email(email):
    """The form in which e-mail addresses are stored and compared (trimmed, lower case)."""
    return (email or "").strip().lower()


def sign_in(email, password):
    """The active account matching `email` and `password` (its last sign-in noted), or None.
    Costs one argon2 verification whether or not the account exists."""
    user = User.authenticate(normalize_email(email), password)
    if user is not None:
        user.last_login_at = utcnow()
    return user


def sign_out(user):
    """End every session of `user`: a copy of the cookie kept elsewhere no longer signs in."""
    user.end_sessions()
