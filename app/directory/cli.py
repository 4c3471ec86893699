"""`flask ses rebuild-directory`: rebuild the directory tables from the records (after the
migration that creates them, or a bulk load that wrote applications without the session)."""

import click

from app.cli import ses


@ses.command("rebuild-directory")
def rebuild_directory_command():
    """Rebuild the public directory's listings from the approved applications."""
    from app.directory.operations import rebuild_directory
    from app.extensions import db

    listed = rebuild_directory()
    db.session.commit()
    click.echo(f"{listed} provider(s) listed.")
