"""Effectiveness pages (coordinator) and final reports (providers and districts file theirs)."""

from io import BytesIO

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from app.boundary import refuse
from app.clock import today
from app.core.loading import load_for
from app.core.policy import default_policy
from app.extensions import db
from app.models import FinalReport, Organization
from app.outcomes import bp
from app.outcomes.forms import FinalReportForm
from app.outcomes.operations.final_reports import file_final_report, providers_of_district
from app.outcomes.permissions import (
    can_file_final_report,
    can_list_final_reports,
    can_view_effectiveness,
    can_view_final_report,
)
from app.outcomes.queries import effectiveness_overview, final_reports_for, provider_evaluation
from app.refusals import Refused


@bp.route("/effectiveness")
def effectiveness():
    """Each provider's determinations by subject and program year."""
    if not can_view_effectiveness(current_user):
        abort(403)
    return render_template("outcomes/effectiveness.html", providers=effectiveness_overview())


@bp.route("/effectiveness/<int:org_id>")
def provider_effectiveness(org_id):
    """One provider's years, statuses and the data behind them."""
    organization = load_for(
        current_user, Organization, org_id, lambda user, _: can_view_effectiveness(user)
    )
    case_endpoint = next(
        (e for e in ("appeals.case", "appeals.removal_case") if e in current_app.view_functions),
        None,
    )
    return render_template(
        "outcomes/provider.html",
        organization=organization,
        case_endpoint=case_endpoint,
        **provider_evaluation(organization),
    )


def _report_form():
    """The filing form: district users choose the provider the report is about."""
    as_district = not current_user.has_role("provider") or current_user.organization_id is None
    providers = providers_of_district(current_user.district) if as_district else []
    return FinalReportForm(
        providers=providers,
        choose_provider=as_district,
        current_year=default_policy().program_year_of(today()),
    ), as_district


@bp.route("/final-reports", methods=["GET", "POST"])
def final_reports():
    """The user's final reports, and filing one (late ones accepted and marked late)."""
    if not can_list_final_reports(current_user):
        abort(403)
    form, as_district = _report_form() if can_file_final_report(current_user) else (None, False)
    status = 200
    if form is not None and form.validate_on_submit():
        organization = (
            db.get_or_404(Organization, form.organization_id.data)
            if as_district
            else current_user.organization
        )
        try:
            report = file_final_report(
                organization,
                form.program_year.data,
                form.file.data.filename or "report",
                form.file.data.read(),
                filer="district" if as_district else "provider",
                district=current_user.district if as_district else None,
                actor=current_user,
                today=today(),
                policy=default_policy(),
            )
        except Refused as refused:
            status = refuse(refused, form)
        else:
            flash(f"Final report received{' (late)' if report.late else ''}.", "success")
            return redirect(url_for("outcomes.final_reports"))
    return render_template(
        "outcomes/final_reports.html", form=form, reports=final_reports_for(current_user)
    ), status


@bp.route("/final-reports/<int:report_id>/document")
def final_report_document(report_id):
    """Download a final report's file."""
    report = load_for(current_user, FinalReport, report_id, can_view_final_report)
    if report.document is None:
        abort(404)
    return send_file(
        BytesIO(report.document.content),
        mimetype=report.document.content_type,
        as_attachment=True,
        download_name=report.document.filename,
    )
