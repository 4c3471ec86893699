"""Who may be a provider and who may apply: the reasons a registration or an application is
refused, in sentences that cite their source.

* 004 "Eligible Service Providers": "if a district has been identified for improvement, the
  district cannot be a supplemental service provider"; "if a public school is identified for
  school improvement, corrective action, or restructuring, the school cannot be an approved
  supplemental service provider". A school making AYP in a district in improvement may apply.
* 003 "Debarment Certification" (E.O. 12549): a debarred or suspended organization cannot be
  approved, so it cannot start or submit an application.

The status is the one recorded for the cycle's program year (app/models/reference.py): the
program year in which the cycle opens, i.e. the list current while providers apply (004's 2009
RFP prints "the current 2008-09 School Improvement schools"). Without a cycle (registration), or
without a status recorded for that year, the district's and school's own current flags apply.
"""

from app.extensions import db
from app.models import DistrictYearStatus, SchoolYearStatus
from workflows.policy import load_policy

SOURCE = '004 "Eligible Service Providers"'
STATUS_PHRASES = {
    "improvement": "school improvement",
    "corrective_action": "corrective action",
    "restructuring": "restructuring",
}


def year_label(program_year):
    """'2008-09'."""
    return f"{program_year}-{(program_year + 1) % 100:02d}"


def cycle_program_year(cycle):
    """The program year whose improvement list judges applicants to `cycle`."""
    return load_policy(cycle.policy_code).program_year_of(cycle.opens_on)


def _recorded(model, owner_column, owner_id, program_year):
    if program_year is None:
        return None
    return db.session.scalar(
        db.select(model.status).where(owner_column == owner_id, model.program_year == program_year)
    )


def district_status(district, program_year=None):
    """'none' | 'improvement' | ... for `district` in `program_year` (its flag if unrecorded)."""
    recorded = _recorded(
        DistrictYearStatus, DistrictYearStatus.district_id, district.id, program_year
    )
    if recorded is not None:
        return recorded
    return "improvement" if district.in_improvement else "none"


def school_status(school, program_year=None):
    """The school's status in `program_year` (its current status if unrecorded)."""
    recorded = _recorded(SchoolYearStatus, SchoolYearStatus.school_id, school.id, program_year)
    return recorded if recorded is not None else school.improvement_status


def eligibility_refusal(district, school, program_year=None):
    """Why an organization that is `district` or `school` cannot be a provider, or None."""
    during = f" in {year_label(program_year)}" if program_year is not None else ""
    if district is not None and district_status(district, program_year) != "none":
        return (
            f"{district.label} is identified for improvement{during}, so the district "
            f"cannot be a supplemental service provider ({SOURCE})."
        )
    status = school_status(school, program_year) if school is not None else None
    if status in STATUS_PHRASES:
        return (
            f"{school.name} ({school.district.label}) is identified for "
            f"{STATUS_PHRASES[status]}{during}, so the school cannot be an approved "
            f"supplemental service provider ({SOURCE})."
        )
    return None


def organization_refusal(organization, cycle=None):
    """Why `organization` may not start or submit an application (to `cycle`) now, or None."""
    if organization.debarred:
        return (
            f"{organization.name} is recorded as debarred or suspended from doing business "
            'with the Federal Government, so it cannot apply (E.O. 12549; 003 "Debarment '
            'Certification"). Contact the SES office if this is wrong.'
        )
    program_year = cycle_program_year(cycle) if cycle is not None else None
    return eligibility_refusal(organization.district, organization.school, program_year)
