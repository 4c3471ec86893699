"""The appeals committee (002 "Appeals Committee", "Appeals Committee Review").

3 to 5 members, "neutral to the SES process": not part of the application approval process (no
one who reviewed or decided the provider's application, or decided its removal), and not
representing a district where the provider's services were used (a district in the service area
of an application the state approved, or one that reported outcome data for the provider), held
as a district account or as an affiliation any user can carry; an affiliation with a provider
organization is not neutral either. Members may be removed or replaced until the hearing
(app/appeals/operations/membership.py). The
committee hears the provider (in person, by written correspondence or by conference call) and
decides within 10 working days after that review; the department notifies the provider within 20
days of it. The decision is final: upheld -> removed, overturned -> approved.

The clock: "the review" in 002 "Appeals Committee Review" is the committee's review, where the
provider presents its evidence, so both due dates run from the recorded hearing date
(`Appeal.hearing_on`); until a hearing is recorded they are shown as not started.
"""

from dataclasses import dataclass
from datetime import date

from app.appeals.operations.common import due_date
from app.core.dates import long_date
from app.core.lifecycle import apply_event, require_event
from app.extensions import db
from app.letters.operations.service import issue_letter
from app.locking import lock
from app.models import (
    Application,
    ApplicationDistrict,
    CommitteeMember,
    Decision,
    District,
    OutcomeRecord,
    RemovalCase,
    ReviewerAssignment,
)
from app.refusals import Refused
from workflows.lifecycles import APPEAL
from workflows.states import AppealState, ApplicationState

MIN_MEMBERS = 3
MAX_MEMBERS = 5
# States an application reaches only after the state approved it: its service area is where the
# provider's services could have been used.
WAS_APPROVED = (
    ApplicationState.APPROVED,
    ApplicationState.REMOVED,
    ApplicationState.APPEALED,
    ApplicationState.EXPIRED,
)
MODE_LABELS = {
    "in_person": "In person",
    "written": "Written correspondence",
    "conference_call": "Conference call",
}


def member_conflicts(user, application):
    """Why `user` may not sit on the committee hearing `application`'s appeal ([] if neutral)."""
    reasons = []
    if not user.has_role("committee"):
        reasons.append("does not hold the appeals committee role")
    if not user.is_active:
        reasons.append("has a deactivated account")
    app_ids = (
        db.select(Application.id)
        .where(Application.organization_id == application.organization_id)
        .scalar_subquery()
    )
    if _exists(
        db.select(ReviewerAssignment.id).where(
            ReviewerAssignment.reviewer_id == user.id,
            ReviewerAssignment.application_id.in_(app_ids),
        )
    ):
        reasons.append("reviewed the provider's application")
    if _exists(
        db.select(Decision.id).where(
            Decision.decided_by_id == user.id, Decision.application_id.in_(app_ids)
        )
    ):
        reasons.append("decided the provider's application")
    if _exists(
        db.select(RemovalCase.id).where(
            RemovalCase.decided_by_id == user.id, RemovalCase.application_id.in_(app_ids)
        )
    ):
        reasons.append("decided the provider's removal")
    for district in _served_districts(user, application):
        reasons.append(
            f"belongs to {district.label}, a district where the provider's services were used"
        )
    reasons.extend(_organization_conflicts(user, application))
    return reasons


def _organization_conflicts(user, application):
    """An affiliation with a provider is not neutral to the SES process (002 "Appeals
    Committee"): the appealing provider itself, or any other provider (a competitor)."""
    reasons = []
    for organization in {user.organization, user.affiliated_organization} - {None}:
        if organization.id == application.organization_id:
            reasons.append(f"is affiliated with {organization.name}, the provider appealing")
        else:
            reasons.append(
                f"is affiliated with {organization.name}, an SES provider, so is not "
                "neutral to the SES process"
            )
    return sorted(reasons)


def _exists(query):
    return db.session.scalar(query.limit(1)) is not None


def _served_districts(user, application):
    """The districts the user represents (district account or affiliation) that the provider
    served: an approved service area or outcome data."""
    served = []
    for district_id in sorted(user.represented_district_ids):
        if _provider_served(district_id, application.organization_id):
            served.append(db.session.get(District, district_id))
    return served


def _provider_served(district_id, organization_id):
    in_area = _exists(
        db.select(ApplicationDistrict.district_id)
        .join(Application, Application.id == ApplicationDistrict.application_id)
        .where(
            ApplicationDistrict.district_id == district_id,
            Application.organization_id == organization_id,
            Application.state.in_(WAS_APPROVED),
        )
    )
    return in_area or _exists(
        db.select(OutcomeRecord.id).where(
            OutcomeRecord.district_id == district_id,
            OutcomeRecord.organization_id == organization_id,
        )
    )


def appoint_members(appeal, users, *, actor, today):
    """Appoint `users` to the appeal's committee, all or none: each must be neutral, and the
    committee may not exceed 5 members. Refusals name each member and the reason."""
    lock(appeal)
    require_event(
        appeal,
        "appoint_member",
        role="coordinator",
        explain=lambda _error: (
            "Members are appointed once the department has retained the removal and convened the "
            "appeals committee."
        ),
    )
    application = appeal.removal_case.application
    sitting = {m.user_id for m in appeal.members}
    problems = [f"{u.name} is already on this committee." for u in users if u.id in sitting]
    for user in users:
        for reason in member_conflicts(user, application):
            problems.append(f"{user.name} cannot sit on this committee: {reason}.")
    total = len(sitting) + len({u.id for u in users} - sitting)
    if total > MAX_MEMBERS:
        problems.append(
            f"The committee would have {total} members; it may have at most {MAX_MEMBERS}."
        )
    if not users:
        problems.append("Choose at least one member to appoint.")
    if problems:
        raise Refused(" ".join(problems), problems=problems)
    for user in users:
        appeal.members.append(
            CommitteeMember(user_id=user.id, appointed_on=today, appointed_by_id=actor.id)
        )
        db.session.flush()
        apply_event(
            appeal,
            "appoint_member",
            actor=actor,
            role="coordinator",
            reason=f"{user.name} appointed to the appeals committee",
        )
    return appeal.members


def record_hearing(appeal, *, held_on, mode, notes, actor, today):
    """Record the committee's review where the provider presented its evidence."""
    lock(appeal)
    role = "coordinator" if actor.has_role("coordinator") else "committee"
    require_event(
        appeal,
        "record_hearing",
        role=role,
        explain=lambda _error: (
            "A hearing is recorded while the appeals committee is considering the appeal."
        ),
    )
    if held_on > today:
        raise Refused("The hearing date cannot be in the future.")
    if held_on < appeal.reviewed_on:
        raise Refused(
            f"The hearing cannot be before the department's review "
            f"({long_date(appeal.reviewed_on)})."
        )
    appeal.hearing_on = held_on
    appeal.hearing_mode = mode
    appeal.hearing_notes = notes
    apply_event(
        appeal,
        "record_hearing",
        actor=actor,
        role=role,
        reason=f"{MODE_LABELS[mode]} on {long_date(held_on)}",
    )


@dataclass(frozen=True)
class CommitteeDates:
    """The committee's two due dates (None until the hearing starts the clock) and whether each
    is overdue on `today`."""

    decision_due: date | None
    notice_due: date | None
    decision_overdue: bool
    notice_overdue: bool


def committee_dates(appeal, today):
    """Due dates of the committee decision (10 working days) and the provider notice (20 days)."""
    application = appeal.removal_case.application
    decision_due = due_date(application, "appeal_committee_decision", appeal.hearing_on)
    notice_due = due_date(application, "appeal_provider_notice", appeal.hearing_on)
    decided = appeal.committee_decided_on
    notified = appeal.provider_notified_on
    return CommitteeDates(
        decision_due,
        notice_due,
        decision_overdue=decision_due is not None and (decided or today) > decision_due,
        notice_overdue=notice_due is not None and (notified or today) > notice_due,
    )


def decide_appeal(appeal, *, uphold, votes_for, votes_against, reasons, actor, today):
    """A member records the committee's final decision. Needs at least 3 members and a recorded
    hearing; the votes (for and against the decision) may not exceed the members and must carry
    it by a majority of the votes cast. Issues the committee decision letter (the department's
    notice to the provider) and, on overturn, the reinstatement notice to every district."""
    lock(appeal)
    count = len(appeal.members)
    event = "uphold" if uphold else "overturn"
    guards = {
        "enough_members": count >= MIN_MEMBERS,
        "hearing_recorded": appeal.hearing_on is not None,
    }
    require_event(
        appeal,
        event,
        role="committee",
        guards=guards,
        explain=lambda error: _decision_refusal(appeal, error, count),
    )
    _check_votes(votes_for, votes_against, count)
    application = appeal.removal_case.application
    apply_event(application, event, actor=actor, role="committee", reason=reasons)
    appeal.committee_decision = event
    appeal.votes_for, appeal.votes_against = votes_for, votes_against
    appeal.decision_reasons = reasons
    appeal.committee_decided_on = today
    appeal.committee_decided_by_id = actor.id
    appeal.provider_notified_on = today
    apply_event(
        appeal,
        event,
        actor=actor,
        role="committee",
        guards=guards,
        reason=f"{votes_for} for, {votes_against} against: {reasons}",
    )
    return _decision_letters(appeal, application, today)


def _decision_refusal(appeal, error, count):
    """The refused decision in the committee's words."""
    if error.guard == "enough_members":
        return (
            f"The committee has {count} member{'s' if count != 1 else ''}; it needs at least "
            f"{MIN_MEMBERS} to decide."
        )
    if error.guard == "hearing_recorded":
        return "Record the hearing (the provider's presentation of evidence) first."
    if appeal.status in APPEAL.decided:
        return "The appeals committee's decision is final and was already recorded."
    return "This appeal is not before the appeals committee."


def _check_votes(votes_for, votes_against, count):
    if votes_for + votes_against > count:
        raise Refused(
            f"{votes_for + votes_against} votes were recorded but the committee has "
            f"{count} members."
        )
    if votes_for <= votes_against:
        raise Refused(
            f"A decision needs a majority of the votes cast: {votes_for} for and "
            f"{votes_against} against is not a majority for it."
        )


def _decision_letters(appeal, application, today):
    organization = application.organization
    context = {"appeal": appeal, "upheld": appeal.status == AppealState.UPHELD}
    letters = [
        issue_letter(
            "committee_decision",
            subject=f"Appeals committee decision: removal {appeal.status}",
            today=today,
            organization=organization,
            application=application,
            context=context,
            appeal_id=appeal.id,
            removal_case_id=appeal.removal_case_id,
        )
    ]
    if appeal.status == AppealState.OVERTURNED:
        for district in application.service_area:
            letters.append(
                issue_letter(
                    "district_reinstatement_notice",
                    subject=f"Provider reinstated on the approved SES provider list: "
                    f"{organization.name}",
                    today=today,
                    organization=organization,
                    district=district,
                    application=application,
                    context=context,
                    appeal_id=appeal.id,
                    removal_case_id=appeal.removal_case_id,
                )
            )
    return letters
