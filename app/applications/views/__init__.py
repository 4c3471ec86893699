"""Organization pages: public registration, the profile and its editing, starting an
application for the open cycle."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from app import clock
from app.applications import bp
from app.applications.forms import OrganizationForm, RegistrationForm
from app.applications.operations import (
    ORG_FIELDS,
    register_organization,
    start_application,
    update_organization,
)
from app.applications.operations.admission import organization_refusal
from app.applications.permissions import can_apply_for, can_edit_organization
from app.boundary import refuse
from app.core.loading import load_for
from app.core.permissions import can_view_organization
from app.extensions import db, limiter
from app.models import District, Organization, School
from app.models.orgs import ORGANIZATION_TYPE_LABELS
from app.refusals import Refused
from app.renewals.operations import rounds_for


def _limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _choices():
    """Districts and schools for the eligibility questions."""
    districts = db.session.scalars(db.select(District).order_by(District.name)).all()
    schools = db.session.scalars(
        db.select(School).join(District).order_by(District.name, School.name)
    ).all()
    return {"districts": districts, "schools": schools}


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def register():
    """A prospective provider registers its organization and its first account."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form, status = RegistrationForm(**_choices()), 200
    if form.validate_on_submit():
        try:
            org, user = register_organization(form.data)
        except Refused as refusal:
            status = refuse(refusal, form)
        else:
            login_user(user)
            # never "you can now apply" above the refusal of an organization that cannot
            next_step = "" if organization_refusal(org) else " You can now start an application."
            flash(f"{org.name} is registered.{next_step}", "success")
            return redirect(url_for("applications.organization", org_id=org.id))
    return render_template("applications/register.html", form=form), status


@bp.route("/organizations/<int:org_id>")
@login_required
def organization(org_id):
    """An organization's profile and its applications."""
    org = load_for(current_user, Organization, org_id, can_view_organization)
    rounds = rounds_for(org, today=clock.today(), now=clock.now())
    return render_template(
        "applications/organization.html",
        org=org,
        rounds=rounds,
        refusal=organization_refusal(org),
        may_apply=can_apply_for(current_user, org),
        type_labels=ORGANIZATION_TYPE_LABELS,
    )


def _cycle_id(form):
    """The cycle chosen on the organization page (None: the latest open one)."""
    raw = form.get("cycle_id", "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def _profile(org):
    """The form's starting values for `org`."""
    data = {key: getattr(org, key) for key in ORG_FIELDS}
    data.update(
        district_id=org.district_id,
        school_id=org.school_id,
        lea_status="district" if org.district_id else "school" if org.school_id else "no",
        debarred="yes" if org.debarred else "no",
    )
    return data


@bp.route("/organizations/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit_organization(org_id):
    """Edit the organization's profile and eligibility answers."""
    org = load_for(current_user, Organization, org_id, can_edit_organization)
    form, status = OrganizationForm(data=_profile(org), **_choices()), 200
    if form.validate_on_submit():
        try:
            update_organization(org, form.data, actor=current_user)
        except Refused as refusal:
            status = refuse(refusal, form)
        else:
            flash("The organization's profile is saved.", "success")
            return redirect(url_for("applications.organization", org_id=org.id))
    return render_template("applications/organization_form.html", form=form, org=org), status


@bp.route("/organizations/<int:org_id>/applications", methods=["POST"])
@login_required
def start(org_id):
    """Start the organization's application for the open cycle."""
    org = load_for(current_user, Organization, org_id, can_apply_for)
    try:
        application = start_application(
            org,
            actor=current_user,
            today=clock.today(),
            now=clock.now(),
            cycle_id=_cycle_id(request.form),
        )
    except Refused as refusal:
        refuse(refusal)  # flashed on the organization's page
        return redirect(url_for("applications.organization", org_id=org.id))
    return redirect(
        url_for("applications.section", application_id=application.id, section_key="program")
    )
