"""Renewal operations: which open rounds an organization may enter (and as what), starting a
renewal prefilled from the current approval, the changes it may not carry, whether the record
lets it be granted, and superseding the renewed approval once the renewal is approved."""

from app.audit import record_change
from app.core.dates import long_date
from app.core.lifecycle import allowed_events, apply_event
from app.extensions import db
from app.models import Application, Cycle, Document, EffectivenessResult
from app.refusals import Refused
from workflows.policy import load_policy
from workflows.renewal import change_problems, entry_kind, not_renewable_reasons, renewal_opens_on
from workflows.states import ApplicationState

# States of a renewed approval in which a renewal can no longer be granted, and why.
LOST_APPROVAL = {
    ApplicationState.REMOVED: "the approval it renews was removed",
    ApplicationState.APPEALED: "the approval it renews was removed and is under appeal",
}


def current_approval(org):
    """The organization's approved application with the latest term, or None."""
    return db.session.scalar(
        db.select(Application)
        .where(
            Application.organization_id == org.id, Application.state == ApplicationState.APPROVED
        )
        .order_by(Application.term_ends_on.desc(), Application.id.desc())
        .limit(1)
    )


def open_cycles(*, today, now):
    """Every cycle open for applications now (opened on or before `today`, due after `now`)."""
    return db.session.scalars(
        db.select(Cycle)
        .where(Cycle.opens_on <= today, Cycle.due_at > now)
        .order_by(Cycle.opens_on.desc(), Cycle.id.desc())
    ).all()


def _window(approval, cycle):
    """(opens on, term end) of `approval`'s renewal under `cycle`'s pack, or None when the pack
    has no renewal rule or the approval was made under another pack."""
    rule = load_policy(cycle.policy_code).renewal
    if rule is None or approval is None or approval.policy_code != cycle.policy_code:
        return None
    return renewal_opens_on(rule, approval.term_ends_on), approval.term_ends_on


def entry_for(org, cycle, *, today):
    """("new" | "renewal", approval or None) for `org` entering `cycle` on `today`; Refused
    (with the reason) when the round is not open to it."""
    approval = current_approval(org)
    window = _window(approval, cycle)
    kind, reason = entry_kind(
        cycle.kind, has_approval=window is not None, window=window, today=today
    )
    if kind is None:
        assert reason is not None  # entry_kind gives a reason whenever it refuses
        raise Refused(
            reason.format(
                name=cycle.name,
                opens=long_date(window[0]) if window else "",
                ends=long_date(window[1]) if window else "",
            ),
            conflict=True,
        )
    return kind, approval if kind == "renewal" else None


def rounds_for(org, *, today, now):
    """[(cycle, kind or None, reason or None)] for every open cycle, as `org` would enter it."""
    rows = []
    for cycle in open_cycles(today=today, now=now):
        try:
            kind, _ = entry_for(org, cycle, today=today)
        except Refused as refusal:
            rows.append((cycle, None, refusal.message))
        else:
            rows.append((cycle, kind, None))
    return rows


def start_renewal(approval, cycle, *, actor):
    """A renewal draft in `cycle`, prefilled from `approval` (the provider changes what changed);
    the assurances are signed again and the attachments sent again when the pack says so."""
    rule = load_policy(cycle.policy_code).renewal
    assert rule is not None  # a "renewal" entry needs the pack's renewal rule (_window)
    area = list(approval.service_area)  # loaded before the new row exists (autoflush)
    renewal = Application(
        organization=approval.organization,
        cycle=cycle,
        state=ApplicationState.DRAFT.value,
        renews=approval,
        program=dict(approval.program or {}),
        narrative=dict(approval.narrative or {}),
        service_summary=dict(approval.service_summary or {}),
        program_description=approval.program_description,
        assurances={} if rule.resign_assurances else dict(approval.assurances or {}),
        pack_fields=dict(approval.pack_fields or {}),
    )
    renewal.service_area = area
    db.session.add(renewal)
    db.session.flush()
    if rule.copy_documents:
        _copy_documents(approval, renewal, actor)
    record_change(
        renewal,
        "start_renewal",
        actor=actor,
        to_state=ApplicationState.DRAFT.value,
        reason=f"renewal of approval #{approval.id} (through "
        f"{approval.term_ends_on.isoformat()}) started for {cycle.name}",
    )
    return renewal


def _copy_documents(approval, renewal, actor):
    for doc in db.session.scalars(
        db.select(Document).where(
            Document.application_id == approval.id,
            Document.condition_id.is_(None),
            Document.violation_id.is_(None),
            Document.appeal_id.is_(None),
        )
    ):
        db.session.add(
            Document(
                kind=doc.kind,
                filename=doc.filename,
                size_bytes=doc.size_bytes,
                content_type=doc.content_type,
                sha256=doc.sha256,
                content=doc.content,
                uploaded_by=actor,
                organization_id=doc.organization_id,
                application=renewal,
            )
        )
    db.session.flush()


def _renewal_terms(application, curriculum_field):
    store, _, key = (curriculum_field or "").partition(".")
    curriculum = (getattr(application, store, None) or {}).get(key) if key else None
    return {
        "subjects_by_grade": (application.program or {}).get("subjects_by_grade") or {},
        "curriculum": curriculum,
    }


def renewal_change_problems(application, policy):
    """[(store, Problem)] for each change the renewal may not carry (they need a new
    application); [] for an application that renews nothing."""
    rule = policy.renewal
    if application.renews is None or rule is None:
        return []
    before = _renewal_terms(application.renews, rule.curriculum_field)
    after = _renewal_terms(application, rule.curriculum_field)
    found = []
    for item in change_problems(rule, before, after):
        store, _, key = item.field.partition(".")
        found.append(("program", item) if not key else (store, type(item)(key, item.message)))
    return found


def statuses_by_subject(org_id):
    """{subject: {program year: status}} of the organization's effectiveness results."""
    found: dict[str, dict[int, str]] = {}
    for row in db.session.scalars(
        db.select(EffectivenessResult).where(EffectivenessResult.organization_id == org_id)
    ):
        found.setdefault(row.subject, {})[row.program_year] = row.status
    return found


def not_renewable(application, policy):
    """Why `application` (a renewal) cannot be granted: [] when it can, or when it renews
    nothing (a new application has no record to refuse it on)."""
    if application.renews is None:
        return []
    reasons = not_renewable_reasons(statuses_by_subject(application.organization_id), policy)
    lost = LOST_APPROVAL.get(application.renews.state)
    return reasons + ([f"The renewal cannot be granted: {lost}."] if lost else [])


def supersede_renewed(application, *, actor, today):
    """Once `application` is approved, the approval it renews leaves the list (expired as
    superseded) so the provider is listed once. No-op for a new application, and for a renewed
    approval the table no longer lets the coordinator supersede (it already ended)."""
    renewed = application.renews
    if renewed is None or "superseded" not in allowed_events(renewed, "coordinator"):
        return None
    return apply_event(
        renewed,
        "superseded",
        actor=actor,
        role="coordinator",
        reason=f"superseded on {today.isoformat()} by renewal #{application.id} "
        f"(approved through {application.term_ends_on.isoformat()})",
    )
