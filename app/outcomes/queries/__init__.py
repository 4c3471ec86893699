"""Read-only queries behind the outcomes pages (counts are GROUP BYs in the database)."""

from sqlalchemy import func

from app.core.permissions import is_coordinator
from app.extensions import db
from app.models import (
    Application,
    ApplicationDistrict,
    District,
    EffectivenessResult,
    FinalReport,
    Organization,
    OutcomeRecord,
    OutcomeUpload,
    OutcomeUploadJob,
    RemovalCase,
)
from app.outcomes.queries.evaluation import breakdown


def visible_uploads(user):
    """Uploads the user may see: every district's (coordinator) or the user's district's."""
    query = (
        db.select(OutcomeUpload)
        .join(District, OutcomeUpload.district_id == District.id)
        .order_by(OutcomeUpload.program_year.desc(), District.name)
    )
    if not is_coordinator(user):
        query = query.where(OutcomeUpload.district_id == user.district_id)
    return db.session.scalars(query).all()


def recent_jobs(user, limit=10):
    """The latest background uploads the user may see, newest first."""
    query = db.select(OutcomeUploadJob).order_by(OutcomeUploadJob.id.desc()).limit(limit)
    if not is_coordinator(user):
        query = query.where(OutcomeUploadJob.district_id == user.district_id)
    return db.session.scalars(query).all()


def last_reporting_year(policy, today):
    """The latest program year whose district report date (June 30: 004 "Reporting") has
    passed by `today`, and that date; (None, None) before any."""
    year = policy.program_year_of(today)
    for candidate in (year, year - 1):
        due = policy.final_report_dates(candidate).get("district")
        if due is not None and today > due:
            return candidate, due
    return None, None


def districts_not_reported(policy, today):
    """(program year, due date, [districts]): the districts served by a provider approved in
    the latest program year whose report date has passed, that have neither uploaded data
    nor reported "no SES students" for it. One query."""
    year, due = last_reporting_year(policy, today)
    if year is None:
        return None, None, []
    start, end = policy.program_year_start_date(year), policy.program_year_start_date(year + 1)
    reported = db.select(OutcomeUpload.id).where(
        OutcomeUpload.district_id == District.id, OutcomeUpload.program_year == year
    )
    served = (
        db.select(ApplicationDistrict.district_id)
        .join(Application, ApplicationDistrict.application_id == Application.id)
        .where(
            Application.approved_on.is_not(None),
            Application.approved_on < end,
            Application.term_ends_on >= start,
        )
    )
    districts = db.session.scalars(
        db.select(District)
        .where(District.id.in_(served), ~reported.exists(), District.state == policy.state)
        .order_by(District.name)
    ).all()
    return year, due, districts


def upload_counts(upload):
    """[(provider name, subject, status, hours_completion, students)] of one upload."""
    return db.session.execute(
        db.select(
            Organization.name,
            OutcomeRecord.subject,
            OutcomeRecord.status,
            OutcomeRecord.hours_completion,
            func.count(),
        )
        .join(Organization, OutcomeRecord.organization_id == Organization.id)
        .where(OutcomeRecord.upload_id == upload.id)
        .group_by(
            Organization.name,
            OutcomeRecord.subject,
            OutcomeRecord.status,
            OutcomeRecord.hours_completion,
        )
        .order_by(
            Organization.name,
            OutcomeRecord.subject,
            OutcomeRecord.status,
            OutcomeRecord.hours_completion,
        )
    ).all()


def effectiveness_overview():
    """[(organization, [results by subject then year])] for every provider with results."""
    results = db.session.scalars(
        db.select(EffectivenessResult)
        .join(Organization)
        .order_by(Organization.name, EffectivenessResult.subject, EffectivenessResult.program_year)
    ).all()
    grouped: dict[Organization, list[EffectivenessResult]] = {}
    for result in results:
        grouped.setdefault(result.organization, []).append(result)
    return list(grouped.items())


def provider_evaluation(organization):
    """Everything behind one provider's determinations: results, counts by district, by hours
    completion and by achievement, its final reports and its removal cases."""
    results = db.session.scalars(
        db.select(EffectivenessResult)
        .where(EffectivenessResult.organization_id == organization.id)
        .order_by(EffectivenessResult.subject, EffectivenessResult.program_year)
    ).all()
    districts = dict(db.session.execute(db.select(District.id, District.name)).all())
    by_district = {
        key: {districts.get(d, d): n for d, n in counts.items()}
        for key, counts in breakdown(organization.id, OutcomeRecord.district_id).items()
    }
    reports = db.session.scalars(
        db.select(FinalReport)
        .where(FinalReport.organization_id == organization.id)
        .order_by(FinalReport.program_year.desc(), FinalReport.filer)
    ).all()
    cases = db.session.scalars(
        db.select(RemovalCase)
        .join(Application, RemovalCase.application_id == Application.id)
        .where(Application.organization_id == organization.id)
        .order_by(RemovalCase.opened_on.desc())
    ).all()
    keys = sorted(set(by_district) | {(r.subject, r.program_year) for r in results})
    return {
        "results": results,
        "keys": keys,
        "by_district": by_district,
        "by_hours": breakdown(organization.id, OutcomeRecord.hours_completion),
        "by_achievement": breakdown(organization.id, OutcomeRecord.achievement),
        "reports": reports,
        "cases": cases,
    }


def final_reports_for(user):
    """Final reports the user may see: all (coordinator), the organization's own, the
    district's own (a district's report holds student ids: never shown to providers)."""
    query = db.select(FinalReport).order_by(
        FinalReport.program_year.desc(), FinalReport.received_on.desc()
    )
    if is_coordinator(user):
        return db.session.scalars(query).all()
    mine = []
    if user.has_role("provider") and user.organization_id is not None:
        mine.append(
            (FinalReport.organization_id == user.organization_id)
            & (FinalReport.filer == "provider")
        )
    if user.has_role("district") and user.district_id is not None:
        mine.append(FinalReport.district_id == user.district_id)
    return db.session.scalars(query.where(db.or_(*mine))).all() if mine else []
