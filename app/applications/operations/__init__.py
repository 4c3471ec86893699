"""Provider operations: register an organization, edit its profile, start an application for
the open cycle, and save a section of a draft. Each changes records, writes the audit entry where
a state or a party changes, and flushes; the view commits once.
"""

import re

from app.applications.forms.sections import section_for
from app.applications.forms.values import normalize
from app.applications.operations.admission import organization_refusal
from app.audit import record_change
from app.core.policy import policy_of
from app.extensions import db
from app.locking import lock
from app.models import Application, District, Organization, User
from app.refusals import Refused
from app.renewals.operations import entry_for, open_cycles, start_renewal
from workflows.states import ApplicationState

EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.REVISIONS_NEEDED)
ORG_FIELDS = (
    "name",
    "org_type",
    "category",
    "ein",
    "address",
    "phone",
    "website",
    "contact_name",
    "contact_email",
)


def is_editable(application):
    """True while the provider may change the application (a draft, or returned for revisions)."""
    return application.state in EDITABLE_STATES


def read_only_reason(application):
    """Why the application cannot be changed now (for the message beside a refused save)."""
    return (
        f"This application is {application.state.replace('_', ' ')} and can no longer be "
        "changed; only a draft, or an application returned for revisions, can be edited."
    )


def _unique_code(name):
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:30] or "provider"
    code, n = base, 1
    while db.session.scalar(db.select(Organization.id).where(Organization.code == code)):
        n += 1
        code = f"{base}-{n}"
    return code


def _apply_profile(org, data):
    for key in ORG_FIELDS:
        setattr(org, key, data.get(key) or None)
    status = data.get("lea_status")
    org.district_id = data.get("district_id") if status == "district" else None
    org.school_id = data.get("school_id") if status == "school" else None


def register_organization(data):
    """Create the organization and its first provider account from registration data.
    Refused when the e-mail address already has an account."""
    email = data["user_email"].strip().lower()
    if db.session.scalar(db.select(User.id).where(User.email == email)):
        raise Refused(f"An account already uses {email}; sign in instead.", field="user_email")
    org = Organization(code=_unique_code(data["name"]), debarred=data["debarred"] == "yes")
    _apply_profile(org, data)
    user = User(email=email, name=data["user_name"], password_hash="", organization=org)
    user.set_password(data["password"])
    user.set_roles(["provider"])
    db.session.add_all([org, user])
    db.session.flush()
    record_change(
        org,
        "register_organization",
        actor=user,
        to_state="registered",
        reason=f"registered by {email}" + ("; declared debarred" if org.debarred else ""),
    )
    record_change(
        user,
        "create_user",
        actor=user,
        to_state="provider",
        reason=f"provider account created at registration for {org.name}",
    )
    return org, user


def update_organization(org, data, *, actor):
    """Change the organization's profile. Only the coordinator can clear a debarment."""
    debarred = data["debarred"] == "yes"
    if org.debarred and not debarred and not actor.has_role("coordinator"):
        raise Refused(
            "Only the SES coordinator can clear a debarment record; contact the SES office.",
            field="debarred",
        )
    before = "debarred" if org.debarred else "eligible"
    _apply_profile(org, data)
    org.debarred = debarred
    db.session.flush()
    record_change(
        org,
        "update_organization",
        actor=actor,
        from_state=before,
        to_state="debarred" if debarred else "eligible",
        reason="profile updated",
    )
    return org


def _chosen_cycle(cycle_id, *, today, now):
    """The open cycle called `cycle_id`, or the latest open one when none is named."""
    rounds = open_cycles(today=today, now=now)
    if not rounds:
        raise Refused("No application cycle is open now.")
    if cycle_id is None:
        return rounds[0]
    chosen = next((c for c in rounds if c.id == cycle_id), None)
    if chosen is None:
        raise Refused("That application cycle is not open now.")
    return chosen


def start_application(org, *, actor, today, now, cycle_id=None):
    """A new draft, or a renewal of the current approval, in an open cycle (`cycle_id`, or the
    latest open one); one per organization per cycle. Which one the round admits is the pack's
    rule (app.renewals.operations.entry_for); eligibility is judged on the cycle's program year."""
    refusal = organization_refusal(org)
    if refusal:
        raise Refused(refusal, conflict=True)
    cycle = _chosen_cycle(cycle_id, today=today, now=now)
    refusal = organization_refusal(org, cycle)
    if refusal:
        raise Refused(refusal)
    existing = db.session.scalar(
        db.select(Application).where(
            Application.organization_id == org.id, Application.cycle_id == cycle.id
        )
    )
    if existing is not None:
        raise Refused(f"{org.name} already has an application for {cycle.name}.", conflict=True)
    kind, approval = entry_for(org, cycle, today=today)
    if kind == "renewal":
        return start_renewal(approval, cycle, actor=actor)
    application = Application(
        organization=org,
        cycle=cycle,
        state=ApplicationState.DRAFT.value,
        program={},
        narrative={},
        assurances={},
        pack_fields={},
        service_summary={
            "contact_name": org.contact_name or "",
            "contact_phone": org.phone or "",
            "contact_email": org.contact_email or "",
            "website": org.website or "",
        },
    )
    db.session.add(application)
    db.session.flush()
    record_change(
        application,
        "start",
        actor=actor,
        to_state=ApplicationState.DRAFT.value,
        reason=f"application started for {cycle.name}",
    )
    return application


def _read_field(spec, form, old, errors, districts):
    """The value to store for `spec` from the posted `form`; unusable parts go to `errors`."""
    if spec.kind in ("bool", "agree"):
        return spec.key in form
    if spec.kind == "choice":
        value = form.get(spec.key, "")
        if value and value not in dict(spec.choices):
            errors[spec.key] = f"“{value}” is not one of the choices."
            return old
        return value or None
    if spec.kind in ("multi", "assurances"):
        known = [k for k, _ in spec.choices]
        picked = form.getlist(spec.key)
        if any(p not in known for p in picked):
            errors[spec.key] = "Some choices were not recognized and were left out."
        return [k for k in known if k in picked]
    if spec.kind == "grid":
        return _read_grid(spec, form)
    if spec.kind == "districts":
        return _read_districts(form.getlist(spec.key), districts, errors)
    return normalize(spec, form.get(spec.key, ""))


def _read_grid(spec, form):
    """{subject: [grade spans]} from one checkbox group per subject; unknown ones are dropped."""
    spans, grid = [s for s, _ in spec.choices], {}
    for subject, _ in spec.rows:
        picked = form.getlist(f"{spec.key}.{subject}")
        if set(picked) & set(spans):
            grid[subject] = [s for s in spans if s in picked]
    return grid


def _read_districts(raw_ids, districts, errors):
    chosen, unknown = [], []
    for raw in raw_ids:
        digits = raw.strip()
        district = (
            districts.get(int(digits))
            if digits.isascii() and digits.isdigit() and len(digits) < 10
            else None
        )
        (chosen.append(district) if district else unknown.append(raw))
    if unknown:
        errors["service_area"] = (
            "Not a district of this state: "
            + ", ".join(f"“{u}”" for u in unknown)
            + ". The other districts were saved."
        )
    return chosen


def save_section(application, section_key, form, *, actor):
    """Store everything posted for one section of a draft, valid or not.

    Returns {field: message} for input that could not be stored at all (an unknown district,
    a choice that is not offered); everything else is kept as typed and checked by the
    checklist. Refused when the application is not editable.
    """
    lock(application)
    if not is_editable(application):
        raise Refused(read_only_reason(application), conflict=True)
    policy = policy_of(application)
    section = section_for(policy, section_key)
    if section.store == "program_description":
        application.program_description = (
            normalize(section.fields[0], form.get("program_description", "")) or None
        )
        return {}
    districts = {
        d.id: d
        for d in db.session.scalars(db.select(District).where(District.state == policy.state))
    }
    stored = dict(getattr(application, section.store) or {})
    errors: dict[str, str] = {}
    for spec in section.fields:
        value = _read_field(spec, form, stored.get(spec.key), errors, districts)
        if spec.kind == "districts":
            stored["statewide"] = "statewide" in form
            if stored["statewide"] and not policy.limits.statewide_refused:
                value = sorted(districts.values(), key=lambda d: d.name)
            application.service_area = value
        else:
            stored[spec.key] = value
    setattr(application, section.store, stored)
    db.session.flush()
    return errors
