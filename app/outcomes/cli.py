"""`flask ses import-outcomes FILE --district CODE --year 2009`: a district's outcome data from
the command line, with progress shown, checked whole and stored all or nothing."""

from pathlib import Path

import click

from app.cli import ses

SHOWN_ERRORS = 50


def _district(code, state):
    from app.extensions import db
    from app.models import District

    query = db.select(District).where(District.code == code)
    if state:
        query = query.where(District.state == state.upper())
    found = db.session.scalars(query).all()
    if not found:
        raise click.BadParameter(f"no district with code {code!r}", param_hint="--district")
    if len(found) > 1:
        raise click.BadParameter(
            f"{code!r} names districts in several states; add --state", param_hint="--district"
        )
    return found[0]


def _count_lines(path, chunk_size=1 << 20):
    """Newlines in the file, read a chunk at a time (memory stays flat)."""
    count = 0
    with path.open("rb") as stream:
        while chunk := stream.read(chunk_size):
            count += chunk.count(b"\n")
    return count


class _Progress:
    """Periodic progress lines: rows read, then rows stored."""

    def __init__(self, total_hint):
        self.total_hint = total_hint

    def __call__(self, stage, count):
        click.echo(
            f"  {stage} {count:,} rows" + (f" of {self.total_hint:,}" if self.total_hint else ""),
            err=True,
        )


@ses.command("import-outcomes")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--district", "district_code", required=True, help="The district's code.")
@click.option(
    "--year",
    "program_year",
    required=True,
    type=int,
    help="The program year, by the year it starts in (2009 = 2009-10).",
)
@click.option("--state", default=None, help="The district's state, when its code is ambiguous.")
def import_outcomes(file, district_code, program_year, state):
    """Import FILE (CSV, UTF-8) as DISTRICT's outcome data for the program year."""
    from app.clock import today
    from app.extensions import db
    from app.outcomes.operations import import_outcome_csv, program_year_allowed

    district = _district(district_code, state)
    if not program_year_allowed(program_year, today()):
        raise click.BadParameter(
            f"{program_year} is not a program year we take data for", param_hint="--year"
        )
    lines = _count_lines(file)
    click.echo(
        f"Checking {file.name} ({lines:,} lines) for {district.label}, program year "
        f"{program_year}-{(program_year + 1) % 100:02d}...",
        err=True,
    )
    with file.open("rb") as stream:
        report = import_outcome_csv(
            district,
            program_year,
            stream,
            filename=file.name,
            source="cli",
            actor=None,
            progress=_Progress(max(lines - 1, 0)),
        )
    if not report.ok:
        db.session.rollback()
        for error in report.checked.errors[:SHOWN_ERRORS]:
            click.echo(f"line {error.line}, {error.column}: {error.message}")
        more = report.checked.error_count - min(SHOWN_ERRORS, len(report.checked.errors))
        if more > 0:
            click.echo(f"... and {more:,} more.")
        raise click.ClickException(f"{report.checked.error_count:,} error(s); nothing imported.")
    db.session.commit()
    replaced = (
        f" (replaced the earlier upload of {report.replaced_rows:,} rows)"
        if report.replaced_rows is not None
        else ""
    )
    click.echo(f"Imported {report.upload.row_count:,} rows{replaced}.")
