"""Every problem of an application at once: what is missing, what is malformed, and what breaks
the pack's program limits (`workflows.eligibility.program_problems`).

`application_problems(application)` is the one function other areas call to ask "is this
application complete and valid?": it returns {section key: [Problem(field, message)]} with an
entry for every section of the form (an empty list when the section is done).
"""

from app.applications.forms.sections import (
    ATTACHMENT_KINDS,
    REQUIRED_ATTACHMENTS,
    attachments_of,
    cite,
    sections_for,
)
from app.applications.forms.values import is_blank, problem, typed
from app.core.policy import policy_of
from app.renewals.operations import renewal_change_problems
from workflows.eligibility import Problem, program_problems

# Program answers the rules engine checks (DESIGN.md section 11, `terms`).
TERM_FIELDS = (
    "students_per_instructor",
    "total_hours",
    "delivery",
    "hourly_rate",
    "session_minutes",
    "description",
)
# Where a rules-engine problem is shown: (section, field) by the problem's field.
PROBLEM_PLACES = {
    "abstract_en": ("pack", "abstract_en"),
    "abstract_es": ("pack", "abstract_es"),
    "per_pupil_allotment": ("program", "hourly_rate"),
}


def section_values(application, section):
    """The stored answers of `section` by field key (the program's service area included)."""
    if section.store == "program_description":
        return {"program_description": application.program_description or ""}
    if section.store == "documents":
        return {}
    values = dict(getattr(application, section.store) or {})
    if section.key == "program":
        values["service_area"] = [d.id for d in application.service_area]
    return values


def program_terms(application, policy, program_section):
    """The well-formed program answers as the rules engine's `terms` (absent when not usable:
    the form's own problem is shown for those instead)."""
    program = application.program or {}
    terms = {}
    for key in TERM_FIELDS:
        spec, value = program_section.field(key), program.get(key)
        if not is_blank(value) and problem(spec, value) is None:
            terms[key] = typed(spec, value)
    if program.get("statewide"):
        terms["service_area"] = "statewide"
    elif application.service_area:
        terms["service_area"] = [d.code for d in application.service_area]
    allotment = getattr(application.cycle, "per_pupil_allotment", None)
    if policy.limits.fee_cap and allotment is not None:
        terms["per_pupil_allotment"] = allotment
    pack = application.pack_fields or {}
    for key in ("abstract_en", "abstract_es"):
        if key in policy.application_fields and isinstance(pack.get(key), str) and pack[key]:
            terms[key] = pack[key]
    return terms


def _field_problems(application, section):
    values = section_values(application, section)
    found = []
    for spec in section.fields:
        if spec.key == "service_area" and (application.program or {}).get("statewide"):
            continue  # the rules engine says what is wrong with "statewide"
        message = problem(spec, values.get(spec.key))
        if message:
            found.append(Problem(spec.key, message))
    if section.key == "program":
        found.extend(_site_range(values))
    return found


def _site_range(values):
    low, high = values.get("min_students_per_site"), values.get("max_students_per_site")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        return [
            Problem("max_students_per_site", f"The maximum ({high}) is below the minimum ({low}).")
        ]
    return []


def _attachment_problems(application, policy):
    labels = dict(ATTACHMENT_KINDS)
    kinds = {d.kind for d in attachments_of(application)}
    where = cite(policy, '"Required Elements"')
    return [
        Problem("documents", f"Attach the {labels[k].lower()}{where}.")
        for k in REQUIRED_ATTACHMENTS
        if k not in kinds
    ]


def application_problems(application, policy=None):
    """{section key: [Problem]} for every section of the form; empty lists when all is well."""
    policy = policy or policy_of(application)
    sections = sections_for(policy)
    found = {
        s.key: (
            _attachment_problems(application, policy)
            if s.key == "attachments"
            else _field_problems(application, s)
        )
        for s in sections
    }
    program = next(s for s in sections if s.key == "program")
    for rule_problem in program_problems(policy, program_terms(application, policy, program)):
        section, field = PROBLEM_PLACES.get(rule_problem.field, ("program", rule_problem.field))
        if section in found:
            found[section].append(Problem(field, rule_problem.message))
    by_store = {s.store: s.key for s in sections}
    for store, item in renewal_change_problems(application, policy):
        found.setdefault(by_store.get(store, "program"), []).append(item)
    return found


def is_complete(problems):
    """True when no section has a problem."""
    return not any(problems.values())


def problem_lines(application, problems=None, policy=None):
    """[(section title, field label, message)] for lists such as a refused submission."""
    policy = policy or policy_of(application)
    problems = problems if problems is not None else application_problems(application, policy)
    lines = []
    for section in sections_for(policy):
        for item in problems.get(section.key, []):
            spec = section.field(item.field)
            lines.append(
                (section.title, _short(spec.label) if spec else "Attachments", item.message)
            )
    return lines


def _short(label):
    return label if len(label) <= 80 else label[:77] + "..."
