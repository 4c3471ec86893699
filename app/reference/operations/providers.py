"""Importing a state's existing list of approved providers (the master chart it keeps today) when
it starts using the product.

One line per provider: its organization, current approval (approved on, term ends on), service
area (district codes of the state, separated by ";") and subjects by grade span
("reading: K-2, 3-5; math: 6-8"). The whole file is checked first, every problem reported by line
and column; only a file without problems is stored (all or nothing). Each line becomes an
approved application, audited as imported, in the state's "imported" cycle (one per state and
pack, never open for applications: it opens and closes on the earliest approval date) or in the
cycle the coordinator names; the directory lists it like any approval. The approval is created in
its state, not moved there: there is no earlier state to move from, and the audit entry says so.

Only current approvals are taken (approved on or before today, term ending today or later); an
organization already holding an approval in force is refused rather than approved twice.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from app.audit import record_change
from app.extensions import db
from app.models import Application, Cycle, District, Organization
from app.models.orgs import ORGANIZATION_TYPE_LABELS, ORGANIZATION_TYPES
from app.reference.operations import checks
from app.reference.operations.importing import ImportOutcome
from app.refusals import Refused
from app.tabular import read_table
from workflows.policy import available_policies, load_policy
from workflows.states import ApplicationState

COLUMNS = (
    "organization_code",
    "organization_name",
    "organization_type",
    "contact_name",
    "contact_email",
    "phone",
    "website",
    "address",
    "service_area",
    "subjects",
    "approved_on",
    "term_ends_on",
)
REQUIRED = (
    "organization_code",
    "organization_name",
    "service_area",
    "subjects",
    "approved_on",
    "term_ends_on",
)
TYPE_WORDS = {
    **{t: t for t in ORGANIZATION_TYPES},
    **{t.replace("_", " "): t for t in ORGANIZATION_TYPES},
    **{label.lower(): t for t, label in ORGANIZATION_TYPE_LABELS.items()},
}
IN_FORCE = (ApplicationState.APPROVED, ApplicationState.CONDITIONAL, ApplicationState.APPEALED)


def pack_for_state(state, default_code):
    """The policy pack of `state`: the deployment's default if it is that state's, else the
    first of the state's packs by code; None when no pack covers the state."""
    if load_policy(default_code).state == state:
        return load_policy(default_code)
    codes = sorted(c for c in available_policies() if load_policy(c).state == state)
    return load_policy(codes[0]) if codes else None


@dataclass(frozen=True)
class ProviderLine:
    """One checked line, ready to store."""

    line: int
    code: str
    name: str
    org_type: str
    contact: dict
    district_ids: tuple
    subjects_by_grade: dict
    approved_on: date
    term_ends_on: date


def _date(table, line, row, column):
    value = row[column].strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        table.error(line, column, f"“{value}” is not a date such as 2009-07-01.")
        return None


def _service_area(table, line, row, districts, policy):
    value = row["service_area"].strip()
    if value.lower() == "statewide":
        if policy.limits.statewide_refused:
            table.error(
                line, "service_area", "Statewide will not be accepted; list the districts served."
            )
            return None
        return tuple(sorted(districts.values()))
    codes = [c.strip() for c in value.split(";") if c.strip()]
    unknown = [c for c in codes if c not in districts]
    if not codes or unknown:
        table.error(
            line,
            "service_area",
            "Not a district of this state: " + ", ".join(f"“{c}”" for c in unknown)
            if unknown
            else "List the districts served.",
        )
        return None
    return tuple(sorted({districts[c] for c in codes}))


def _subjects(table, line, row, policy):
    result, problems = {}, []
    for part in (p.strip() for p in row["subjects"].split(";")):
        if not part:
            continue
        subject, _, spans = part.partition(":")
        subject = subject.strip().lower()
        spans = [s.strip().upper() for s in spans.split(",") if s.strip()]
        if subject not in policy.subjects:
            problems.append(
                f"“{subject}” is not a subject of {policy.code} ({', '.join(policy.subjects)})"
            )
        bad = [s for s in spans if s not in policy.grade_spans]
        if not spans or bad:
            problems.append(
                f"give the grade spans of {subject or 'each subject'} from "
                f"{', '.join(policy.grade_spans)}, e.g. “reading: K-2, 3-5”"
            )
        result[subject] = spans
    if not result and not problems:
        problems.append("list the subjects and grade spans, e.g. “reading: K-2, 3-5; math: 6-8”")
    if problems:
        table.error(line, "subjects", "; ".join(problems).capitalize() + ".")
        return None
    return result


def _check_line(table, line, row, context):
    policy, districts, today = context["policy"], context["districts"], context["today"]
    code = checks.text(table, line, row, "organization_code", required=True, max_length=40)
    name = checks.text(table, line, row, "organization_name", required=True)
    kind = (
        checks.choice(table, line, row, "organization_type", TYPE_WORDS)
        if row["organization_type"].strip()
        else "other"
    )
    contact = {
        "contact_name": checks.text(table, line, row, "contact_name"),
        "contact_email": checks.email(table, line, row, "contact_email"),
        "phone": checks.text(table, line, row, "phone", max_length=40),
        "website": checks.text(table, line, row, "website", max_length=300),
        "address": checks.text(table, line, row, "address", max_length=2000),
    }
    area = _service_area(table, line, row, districts, policy)
    subjects = _subjects(table, line, row, policy)
    approved_on = _date(table, line, row, "approved_on")
    term_ends_on = _date(table, line, row, "term_ends_on")
    if approved_on and approved_on > today:
        table.error(
            line,
            "approved_on",
            f"{approved_on} is after today ({today}): only current approvals are imported.",
        )
    if approved_on and term_ends_on and term_ends_on <= approved_on:
        table.error(line, "term_ends_on", "The term must end after the approval date.")
    elif term_ends_on and term_ends_on < today:
        table.error(
            line,
            "term_ends_on",
            f"The term ended on {term_ends_on}: only current approvals are imported.",
        )
    if code and code.lower() in context["seen"]:
        table.error(
            line, "organization_code", f"{code} is on line {context['seen'][code.lower()]} already."
        )
    elif code:
        context["seen"][code.lower()] = line
        _check_existing(table, line, code)
    values = (code, name, kind, area, subjects, approved_on, term_ends_on)
    if all(v for v in values) and None not in contact.values():
        return ProviderLine(
            line, code, name, kind, contact, area, subjects, approved_on, term_ends_on
        )
    return None


def _check_existing(table, line, code):
    """An organization already in force on the list is not approved a second time."""
    in_force = db.session.scalar(
        db.select(Application.id)
        .join(Organization)
        .where(db.func.lower(Organization.code) == code.lower(), Application.state.in_(IN_FORCE))
        .limit(1)
    )
    if in_force is not None:
        table.error(
            line,
            "organization_code",
            f"{code} already holds an approval in force (it may be on the list already).",
        )


def check_provider_file(filename, data, *, policy, state, today):
    """(table, [ProviderLine]) for the file; every problem is on `table`."""
    table = read_table(filename, data, COLUMNS, REQUIRED)
    districts = dict(
        db.session.execute(
            db.select(District.code, District.id).where(District.state == state)
        ).all()
    )
    context = {"policy": policy, "districts": districts, "today": today, "seen": {}}
    lines = [_check_line(table, line, row, context) for line, row in table.rows]
    if not table.rows and not table.error_count:
        table.error(2, "(file)", "The file lists no providers below its header.")
    return table, [p for p in lines if p is not None]


def imported_cycle(policy, state, first_day):
    """The state's "imported" cycle for `policy`, created when missing; it is never open."""
    name = f"Imported provider list ({state}, {policy.code})"
    cycle = db.session.scalar(db.select(Cycle).where(Cycle.name == name))
    if cycle is None:
        closed = datetime.combine(first_day, time(0, 0), tzinfo=UTC)
        cycle = Cycle(name=name, policy_code=policy.code, opens_on=first_day, due_at=closed)
        db.session.add(cycle)
        db.session.flush()
    return cycle


def _organization(item, *, filename, actor):
    org = db.session.scalar(
        db.select(Organization).where(db.func.lower(Organization.code) == item.code.lower())
    )
    if org is None:
        org = Organization(code=item.code, name=item.name, org_type=item.org_type)
        db.session.add(org)
        db.session.flush()
        record_change(
            org,
            "import",
            actor=actor,
            reason=f"organization imported from {filename} line {item.line}",
        )
    org.name, org.org_type = item.name, item.org_type
    for column, value in item.contact.items():
        if value:
            setattr(org, column, value)
    return org


def store_providers(items, cycle, *, filename, actor):
    """One approved application per checked line, in `cycle`; each audited as imported."""
    districts = {
        d.id: d
        for d in db.session.scalars(
            db.select(District).where(
                District.id.in_({i for item in items for i in item.district_ids})
            )
        )
    }
    for item in items:
        org = _organization(item, filename=filename, actor=actor)
        decided = datetime.combine(item.approved_on, time(12, 0), tzinfo=UTC)
        application = Application(
            # An import records providers the state approved elsewhere: they enter approved.
            organization=org,
            cycle=cycle,
            state=ApplicationState.APPROVED.value,
            narrative={},
            assurances={},
            program={"subjects_by_grade": item.subjects_by_grade},
            service_summary={
                k: v
                for k, v in (
                    ("contact_name", item.contact["contact_name"]),
                    ("contact_email", item.contact["contact_email"]),
                    ("contact_phone", item.contact["phone"]),
                    ("website", item.contact["website"]),
                )
                if v
            },
            pack_fields={"imported_from": filename},
            submitted_at=decided,
            decided_at=decided,
            approved_on=item.approved_on,
            term_ends_on=item.term_ends_on,
        )
        application.service_area = [districts[i] for i in item.district_ids]
        db.session.add(application)
        db.session.flush()
        record_change(
            application,
            "import",
            actor=actor,
            to_state=application.state,
            reason=f"imported from {filename} line {item.line}: approved "
            f"{item.approved_on.isoformat()}, term ends "
            f"{item.term_ends_on.isoformat()}",
        )
    # The directory's listings follow in this transaction (the flush hook of
    # app/directory/operations.py).
    return len(items)


def import_provider_file(state, filename, data, *, policy, cycle, actor, today):
    """Check the provider list whole and, without a problem, store it (all or nothing).

    `cycle` None: the state's imported cycle. A given cycle must be under a pack of `state`.
    """
    if cycle is not None and load_policy(cycle.policy_code).state != state:
        raise Refused(f"{cycle.name} is a cycle of another state than {state}.", field="cycle")
    table, items = check_provider_file(filename, data, policy=policy, state=state, today=today)
    if table.error_count:
        return ImportOutcome(tuple(table.sorted_errors()), table.error_count)
    if cycle is None:
        cycle = imported_cycle(policy, state, min(i.approved_on for i in items))
    return ImportOutcome((), 0, store_providers(items, cycle, filename=filename, actor=actor), 0)
