"""What every application page shows: the pack's sections, the stored answers, every problem by
section and field, the deadlines in the pack's time zone, and the coordinator's feedback."""

from app import clock
from app.applications.forms.sections import sections_for
from app.applications.forms.values import is_blank
from app.applications.operations import is_editable
from app.applications.operations.submission import revision_due
from app.applications.operations.versions import changes, snapshot
from app.applications.permissions import can_edit_application, can_withdraw_application
from app.applications.queries.checklist import application_problems, section_values
from app.core.lifecycle import allowed_events
from app.core.policy import policy_of
from app.extensions import db
from app.models import Decision, District
from app.templating import format_instant
from workflows.states import ApplicationState


def revision_feedback(application):
    """The latest decision that asked for revisions (its `feedback` is for the provider)."""
    return db.session.scalar(
        db.select(Decision)
        .where(Decision.application_id == application.id, Decision.outcome == "request_revisions")
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
        .limit(1)
    )


def _by_field(problems):
    return {key: _group(items) for key, items in problems.items()}


def _group(items):
    grouped: dict[str, list[str]] = {}
    for item in items:
        grouped.setdefault(item.field, []).append(item.message)
    return grouped


def _answered(by_field, values):
    """The problems of the fields that hold an answer (a rule the typed value breaks): shown at
    once, while those of unanswered fields wait until the provider asks to check (issue 11)."""

    def answered(key):
        if key == "service_area" and values.get("statewide"):
            return True
        return not is_blank(values.get(key))

    return {key: messages for key, messages in by_field.items() if answered(key)}


def _fee_cap_note(application, policy):
    if policy.limits.fee_cap and getattr(application.cycle, "per_pupil_allotment", None) is None:
        return (
            "The fee cap (per-pupil allotment divided by the minimum hours) is not checked: "
            "this cycle has no per-pupil allotment set."
        )
    if policy.limits.fee_cap:
        return (
            f"The hourly rate may not exceed the per-pupil allotment "
            f"(${application.cycle.per_pupil_allotment}) divided by the minimum hours."
        )
    return None


# The provider's events that (re)submit an application.
SUBMIT_EVENTS = frozenset({"submit", "resubmit"})


def deadline_passed(application, due):
    """The application's own deadline (the cycle's due instant; the revision date once
    returned) has passed while it can still be (re)submitted; the submit page says so."""
    if not SUBMIT_EVENTS & set(allowed_events(application, "provider")) or due is None:
        return False
    return clock.now() > due


def renewal_differences(application, policy):
    """[(section, field, approved value, renewal value)] where a renewal differs from the
    approval it renews (as last submitted), or None for a new application."""
    renewed = application.renews
    if renewed is None:
        return None
    before = renewed.versions[-1].snapshot if renewed.versions else snapshot(renewed)
    return changes(before, snapshot(application), policy)


def page_context(application, user):
    """Template values shared by the overview, section, submit and withdraw pages."""
    policy = policy_of(application)
    sections = sections_for(policy)
    problems = application_problems(application, policy)
    editable = can_edit_application(user, application) and is_editable(application)
    due = revision_due(application)
    events = allowed_events(application, "provider")
    resubmit = "resubmit" in events
    own_due = due if resubmit else application.cycle.due_at
    values = {s.key: section_values(application, s) for s in sections}
    by_field = _by_field(problems)
    return {
        "application": application,
        "policy": policy,
        "sections": sections,
        "problems": problems,
        "field_problems": by_field,
        "editable": editable,
        "answered_problems": {
            key: _answered(items, values[key]) for key, items in by_field.items() if key in values
        },
        "values": values,
        "districts": db.session.scalars(
            db.select(District).where(District.state == policy.state).order_by(District.name)
        ).all(),
        "due_at": format_instant(application.cycle.due_at, policy.timezone),
        "revision_due_at": format_instant(due, policy.timezone) if due else None,
        "deadline_passed": deadline_passed(application, own_due),
        "feedback": revision_feedback(application),
        "fee_cap_note": _fee_cap_note(application, policy),
        "renewal_differences": renewal_differences(application, policy),
        "may_withdraw": can_withdraw_application(user, application) and "withdraw" in events,
        # The submit page offers the one of submit/resubmit the table allows now.
        "resubmit": resubmit,
        "may_submit": editable and bool(SUBMIT_EVENTS & set(events)),
        "conditional": application.state == ApplicationState.CONDITIONAL,
    }
