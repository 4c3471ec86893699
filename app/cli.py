"""`flask ses ...`: thin commands over the rules engine and the operations."""

from datetime import date

import click
from flask.cli import AppGroup

ses = AppGroup("ses", help="SES provider approval: rules, demo data and the daily sweep.")

# Areas add their own commands to `ses` in `app/<area>/cli.py` (imported at the end). Every
# listed module must exist (an import error fails loudly) and every area's cli.py must be listed
# (tests/app/test_cli_rules.py checks both).
AREA_COMMANDS = ("app.auth.cli", "app.outcomes.cli", "app.reference.cli", "app.directory.cli")


def _parse_date(value, name):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date like 2009-07-02", param_hint=name
        ) from None


def _policy(code):
    from workflows.policy import PolicyError, load_policy

    try:
        return load_policy(code)
    except PolicyError as error:
        raise click.ClickException(str(error)) from error


@ses.command("due-date")
@click.argument("pack")
@click.argument("rule")
@click.argument("start")
def due_date(pack, rule, start):
    """Print the due date of RULE in PACK counted from START (YYYY-MM-DD)."""
    from workflows.policy import PolicyError

    policy = _policy(pack)
    try:
        click.echo(policy.due_date(rule, _parse_date(start, "START")).isoformat())
    except PolicyError as error:
        raise click.ClickException(str(error)) from error


@ses.command("working-days")
@click.argument("pack")
@click.argument("start")
@click.argument("end")
def working_days(pack, start, end):
    """Print the working days after START up to and including END in PACK's state."""
    policy = _policy(pack)
    first, last = _parse_date(start, "START"), _parse_date(end, "END")
    click.echo(str(policy.calendar.working_days_between(first, last)))


@ses.command("policy")
@click.argument("pack")
def show_policy(pack):
    """Print PACK's values and deadline rules as a table."""
    rows = _policy(pack).describe()
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        click.echo(f"{name.ljust(width)}  {value}")


@ses.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no accounts yet.")
def seed_demo(if_empty):
    """Load the SD 2009 demo cycle, districts, users and applications (idempotent)."""
    from app.demo import seed
    from app.extensions import db
    from app.models import User

    if if_empty and db.session.scalar(db.select(User.id).limit(1)) is not None:
        click.echo("The database already has accounts; demo data not loaded.")
        return

    for line in seed():
        click.echo(line)


@ses.command("sweep")
@click.option("--today", "today_text", required=True, help="The day to run for (YYYY-MM-DD).")
def sweep(today_text):
    """Make the time-driven moves due on --today (idempotent)."""
    from app.sweep import run_sweep

    lines = run_sweep(_parse_date(today_text, "--today"))
    for line in lines:
        click.echo(line)
    click.echo(f"{len(lines)} change(s).")


@ses.command("worker")
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 32),
    help="Threads running tasks (e-mail waits on the network, not the CPU).",
)
@click.option(
    "--no-periodic",
    is_flag=True,
    help="Do not run the periodic tasks here (redelivery, daily sweep).",
)
def worker(workers, no_periodic):
    """Run the task queue's worker: e-mails letters after commit, retries failed deliveries,
    re-enqueues undelivered letters and runs the daily sweep (app/tasks.py)."""
    import logging

    from flask import current_app

    from app.tasks import bind_app, huey

    if huey.immediate:
        raise click.ClickException(
            "This configuration runs tasks immediately (testing); there is no queue to work."
        )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # Flask types current_app as the Flask object, not the proxy that has _get_current_object.
    bind_app(current_app._get_current_object())  # type: ignore[attr-defined]
    click.echo(f"Worker on {type(huey.storage).__name__} with {workers} thread(s).")
    huey.create_consumer(workers=workers, worker_type="thread", periodic=not no_periodic).run()


def _load_area_commands():
    import importlib

    for name in AREA_COMMANDS:
        importlib.import_module(name)


_load_area_commands()
