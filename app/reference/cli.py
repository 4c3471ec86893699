"""`flask ses import-reference FILE --state SD` and `flask ses import-providers FILE --state SD
[--cycle ID]`: the coordinator pages' imports from the command line, checked whole and stored all
or nothing; problems are printed by line and column and the command fails."""

from pathlib import Path

import click

from app.cli import ses

SHOWN_ERRORS = 50


def _state(value):
    from app.reference.operations.checks import states

    state = value.upper()
    if state not in states():
        raise click.BadParameter(
            f"{value!r} is not a state of the installed policy packs ({', '.join(states())})",
            param_hint="--state",
        )
    return state


def _finish(outcome, file, done):
    """Commit and print `done`, or roll back and print the problems (exit status 1)."""
    from app.extensions import db

    if outcome.error_count:
        db.session.rollback()
        click.echo(
            f"Nothing was imported: {outcome.error_count} problem(s) in {file.name}.", err=True
        )
        for error in outcome.errors[:SHOWN_ERRORS]:
            click.echo(f"  line {error.line}, {error.column}: {error.message}", err=True)
        if outcome.error_count > SHOWN_ERRORS:
            click.echo(f"  ... and {outcome.error_count - SHOWN_ERRORS} more.", err=True)
        raise SystemExit(1)
    db.session.commit()
    click.echo(done)


@ses.command("import-reference")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", required=True, help="The state the districts belong to, e.g. SD.")
def import_reference(file, state):
    """Import districts, schools, contacts and yearly statuses from FILE (CSV or XLSX)."""
    from app.reference.operations.importing import import_reference_file

    state = _state(state)
    outcome = import_reference_file(state, file.name, file.read_bytes(), actor=None)
    _finish(
        outcome, file, f"{outcome.added} district(s) added, {outcome.updated} updated for {state}."
    )


@ses.command("import-providers")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--state", required=True, help="The state of the list, e.g. SD.")
@click.option(
    "--cycle",
    "cycle_id",
    type=int,
    default=None,
    help="Put the approvals in this cycle (default: the state's imported cycle).",
)
def import_providers(file, state, cycle_id):
    """Import the state's existing approved-provider list from FILE (CSV or XLSX)."""
    from flask import current_app

    from app.clock import today
    from app.extensions import db
    from app.models import Cycle
    from app.reference.operations.providers import import_provider_file, pack_for_state
    from app.refusals import Refused

    state = _state(state)
    policy = pack_for_state(state, current_app.config["DEFAULT_POLICY"])
    cycle = db.session.get(Cycle, cycle_id) if cycle_id is not None else None
    if cycle_id is not None and cycle is None:
        raise click.BadParameter(f"no cycle with id {cycle_id}", param_hint="--cycle")
    try:
        outcome = import_provider_file(
            state,
            file.name,
            file.read_bytes(),
            policy=policy,
            cycle=cycle,
            actor=None,
            today=today(policy),
        )
    except Refused as refusal:
        raise click.ClickException(refusal.message) from refusal
    _finish(outcome, file, f"{outcome.added} approved provider(s) imported for {state}.")
