"""The public effectiveness report: a page and its CSV, open to everyone (no student-level data;
small cells suppressed in app/outcomes/queries/public_report.py)."""

from flask import Response, render_template, request

from app import clock
from app.outcomes.queries.public_report import (
    FEWER,
    HIDDEN,
    public_report,
    public_report_csv,
    report_years,
)
from app.reports import bp


def _year():
    """The program year asked for (?year=2009), or None for every year; nonsense is ignored."""
    year = request.args.get("year", type=int)
    return year if year is not None and 1900 <= year <= 2999 else None


@bp.route("/effectiveness")
def effectiveness():
    """Per provider, program year and subject: completers, share improved, determination."""
    year = _year()
    return render_template(
        "reports/effectiveness.html",
        groups=public_report(year),
        year=year,
        years=report_years(),
        fewer=FEWER,
        hidden=HIDDEN,
    )


@bp.route("/effectiveness.csv")
def effectiveness_csv():
    """The same report as CSV."""
    name = f"ses-effectiveness-report-{clock.today().isoformat()}.csv"
    return Response(
        public_report_csv(public_report(_year())),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
