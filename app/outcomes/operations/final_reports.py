"""Final reports (004 "Reporting"): "No later than June 15 of each participating year, providers
will submit to the LEA and SD DOE a final written report"; the LEA then submits it to the
Department "no later than June 30". A late report is accepted and marked late; a provider's
missing report is cited by the sweep (app.outcomes.sweep)."""

import hashlib

from app.applications.operations.documents import check_file
from app.audit import record_change
from app.core.dates import long_date
from app.extensions import db
from app.models import Application, ApplicationDistrict, Document, FinalReport, Organization
from app.refusals import Refused


def providers_of_district(district):
    """Organizations ever approved to serve `district` (whose reports the district forwards)."""
    return db.session.scalars(
        db.select(Organization)
        .where(
            Organization.id.in_(
                db.select(Application.organization_id)
                .join(ApplicationDistrict, ApplicationDistrict.application_id == Application.id)
                .where(
                    ApplicationDistrict.district_id == district.id,
                    Application.approved_on.is_not(None),
                )
            )
        )
        .order_by(Organization.name)
    ).all()


def existing_report(organization, program_year, filer, district=None):
    """The report already filed by `filer` for this provider, year (and district), or None."""
    query = db.select(FinalReport).where(
        FinalReport.organization_id == organization.id,
        FinalReport.program_year == program_year,
        FinalReport.filer == filer,
    )
    query = query.where(
        FinalReport.district_id.is_(None)
        if district is None
        else FinalReport.district_id == district.id
    )
    return db.session.scalar(query)


def file_final_report(
    organization, program_year, filename, content, *, filer, actor, today, policy, district=None
):
    """File `filer`'s ("provider" or "district") final report for `organization`'s program year.

    The file is checked like an attachment and stored as a Document (kind final_report); the
    report records its due date from the pack and today's receipt. One report per filer,
    provider, district and year: a second is refused with the first one's date.
    """
    if filer == "district" and district is None:
        raise Refused("A district's final report names its district.", field="organization_id")
    earlier = existing_report(organization, program_year, filer, district)
    if earlier is not None:
        raise Refused(
            f"The final report for {_label(program_year)} was already received "
            f"on {long_date(earlier.received_on)}.",
            field="file",
            conflict=True,
        )
    try:
        content_type = check_file(filename, content)
    except Refused as refused:
        raise Refused(refused.message, field="file") from None
    document = Document(
        kind="final_report",
        filename=filename[-255:],
        content_type=content_type,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by_id=actor.id,
        organization_id=organization.id,
    )
    report = FinalReport(
        organization_id=organization.id,
        program_year=program_year,
        filer=filer,
        district_id=district.id if district else None,
        due_on=policy.final_report_dates(program_year)[filer],
        received_on=today,
        filed_by_id=actor.id,
        document=document,
    )
    db.session.add_all([document, report])
    db.session.flush()
    lateness = " (late)" if report.late else ""
    record_change(
        report,
        "file_final_report",
        actor=actor,
        to_state="received",
        reason=f"{filer} final report for {_label(program_year)} received "
        f"{today.isoformat()}, due {report.due_on.isoformat()}{lateness}",
    )
    return report


def _label(year):
    return f"program year {year}-{(year + 1) % 100:02d}"
