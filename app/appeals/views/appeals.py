"""Appeal pages: the provider files; the coordinator reviews and convenes the committee; the
committee's members record the hearing and the final decision."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.appeals import bp
from app.appeals.forms import (
    AppealForm,
    AppointForm,
    CommitteeDecisionForm,
    HearingForm,
    MemberChangeForm,
    ReviewForm,
)
from app.appeals.operations.committee import (
    MODE_LABELS,
    appoint_members,
    committee_dates,
    decide_appeal,
    member_conflicts,
    record_hearing,
)
from app.appeals.operations.filing import (
    appeal_window,
    file_appeal,
    record_portal_receipt,
    review_appeal,
)
from app.appeals.operations.membership import change_member
from app.appeals.operations.removal import removal_notice
from app.appeals.permissions import (
    can_decide_appeal,
    can_file_appeal,
    can_manage_removals,
    can_record_hearing,
    can_view_appeal,
)
from app.audit import history
from app.boundary import act, undo
from app.clock import today
from app.core.loading import load_for
from app.core.policy import policy_of
from app.core.uploads import uploaded_files
from app.extensions import db
from app.models import Appeal, Application, Document, RemovalCase, User, UserRole
from app.refusals import Refused
from workflows.engine import InvalidTransition


def _today_for(application):
    return today(policy_of(application))


def _render_filing(case, form, *, status=200, refusal=None):
    return render_template(
        "appeals/file_appeal.html",
        case=case,
        form=form,
        refusal=refusal,
        notice=removal_notice(case),
        window=appeal_window(case),
        day=_today_for(case.application),
    ), status


@bp.route("/cases/<int:case_id>/appeal", methods=["GET", "POST"])
@login_required
def file(case_id):
    """The provider reads the notice of removal (its portal receipt) and files its appeal."""
    case = load_for(current_user, RemovalCase, case_id, can_file_appeal)
    if case.appeal is not None and request.method == "GET":  # a second filing is refused (409)
        return redirect(url_for("appeals.appeal", appeal_id=case.appeal.id))
    if removal_notice(case) is None:
        abort(404)
    if request.method == "GET":
        record_portal_receipt(case, user=current_user, today=_today_for(case.application))
    form = AppealForm()
    if not form.validate_on_submit():
        return _render_filing(case, form, status=422 if form.is_submitted() else 200)
    try:
        appeal = file_appeal(
            case,
            letter=form.letter.data,
            files=uploaded_files(form.evidence),
            actor=current_user,
            today=_today_for(case.application),
        )
    except (Refused, InvalidTransition) as error:
        refusal = undo(error)
        return _render_filing(case, form, status=refusal.status_code, refusal=refusal)
    flash("Your appeal was filed; a receipt is in your letters.", "success")
    return redirect(url_for("appeals.appeal", appeal_id=appeal.id))


@bp.route("/")
@login_required
def appeals():
    """Appeals: all for the coordinator, a provider's own, the ones a member sits on."""
    query = (
        db.select(Appeal)
        .join(RemovalCase, Appeal.removal_case_id == RemovalCase.id)
        .join(Application, RemovalCase.application_id == Application.id)
        .order_by(Appeal.filed_on.desc(), Appeal.id.desc())
    )
    if can_manage_removals(current_user):
        pass
    elif current_user.has_role("provider") and current_user.organization_id:
        query = query.where(Application.organization_id == current_user.organization_id)
    elif current_user.has_role("committee"):
        query = query.where(Appeal.members.any(user_id=current_user.id))
    else:
        abort(403)
    return render_template("appeals/appeals.html", appeals=db.session.scalars(query).all())


def _candidates(appeal):
    """Active committee-role users not yet on this committee, each with its conflicts."""
    sitting = {m.user_id for m in appeal.members}
    users = db.session.scalars(
        db.select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "committee", User.active.is_(True))
        .order_by(User.name)
    ).all()
    application = appeal.removal_case.application
    return [(u, member_conflicts(u, application)) for u in users if u.id not in sitting]


def render_appeal(appeal, *, status=200, refusal=None, **forms):
    """The appeal page with the forms the viewer may use."""
    candidates = _candidates(appeal) if can_manage_removals(current_user) else []
    forms.setdefault("review_form", ReviewForm(formdata=None, prefix="rev"))
    forms.setdefault(
        "appoint_form",
        AppointForm(formdata=None, prefix="app", candidates=[u for u, _ in candidates]),
    )
    forms.setdefault(
        "member_form",
        MemberChangeForm(
            formdata=None,
            prefix="mem",
            members=appeal.members,
            candidates=[u for u, c in candidates if not c],
        ),
    )
    forms.setdefault(
        "hearing_form",
        HearingForm(
            formdata=None,
            prefix="hear",
            held_on=appeal.hearing_on,
            mode=appeal.hearing_mode,
            notes=appeal.hearing_notes,
        ),
    )
    forms.setdefault("decision_form", CommitteeDecisionForm(formdata=None, prefix="cd"))
    application = appeal.removal_case.application
    return render_template(
        "appeals/appeal.html",
        appeal=appeal,
        case=appeal.removal_case,
        refusal=refusal,
        window=appeal_window(appeal.removal_case),
        candidates=candidates,
        dates=committee_dates(appeal, _today_for(application)),
        mode_labels=MODE_LABELS,
        may_manage=can_manage_removals(current_user),
        may_hear=can_record_hearing(current_user, appeal),
        may_decide=can_decide_appeal(current_user, appeal),
        history=history(appeal),
        **forms,
    ), status


@bp.route("/<int:appeal_id>")
@login_required
def appeal(appeal_id):
    """One appeal: the letter and evidence, the review, the committee and its decision."""
    return render_appeal(load_for(current_user, Appeal, appeal_id, can_view_appeal))


@bp.route("/<int:appeal_id>/documents/<int:document_id>")
@login_required
def document(appeal_id, document_id):
    """Download the appeal letter or an evidence file."""
    appeal = load_for(current_user, Appeal, appeal_id, can_view_appeal)
    doc = db.get_or_404(Document, document_id)
    if doc.appeal_id != appeal.id:
        abort(404)
    return Response(
        doc.content,
        mimetype="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{doc.filename}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


def _appeal_action(appeal, form_name, form, operation, message):
    """Validate `form`, run `operation()`; re-render with the problem if refused."""

    def run():
        operation()
        return message

    return act(
        form,
        run,
        render=lambda status, refusal: render_appeal(
            appeal, status=status, refusal=refusal, **{form_name: form}
        ),
        done=url_for("appeals.appeal", appeal_id=appeal.id),
        place=False,
    )


@bp.route("/<int:appeal_id>/review", methods=["POST"])
@login_required
def review(appeal_id):
    """The department rescinds the removal or retains it and convenes the committee."""
    appeal = load_for(current_user, Appeal, appeal_id, lambda user, _: can_manage_removals(user))
    form = ReviewForm(prefix="rev")
    return _appeal_action(
        appeal,
        "review_form",
        form,
        lambda: review_appeal(
            appeal,
            rescind=form.outcome.data == "rescind",
            reviewed_on=form.reviewed_on.data,
            notes=form.notes.data,
            actor=current_user,
            today=_today_for(appeal.removal_case.application),
        ),
        "Review recorded; letters issued.",
    )


@bp.route("/<int:appeal_id>/members", methods=["POST"])
@login_required
def appoint(appeal_id):
    """Appoint committee members (refused, naming each reason, if any is not neutral)."""
    appeal = load_for(current_user, Appeal, appeal_id, lambda user, _: can_manage_removals(user))
    form = AppointForm(prefix="app", candidates=[u for u, _ in _candidates(appeal)])

    def operation():
        users = [db.session.get(User, i) for i in form.members.data or []]
        appoint_members(
            appeal, users, actor=current_user, today=_today_for(appeal.removal_case.application)
        )

    return _appeal_action(appeal, "appoint_form", form, operation, "Committee members appointed.")


@bp.route("/<int:appeal_id>/members/change", methods=["POST"])
@login_required
def change_members(appeal_id):
    """Remove or replace a member before the hearing (refused, naming the reason)."""
    appeal = load_for(current_user, Appeal, appeal_id, lambda user, _: can_manage_removals(user))
    form = MemberChangeForm(
        prefix="mem", members=appeal.members, candidates=[u for u, _ in _candidates(appeal)]
    )
    return _appeal_action(
        appeal,
        "member_form",
        form,
        lambda: change_member(
            appeal,
            form.member.data,
            db.session.get(User, form.replacement.data) if form.replacement.data else None,
            reason=form.reason.data,
            actor=current_user,
            today=_today_for(appeal.removal_case.application),
        ),
        "Committee membership changed.",
    )


@bp.route("/<int:appeal_id>/hearing", methods=["POST"])
@login_required
def hearing(appeal_id):
    """Record the hearing: date, how the provider presented its evidence, notes."""
    appeal = load_for(current_user, Appeal, appeal_id, can_record_hearing)
    form = HearingForm(prefix="hear")
    return _appeal_action(
        appeal,
        "hearing_form",
        form,
        lambda: record_hearing(
            appeal,
            held_on=form.held_on.data,
            mode=form.mode.data,
            notes=form.notes.data,
            actor=current_user,
            today=_today_for(appeal.removal_case.application),
        ),
        "Hearing recorded.",
    )


@bp.route("/<int:appeal_id>/decision", methods=["POST"])
@login_required
def committee_decision(appeal_id):
    """A committee member records the final decision; the provider is notified."""
    appeal = load_for(current_user, Appeal, appeal_id, can_decide_appeal)
    form = CommitteeDecisionForm(prefix="cd")
    return _appeal_action(
        appeal,
        "decision_form",
        form,
        lambda: decide_appeal(
            appeal,
            uphold=form.decision.data == "uphold",
            votes_for=form.votes_for.data,
            votes_against=form.votes_against.data,
            reasons=form.reasons.data,
            actor=current_user,
            today=_today_for(appeal.removal_case.application),
        ),
        "Decision recorded; the provider has been notified.",
    )
