"""Accounts: list, create, edit (coordinator only)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.admin import bp
from app.admin.forms import UserForm
from app.admin.operations import create_user, update_user
from app.admin.permissions import can_manage_users, can_view_audit_log
from app.admin.queries import AuditFilterForm, AuditFilters, audit_entries_query
from app.admin.queries.labels import event_label, record_label, record_url, state_label
from app.boundary import refuse
from app.core.loading import load_for
from app.core.policy import default_policy
from app.extensions import db
from app.models import District, Organization, User
from app.pagination import paginate
from app.refusals import Refused

AUDIT_PER_PAGE = 50


def _form(creating, **kwargs):
    organizations = db.session.scalars(db.select(Organization).order_by(Organization.name)).all()
    districts = db.session.scalars(db.select(District).order_by(District.name)).all()
    return UserForm(organizations=organizations, districts=districts, creating=creating, **kwargs)


@bp.before_request
@login_required
def _signed_in():
    """Every admin page needs a signed-in user; each view checks its own permission."""


@bp.route("/users")
def users():
    """All accounts with their roles."""
    if not can_manage_users(current_user):
        abort(403)
    rows = db.session.scalars(db.select(User).order_by(User.name)).all()
    return render_template("admin/users.html", users=rows)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    """Create an account and choose its roles."""
    if not can_manage_users(current_user):
        abort(403)
    form = _form(creating=True)
    status = 200
    if form.validate_on_submit():
        try:
            user = create_user(form.data, actor=current_user)
        except Refused as error:
            status = refuse(error, form)
        else:
            flash(f"Account created for {user.name}.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id):
    """Change an account's details, roles, organization or district."""
    user = load_for(current_user, User, user_id, lambda user, _: can_manage_users(user))
    form = _form(creating=False, obj=user)
    status = 200
    if form.validate_on_submit():
        try:
            update_user(user, form.data, actor=current_user)
        except Refused as error:
            status = refuse(error, form)
        else:
            flash(f"Account of {user.name} updated.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user), status


for _helper in (record_label, record_url, event_label, state_label):
    bp.app_template_global(_helper.__name__)(_helper)


@bp.route("/audit")
def audit_log():
    """Audit entries, newest first, filtered by record, actor and dates, a page at a time."""
    if not can_view_audit_log(current_user):
        abort(403)
    form = AuditFilterForm(formdata=request.args)
    filters = AuditFilters.from_form(form) if form.validate() else AuditFilters()
    tzinfo = default_policy().tzinfo
    page = paginate(audit_entries_query(filters, tzinfo), per_page=AUDIT_PER_PAGE)
    return render_template("admin/audit.html", form=form, page=page)
