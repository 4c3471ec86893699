"""Importing a state's reference data: districts, their SES contacts, schools, and each program
year's improvement status (004 "Eligible Service Providers", "List of Districts and Schools").

One line per district, or per school (with the school's name), optionally with a program year
and the status that year. The whole file is checked first and every problem reported by line and
column; only a file without problems is stored (all or nothing). Storing adds what is new and
updates what changed: a district is known by its state and code, a school by its district and
name; a blank contact cell leaves the stored contact as it is. The current flags of a district
or school (used where no cycle gives a year, e.g. registration) follow its latest recorded year.
"""

from dataclasses import dataclass, field

from app.audit import record_change
from app.extensions import db
from app.models import District, DistrictYearStatus, School, SchoolYearStatus
from app.reference.operations import checks
from app.refusals import Refused
from app.tabular import Table, read_table

COLUMNS = (
    "district_code",
    "district_name",
    "school",
    "program_year",
    "status",
    "contact_name",
    "contact_email",
    "contact_phone",
)
REQUIRED = ("district_code", "district_name")
# The documents' wording of the statuses (004 "Eligible Service Providers") -> stored codes.
STATUS_WORDS = {
    "none": "none",
    "not identified": "none",
    "making ayp": "none",
    "improvement": "improvement",
    "identified for improvement": "improvement",
    "school improvement": "improvement",
    "corrective action": "corrective_action",
    "corrective_action": "corrective_action",
    "restructuring": "restructuring",
}
CONTACTS = ("contact_name", "contact_email", "contact_phone")


@dataclass
class ReferencePlan:
    """What a checked file would store."""

    districts: dict = field(default_factory=dict)  # code -> {"name", contact fields}
    schools: dict = field(default_factory=dict)  # (code, school name) -> True
    statuses: dict = field(default_factory=dict)  # (code, school name | None, year) -> status


def check_reference_file(filename, data):
    """(table, plan): every problem of the file on `table`; `plan` is usable when none."""
    table = read_table(filename, data, COLUMNS, REQUIRED)
    plan = ReferencePlan()
    for line, row in table.rows:
        _check_line(table, plan, line, row)
    return table, plan


def _check_line(table, plan, line, row):
    code = checks.text(table, line, row, "district_code", required=True, max_length=20)
    name = checks.text(table, line, row, "district_name", required=True)
    school = checks.text(table, line, row, "school")
    contact = {
        "contact_name": checks.text(table, line, row, "contact_name"),
        "contact_email": checks.email(table, line, row, "contact_email"),
        "contact_phone": checks.text(table, line, row, "contact_phone", max_length=40),
    }
    year, status = _year_status(table, line, row)
    if not code or not name:
        return
    known = plan.districts.setdefault(code, {"name": name})
    if known["name"] != name:
        table.error(
            line, "district_name", f"District {code} is named “{known['name']}” on an earlier line."
        )
    for column, value in contact.items():
        if value and school:
            table.error(
                line, column, "Contacts belong on the district's own line (without a school)."
            )
        elif value:
            if known.get(column, value) != value:
                table.error(
                    line,
                    column,
                    f"District {code} has another {column.replace('_', ' ')} on an earlier line.",
                )
            known[column] = value
    if school:
        plan.schools[code, school] = True
    if year is not None and status is not None:
        key = (code, school or None, year)
        if key in plan.statuses:
            table.error(
                line,
                "program_year",
                "This district or school already has a status "
                "for this program year on an earlier line.",
            )
        plan.statuses[key] = status


def _year_status(table, line, row):
    has_year, has_status = bool(row["program_year"].strip()), bool(row["status"].strip())
    if has_year != has_status:
        missing = "status" if has_year else "program_year"
        table.error(line, missing, "A program year and a status go together: give both or neither.")
        return None, None
    if not has_year:
        return None, None
    return (
        checks.program_year(table, line, row, "program_year"),
        checks.choice(table, line, row, "status", STATUS_WORDS),
    )


def store_reference(plan, state, *, filename, actor):
    """Store a checked plan for `state`; audited per district. Returns (added, updated)."""
    added = updated = 0
    districts = {
        d.code: d
        for d in db.session.scalars(
            db.select(District).where(District.state == state, District.code.in_(plan.districts))
        )
    }
    for code, values in plan.districts.items():
        district = districts.get(code)
        if district is None:
            district = districts[code] = District(state=state, code=code, name=values["name"])
            db.session.add(district)
            added += 1
        else:
            updated += 1
        district.name = values["name"]
        for column in CONTACTS:
            if values.get(column):
                setattr(district, column, values[column])
    db.session.flush()
    schools = _store_schools(plan, districts)
    _store_statuses(plan, districts, schools)
    for district in districts.values():
        record_change(
            district,
            "import_reference",
            actor=actor,
            reason=f"reference data imported from {filename}",
        )
    return added, updated


def _store_schools(plan, districts):
    """{(code, name): School}, adding the new ones."""
    schools = {}
    for code, name in plan.schools:
        district = districts[code]
        school = db.session.scalar(
            db.select(School).where(School.district_id == district.id, School.name == name)
        )
        if school is None:
            school = School(district=district, name=name, improvement_status="none")
            db.session.add(school)
        schools[code, name] = school
    db.session.flush()
    return schools


def _store_statuses(plan, districts, schools):
    """Upsert each year's status; the current flags follow each owner's latest recorded year."""
    touched = {}
    model: type[DistrictYearStatus] | type[SchoolYearStatus]
    for (code, school_name, year), status in plan.statuses.items():
        if school_name is None:
            owner, model, column = districts[code], DistrictYearStatus, "district_id"
        else:
            owner, model, column = schools[code, school_name], SchoolYearStatus, "school_id"
        row = db.session.scalar(
            db.select(model).where(getattr(model, column) == owner.id, model.program_year == year)
        )
        if row is None:
            db.session.add(model(**{column: owner.id}, program_year=year, status=status))
        elif row.status != status:
            # Reference data, not a lifecycle: the year's status is overwritten by a statement.
            db.session.execute(db.update(model).where(model.id == row.id).values(status=status))
        touched[model, owner.id] = (owner, column)
    db.session.flush()
    for (model, owner_id), (owner, column) in touched.items():
        latest = db.session.scalar(
            db.select(model.status)
            .where(getattr(model, column) == owner_id)
            .order_by(model.program_year.desc())
            .limit(1)
        )
        if isinstance(owner, District):
            owner.in_improvement = latest != "none"
        else:
            owner.improvement_status = latest
    db.session.flush()


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: the problems (nothing stored when any) or the counts stored."""

    errors: tuple
    error_count: int
    added: int = 0
    updated: int = 0


def import_reference_file(state, filename, data, *, actor):
    """Check `data` whole and, without a problem, store it for `state` (all or nothing)."""
    table, plan = check_reference_file(filename, data)
    if table.error_count:
        return ImportOutcome(tuple(table.sorted_errors()), table.error_count)
    added, updated = store_reference(plan, state, filename=filename, actor=actor)
    return ImportOutcome((), 0, added, updated)


def record_reference(district, values, *, actor):
    """One line typed on the coordinator's page for `district` (a school, a program year and its
    status, the contacts), checked by the import's rules and stored the same way."""
    row = dict.fromkeys(COLUMNS, "")
    row.update({k: (v or "").strip() for k, v in values.items() if k in COLUMNS})
    row.update(district_code=district.code, district_name=district.name)
    table, plan = Table(), ReferencePlan()
    _check_line(table, plan, 1, row)
    if table.error_count:
        problems = [f"{e.column.replace('_', ' ').capitalize()}: {e.message}" for e in table.errors]
        raise Refused(" ".join(problems), problems=problems)
    store_reference(plan, district.state, filename="the reference data page", actor=actor)
