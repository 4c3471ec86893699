"""The annual evaluation's queries: set-based counts over outcome_records (GROUP BY in the
database, never a Python loop over outcome rows) and the policy that judges each provider.

Counting rules (001 "Report SES data to the Department"; DESIGN.md section 6):
- served: distinct students (by keyed hash) with status "Served";
- completed: of those, "Yes, student completed all contracted hours" (HOURS_COMPLETED); the
  five "No, ..." answers are not completion, whatever the reason;
- improved: of the completers, achievement exceeded / met / progress but not met (the pack's
  improved_categories; "progress" is the document's "Made progress but did not meet goals").
Distinct hashes let the state count a student once even if two districts report the student.
"""

from flask import current_app
from sqlalchemy import case, func

from app.extensions import db
from app.models import Application, Cycle, OutcomeRecord
from app.models.outcomes import HOURS_COMPLETED
from workflows.policy import load_policy

# The pack's names for the improved categories -> the stored achievement codes.
CATEGORY_CODES = {"exceeded": "exceeded", "met": "met", "progress": "progress_not_met"}


def improved_codes(policy):
    """The achievement codes that count as improved under `policy`."""
    return tuple(CATEGORY_CODES.get(c, c) for c in policy.effectiveness.improved_categories)


def _distinct_when(condition):
    return func.count(func.distinct(case((condition, OutcomeRecord.student_hash))))


def _served():
    return OutcomeRecord.status == "served"


def _completed():
    return _served() & OutcomeRecord.hours_completion.in_(HOURS_COMPLETED)


def year_counts(policy, *, through_year, organization_id=None):
    """{(organization_id, subject, program_year): (served, completed, improved)} for program
    years up to `through_year`, one GROUP BY over outcome_records."""
    improved = _completed() & OutcomeRecord.achievement.in_(improved_codes(policy))
    query = (db.select(OutcomeRecord.organization_id, OutcomeRecord.subject,
                       OutcomeRecord.program_year, _distinct_when(_served()),
                       _distinct_when(_completed()), _distinct_when(improved))
             .where(OutcomeRecord.program_year <= through_year)
             .group_by(OutcomeRecord.organization_id, OutcomeRecord.subject,
                       OutcomeRecord.program_year))
    if organization_id is not None:
        query = query.where(OutcomeRecord.organization_id == organization_id)
    return {(org, subject, year): (served, completed, better)
            for org, subject, year, served, completed, better in db.session.execute(query)}


def served_by_year(*, through_year):
    """{organization_id: {program_year: students served}} up to `through_year` (GROUP BY)."""
    rows = db.session.execute(
        db.select(OutcomeRecord.organization_id, OutcomeRecord.program_year,
                  _distinct_when(_served()))
        .where(OutcomeRecord.program_year <= through_year)
        .group_by(OutcomeRecord.organization_id, OutcomeRecord.program_year))
    served = {}
    for org, year, count in rows:
        served.setdefault(org, {})[year] = count
    return served


def breakdown(organization_id, column):
    """{(subject, program_year): {value of `column`: students}} of one provider's served
    students, e.g. by district_id, by hours_completion or by achievement (completers)."""
    where = _completed() if column is OutcomeRecord.achievement else _served()
    rows = db.session.execute(
        db.select(OutcomeRecord.subject, OutcomeRecord.program_year, column,
                  func.count(func.distinct(OutcomeRecord.student_hash)))
        .where(OutcomeRecord.organization_id == organization_id, where)
        .group_by(OutcomeRecord.subject, OutcomeRecord.program_year, column))
    table = {}
    for subject, year, value, count in rows:
        table.setdefault((subject, year), {})[value] = count
    return table


def default_policy():
    """The deployment's default policy pack."""
    return load_policy(current_app.config["DEFAULT_POLICY"])


def policy_by_organization():
    """{organization_id: Policy} from each organization's latest application's cycle."""
    rows = db.session.execute(
        db.select(Application.organization_id, Cycle.policy_code)
        .join(Cycle, Application.cycle_id == Cycle.id).order_by(Application.id))
    return {org: load_policy(code) for org, code in rows}


def last_ended_year(policy, today):
    """The latest program year that has ended by `today` (its data is then due: 004
    "Reporting" puts the districts' report on June 30, the year's last day)."""
    return policy.program_year_of(today) - 1
