"""Reference data pages (coordinator only): a state's districts with their schools, contacts and
statuses by program year, and the imports (reference data, the existing provider list)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import clock
from app.core.uploads import uploaded_file
from app.extensions import db
from app.models import Cycle, District, DistrictYearStatus, SchoolYearStatus
from app.reference import bp
from app.reference.forms import ImportForm, ProviderImportForm, RecordForm
from app.reference.operations.checks import states
from app.reference.operations.importing import COLUMNS, import_reference_file, record_reference
from app.reference.operations.providers import COLUMNS as PROVIDER_COLUMNS
from app.reference.operations.providers import import_provider_file, pack_for_state
from app.reference.permissions import can_manage_reference_data
from app.refusals import Refused


@bp.before_request
@login_required
def _coordinator_only():
    """Reference data is the coordinator's."""
    if not can_manage_reference_data(current_user):
        abort(403)


def _state():
    state = (request.args.get("state") or "").upper()
    return state if state in states() else None


def _statuses(model, column, ids):
    """{owner id: {program year: status}}."""
    table: dict[int, dict[int, str]] = {}
    if ids:
        for owner, year, status in db.session.execute(
            db.select(column, model.program_year, model.status).where(column.in_(ids))
        ):
            table.setdefault(owner, {})[year] = status
    return table


def _districts(state):
    query = db.select(District).order_by(District.state, District.name)
    if state:
        query = query.where(District.state == state)
    return db.session.scalars(query).all()


def render_index(state, form, *, outcome=None, record_form=None, refusal=None, status=200):
    """The districts of `state` (or of every state) with the forms and any problems."""
    districts = _districts(state)
    school_ids = [s.id for d in districts for s in d.schools]
    record_form = record_form or RecordForm(formdata=None, districts=districts)
    return render_template(
        "reference/index.html",
        districts=districts,
        state=state,
        states=states(),
        form=form,
        outcome=outcome,
        columns=COLUMNS,
        record_form=record_form,
        refusal=refusal,
        district_years=_statuses(
            DistrictYearStatus, DistrictYearStatus.district_id, [d.id for d in districts]
        ),
        school_years=_statuses(SchoolYearStatus, SchoolYearStatus.school_id, school_ids),
    ), status


@bp.route("/")
def index():
    """A state's reference data and the import form."""
    state = _state()
    return render_index(state, ImportForm(formdata=None, state=state))


@bp.route("/import", methods=["POST"])
def import_file():
    """Import districts, schools, contacts and statuses: all or nothing, every problem shown."""
    form = ImportForm()
    if not form.validate_on_submit():
        return render_index(form.state.data, form, status=422)
    outcome = import_reference_file(
        form.state.data, *uploaded_file(form.file.data), actor=current_user
    )
    if outcome.error_count:
        return render_index(form.state.data, form, outcome=outcome, status=422)
    flash(f"Imported: {outcome.added} district(s) added, {outcome.updated} updated.", "success")
    return redirect(url_for("reference.index", state=form.state.data))


@bp.route("/record", methods=["POST"])
def record():
    """Record a school, a program year's status or the contacts of one district by hand."""
    state = _state()
    form = RecordForm(districts=_districts(state))
    import_form = ImportForm(formdata=None, state=state)
    if not form.validate_on_submit():
        return render_index(state, import_form, record_form=form, status=422)
    district = db.session.get(District, form.district_id.data)
    if district is None:
        form.district_id.errors.append("Choose a district.")
        return render_index(state, import_form, record_form=form, status=422)
    try:
        record_reference(district, form.data, actor=current_user)
    except Refused as refusal:
        return render_index(state, import_form, record_form=form, refusal=refusal, status=422)
    flash(f"Recorded for {district.label}.", "success")
    return redirect(url_for("reference.index", state=state))


def _provider_form(**kwargs):
    cycles = db.session.scalars(db.select(Cycle).order_by(Cycle.opens_on.desc())).all()
    return ProviderImportForm(cycles=cycles, **kwargs)


def _render_providers(form, *, outcome=None, refusal=None, status=200):
    return render_template(
        "reference/providers.html",
        form=form,
        outcome=outcome,
        refusal=refusal,
        columns=PROVIDER_COLUMNS,
    ), status


@bp.route("/providers", methods=["GET", "POST"])
def import_providers():
    """Import the state's existing approved-provider list: all or nothing, every problem shown."""
    form = _provider_form()
    if not form.validate_on_submit():
        return _render_providers(form, status=422 if form.is_submitted() else 200)
    state = form.state.data
    policy = pack_for_state(state, current_app.config["DEFAULT_POLICY"])
    cycle = db.session.get(Cycle, form.cycle_id.data) if form.cycle_id.data else None
    try:
        outcome = import_provider_file(
            state,
            *uploaded_file(form.file.data),
            policy=policy,
            cycle=cycle,
            actor=current_user,
            today=clock.today(policy),
        )
    except Refused as refusal:
        return _render_providers(form, refusal=refusal, status=422)
    if outcome.error_count:
        return _render_providers(form, outcome=outcome, status=422)
    flash(f"Imported {outcome.added} approved provider(s) for {state}.", "success")
    return redirect(url_for("directory.index"))
