"""Bearer tokens with which a district's own system uploads outcome data. The token is shown
once when issued; only its SHA-256 is kept (app.models.users.ApiToken)."""

from app.audit import record_change
from app.extensions import db
from app.models import ApiToken
from app.models.types import utcnow


def issue_token(district, label, *, actor):
    """Issue a token for `district`; return (row, plaintext token to show once)."""
    row, token = ApiToken.issue(district, actor, label.strip())
    db.session.add(row)
    db.session.flush()
    record_change(
        row,
        "issue_api_token",
        actor=actor,
        to_state="active",
        reason=f"for {district.label}: {row.label}",
    )
    return row, token


def revoke_token(row, *, actor):
    """Revoke a token (it stops working at once); revoking twice changes nothing."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    record_change(row, "revoke_api_token", actor=actor, from_state="active", to_state="revoked")
    return True


def token_from_header(header):
    """The active ApiToken named by an `Authorization: Bearer <token>` header, or None."""
    scheme, _, token = (header or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    row = db.session.scalar(
        db.select(ApiToken).where(ApiToken.token_hash == ApiToken.hash_token(token))
    )
    if row is None or row.revoked_at is not None:
        return None
    return row


def tokens_for(districts_ids=None):
    """Tokens, newest first; only those of `districts_ids` when given."""
    query = db.select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if districts_ids is not None:
        query = query.where(ApiToken.district_id.in_(districts_ids))
    return db.session.scalars(query).all()
