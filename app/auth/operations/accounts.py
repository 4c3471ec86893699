"""The first real coordinator account, and the demo accounts a production start refuses.

A real state cannot start from the published demo passwords (README "Demo sign-ins"): the first
coordinator is created from the command line, and a production start refuses while an active
demo account exists.
"""

from sqlalchemy import inspect

from app.admin.operations import create_user
from app.audit import record_change
from app.extensions import db
from app.models import User

# Every demo account (app/demo.py) lives under a "demo." domain; no real address does.
DEMO_EMAIL_MARKER = "@demo."
PASSWORD_MIN = 12  # as the coordinator's user form (app/admin/forms.py)
PASSWORD_MAX = 200


def password_problem(password, email):
    """Why `password` is too weak for an account of `email`, or None. Length and a few obvious
    guesses, as NIST SP 800-63B recommends, rather than composition rules."""
    if len(password) < PASSWORD_MIN:
        return f"The password needs at least {PASSWORD_MIN} characters."
    if len(password) > PASSWORD_MAX:
        return f"The password may have at most {PASSWORD_MAX} characters."
    if len(set(password)) < 5:
        return "The password repeats too few characters."
    lowered = password.lower()
    local = email.split("@")[0].lower()
    if (
        (len(local) >= 4 and local in lowered)
        or "password" in lowered
        or lowered.startswith("demo-")
    ):
        return "The password is too easy to guess (it contains the address, 'password' or 'demo-')."
    return None


def create_coordinator(email, name, password):
    """Create an active coordinator account (audited, actor: the command line)."""
    return create_user(
        {
            "email": email,
            "name": name,
            "roles": ["coordinator"],
            "password": password,
            "active": True,
        },
        actor=None,
    )


def active_demo_accounts():
    """Active accounts with a demo address; [] when the database has no users table yet."""
    if not inspect(db.engine).has_table(User.__tablename__):
        return []
    return db.session.scalars(
        db.select(User)
        .where(User.email.contains(DEMO_EMAIL_MARKER, autoescape=True), User.active.is_(True))
        .order_by(User.email)
    ).all()


def deactivate_demo_accounts():
    """Deactivate every active demo account (audited); return their e-mail addresses."""
    accounts = active_demo_accounts()
    for user in accounts:
        user.active = False
        record_change(
            user,
            "deactivate_demo_account",
            actor=None,
            from_state="active",
            to_state="inactive",
            reason="demo account disabled for production",
        )
    return [user.email for user in accounts]


def refuse_demo_accounts(app):
    """Raise when `app`'s database holds an active demo account (production start)."""
    with app.app_context():
        emails = [user.email for user in active_demo_accounts()]
        db.session.remove()
    if emails:
        raise RuntimeError(
            f"Refusing to start: {len(emails)} demo account(s) with published passwords are active "
            f"({', '.join(emails[:3])}{', ...' if len(emails) > 3 else ''}). With the same "
            "DATABASE_URL run `flask --app app ses disable-demo-accounts` (this check is not "
            "made there), and `flask --app app ses create-coordinator EMAIL` for a real "
            "coordinator."
        )
