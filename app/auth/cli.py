"""`flask ses create-coordinator EMAIL` and `flask ses disable-demo-accounts`."""

import click

from app.cli import ses


def _new_password(email):
    """Prompt twice (hidden) until the password is strong enough."""
    from app.auth.operations.accounts import password_problem

    while True:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        problem = password_problem(password, email)
        if problem is None:
            return password
        click.echo(problem, err=True)


@ses.command("create-coordinator")
@click.argument("email")
@click.option("--name", prompt="Full name", help="The coordinator's full name.")
def create_coordinator_command(email, name):
    """Create the SES coordinator account EMAIL (password prompted twice)."""
    from email_validator import EmailNotValidError, validate_email

    from app.auth.operations import normalize_email
    from app.auth.operations.accounts import create_coordinator
    from app.extensions import db
    from app.refusals import Refused

    email = normalize_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from error
    name = name.strip()
    if not name or len(name) > 200:
        raise click.BadParameter("give a name of 1 to 200 characters", param_hint="--name")
    password = _new_password(email)
    try:
        create_coordinator(email, name, password)
    except Refused as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Coordinator {email} created; sign in at /auth/login.")


@ses.command("disable-demo-accounts")
def disable_demo_accounts_command():
    """Deactivate the demo accounts (their passwords are published) before going live."""
    from app.auth.operations.accounts import deactivate_demo_accounts
    from app.extensions import db

    emails = deactivate_demo_accounts()
    db.session.commit()
    click.echo(f"{len(emails)} demo account(s) deactivated.")
