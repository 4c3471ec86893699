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

from contextlib import contextmanager

from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    case,
    func,
    insert,
    literal,
    tuple_,
)

from app.core.policy import default_policy
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


FIGURES = Table(
    "outcome_figures",
    MetaData(),  # per sweep run; never in a migration
    Column("organization_id", Integer, nullable=False),
    Column("subject", String(40)),  # NULL: all subjects (students served)
    Column("program_year", Integer, nullable=False),
    Column("served", Integer, nullable=False),
    Column("completed", Integer, nullable=False),
    Column("improved", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)


def _figures_select(policy, through_year, by_subject):
    improved = _completed() & OutcomeRecord.achievement.in_(improved_codes(policy))
    keys: list = [OutcomeRecord.organization_id, OutcomeRecord.program_year]
    if by_subject:
        keys.insert(1, OutcomeRecord.subject)
    counts = [_distinct_when(_served()), _distinct_when(_completed()), _distinct_when(improved)]
    subject = OutcomeRecord.subject if by_subject else literal(None, String)
    return (
        db.select(OutcomeRecord.organization_id, subject, OutcomeRecord.program_year, *counts)
        .where(OutcomeRecord.program_year <= through_year)
        .group_by(*keys)
    )


@contextmanager
def outcome_figures(policy, *, through_year):
    """Who served whom per year, computed once per sweep run and shared by its steps: a
    temporary table of (organization, subject, program year) -> distinct students served,
    completed and improved, plus one row per (organization, program year) with subject NULL
    counting students across subjects. PostgreSQL fills it in one scan (GROUPING SETS)."""
    connection = db.session.connection()
    FIGURES.drop(connection, checkfirst=True)
    FIGURES.create(connection)
    if connection.dialect.name == "postgresql":
        query = _figures_select(policy, through_year, True)
        query = query.group_by(None).group_by(
            func.grouping_sets(
                tuple_(
                    OutcomeRecord.organization_id, OutcomeRecord.program_year, OutcomeRecord.subject
                ),
                tuple_(OutcomeRecord.organization_id, OutcomeRecord.program_year),
            )
        )
        queries = [query]
    else:
        queries = [_figures_select(policy, through_year, by_subject) for by_subject in (1, 0)]
    for query in queries:
        connection.execute(insert(FIGURES).from_select([c.name for c in FIGURES.c], query))
    yield Figures(connection)
    FIGURES.drop(connection)


class Figures:
    """Read access to the run's figures table."""

    table = FIGURES

    def __init__(self, connection):
        self.connection = connection
        self._served = None

    def served_by_year(self):
        """{organization_id: {program_year: students served}} (read once, then kept)."""
        if self._served is None:
            self._served = {}
            rows = self.connection.execute(
                db.select(
                    FIGURES.c.organization_id, FIGURES.c.program_year, FIGURES.c.served
                ).where(FIGURES.c.subject.is_(None))
            )
            for org, year, count in rows:
                self._served.setdefault(org, {})[year] = count
        return self._served

    def organizations(self):
        """The organizations the figures are about."""
        return set(self.served_by_year())


def breakdown(organization_id, column):
    """{(subject, program_year): {value of `column`: students}} of one provider's served
    students, e.g. by district_id, by hours_completion or by achievement (completers)."""
    where = _completed() if column is OutcomeRecord.achievement else _served()
    rows = db.session.execute(
        db.select(
            OutcomeRecord.subject,
            OutcomeRecord.program_year,
            column,
            func.count(func.distinct(OutcomeRecord.student_hash)),
        )
        .where(OutcomeRecord.organization_id == organization_id, where)
        .group_by(OutcomeRecord.subject, OutcomeRecord.program_year, column)
    )
    table: dict[tuple[str, int], dict[str, int]] = {}
    for subject, year, value, count in rows:
        table.setdefault((subject, year), {})[value] = count
    return table


def policy_by_organization():
    """{organization_id: Policy} from each organization's latest application's cycle."""
    rows = db.session.execute(
        db.select(Application.organization_id, Cycle.policy_code)
        .join(Cycle, Application.cycle_id == Cycle.id)
        .order_by(Application.id)
    )
    return {org: load_policy(code) for org, code in rows}


def last_ended_year(policy, today):
    """The latest program year that has ended by `today` (its data is then due: 004
    "Reporting" puts the districts' report on June 30, the year's last day)."""
    return policy.program_year_of(today) - 1


POLICY_TERMS = Table(
    "effectiveness_terms",
    MetaData(),  # per sweep run; never in a migration
    Column("organization_id", Integer, primary_key=True),
    Column("last_year", Integer, nullable=False),
    Column("min_completers", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)


@contextmanager
def effectiveness_terms(figures, today):
    """A temporary table of each organization's pack terms (latest ended program year by
    `today`, minimum completers), so the determination runs as one statement. Filled with one
    INSERT ... SELECT: the terms depend only on the pack of the organization's latest
    application (the default pack without one), so they are CASE expressions over the few
    packs in use, not a row sent per organization."""
    connection = figures.connection
    POLICY_TERMS.drop(connection, checkfirst=True)
    POLICY_TERMS.create(connection)
    default = default_policy()
    latest = (
        db.select(Application.organization_id, func.max(Application.id).label("id"))
        .group_by(Application.organization_id)
        .subquery("latest")
    )
    codes = (
        db.select(latest.c.organization_id, Cycle.policy_code)
        .join(Application, Application.id == latest.c.id)
        .join(Cycle, Application.cycle_id == Cycle.id)
        .subquery("codes")
    )
    packs = {
        code: load_policy(code)
        for code in db.session.scalars(db.select(Cycle.policy_code).distinct())
    }
    organizations = db.select(FIGURES.c.organization_id).distinct().subquery("organizations")

    def term(value_of):
        by_code = {code: value_of(policy) for code, policy in packs.items()}
        if not by_code:
            return literal(value_of(default))
        return case(by_code, value=codes.c.policy_code, else_=value_of(default))

    terms = db.select(
        organizations.c.organization_id,
        term(lambda policy: last_ended_year(policy, today)),
        term(lambda policy: policy.effectiveness.min_completers),
    ).select_from(
        organizations.outerjoin(codes, codes.c.organization_id == organizations.c.organization_id)
    )
    connection.execute(
        insert(POLICY_TERMS).from_select(["organization_id", "last_year", "min_completers"], terms)
    )
    yield POLICY_TERMS
    POLICY_TERMS.drop(connection)


def determinations(figures, terms, today):
    """SELECT of each ended year's figures with its status: `workflows.effectiveness.year_status`
    in SQL (fewer completers than the minimum -> insufficient_data; a strict majority improved
    -> contributed; else not_contributed)."""
    f = figures.table
    status = case(
        (f.c.completed < terms.c.min_completers, "insufficient_data"),
        (2 * f.c.improved > f.c.completed, "contributed"),
        else_="not_contributed",
    )
    return (
        db.select(
            f.c.organization_id,
            f.c.subject,
            f.c.program_year,
            f.c.served,
            f.c.completed,
            f.c.improved,
            status.label("status"),
            literal(today, Date).label("computed_on"),
        )
        .join(terms, terms.c.organization_id == f.c.organization_id)
        .where(f.c.subject.is_not(None), f.c.program_year <= terms.c.last_year)
    )
