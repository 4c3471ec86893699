"""Changing the appeals committee before the hearing (002 "Appeals Committee": 3 to 5 neutral
members). A member found not to be neutral after appointment, or one who can no longer serve, is
removed or replaced until the committee hears the provider; after the hearing the members who
heard the evidence decide, so the committee is fixed. Every change is audited with its reason.
"""

from app.appeals.operations.committee import member_conflicts
from app.core.lifecycle import apply_event, require_event
from app.extensions import db
from app.models import CommitteeMember
from app.refusals import Refused


def _guards(appeal):
    return {"before_hearing": appeal.hearing_on is None}


def _check_open(appeal, event):
    """Members change only while the committee sits and before its hearing (the table's
    `before_hearing` guard)."""
    require_event(
        appeal,
        event,
        role="coordinator",
        guards=_guards(appeal),
        explain=lambda error: (
            "The hearing was held: the members who heard the provider decide, so the committee can "
            "no longer change."
            if error.guard == "before_hearing"
            else "Members change only while the appeals committee is considering the appeal."
        ),
    )


def _member(appeal, member_id):
    member = next((m for m in appeal.members if m.id == member_id), None)
    if member is None:
        raise Refused("That person is not a member of this committee.", field="member")
    return member


def remove_member(appeal, member_id, *, reason, actor, today):
    """Take a member off the committee before the hearing, recording why."""
    _check_open(appeal, "remove_member")
    member = _member(appeal, member_id)
    name = member.user.name
    appeal.members.remove(member)
    db.session.flush()
    apply_event(
        appeal,
        "remove_member",
        actor=actor,
        role="coordinator",
        guards=_guards(appeal),
        reason=f"{name} removed from the appeals committee on {today.isoformat()}: {reason}",
    )


def replace_member(appeal, member_id, replacement, *, reason, actor, today):
    """Put `replacement` in a member's seat before the hearing: the replacement must be neutral
    (the refusal names each reason) and not already sitting; all or nothing."""
    _check_open(appeal, "replace_member")
    member = _member(appeal, member_id)
    application = appeal.removal_case.application
    if any(m.user_id == replacement.id for m in appeal.members):
        raise Refused(f"{replacement.name} is already on this committee.", field="replacement")
    conflicts = member_conflicts(replacement, application)
    if conflicts:
        problems = [f"{replacement.name} cannot sit on this committee: {c}." for c in conflicts]
        raise Refused(" ".join(problems), field="replacement", problems=problems)
    name = member.user.name
    appeal.members.remove(member)
    db.session.flush()
    appeal.members.append(
        CommitteeMember(user_id=replacement.id, appointed_on=today, appointed_by_id=actor.id)
    )
    db.session.flush()
    apply_event(
        appeal,
        "replace_member",
        actor=actor,
        role="coordinator",
        guards=_guards(appeal),
        reason=f"{name} replaced by {replacement.name} on {today.isoformat()}: {reason}",
    )


def change_member(appeal, member_id, replacement, *, reason, actor, today):
    """Replace the member with `replacement`, or remove the member when it is None."""
    if replacement is None:
        return remove_member(appeal, member_id, reason=reason, actor=actor, today=today)
    return replace_member(appeal, member_id, replacement, reason=reason, actor=actor, today=today)
