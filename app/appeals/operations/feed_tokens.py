"""Secret calendar-feed addresses: calendar programs cannot sign in, so a coordinator may make a
private address for the deadlines feed. Only the token's SHA-256 is stored; making a new one
replaces (and so revokes) the old one, and the feed stops answering once the user is no longer
an active coordinator."""

import hashlib
import secrets

from app.appeals.permissions import can_view_deadlines
from app.audit import record_change
from app.extensions import db
from app.models import DeadlineFeedToken


def _hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_feed_token(user):
    """Make a new secret feed token for `user` (replacing any earlier one); return the
    plaintext, shown once."""
    token = secrets.token_urlsafe(32)
    row = db.session.scalar(
        db.select(DeadlineFeedToken).where(DeadlineFeedToken.user_id == user.id)
    )
    if row is None:
        row = DeadlineFeedToken(user_id=user.id, token_hash=_hash(token))
        db.session.add(row)
    else:
        row.token_hash = _hash(token)
    db.session.flush()
    record_change(row, "issue_feed_token", actor=user, reason="Deadlines calendar address made")
    return token


def feed_user(token):
    """The coordinator a feed token belongs to, or None (unknown token, or no longer allowed)."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(
        db.select(DeadlineFeedToken).where(DeadlineFeedToken.token_hash == _hash(token))
    )
    if row is None or not can_view_deadlines(row.user):
        return None
    return row.user
