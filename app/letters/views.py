"""Letter pages: the list, one letter (with its receipt dates), its PDF, and the coordinator's
certified-mail receipt and resend actions. There is no route that edits or deletes a letter."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import clock
from app.audit import history
from app.boundary import refuse
from app.core.dates import long_date
from app.core.loading import load_for
from app.core.permissions import is_coordinator
from app.extensions import db
from app.letters import bp
from app.letters.forms import CertifiedMailForm, LetterFilterForm, ResendForm, kind_label
from app.letters.operations import (
    LetterFilters,
    letters_query,
    record_certified_mail_receipt,
    record_portal_opening,
    resend_letter,
)
from app.letters.operations.letterhead import appeal_due
from app.letters.operations.pdf import BATCH_LIMIT, letter_pdf, letters_batch_pdf, pdf_filename
from app.letters.permissions import (
    can_list_letters,
    can_record_letter_receipt,
    can_resend_letter,
    can_view_letter,
    is_letter_addressee,
)
from app.models import District, Letter
from app.pagination import paginate
from app.refusals import Refused

PER_PAGE = 25


@bp.before_request
@login_required
def _signed_in():
    """Every letter page needs a signed-in user; each view checks its own permission."""


@bp.app_template_filter("letter_kind")
def _letter_kind(kind):
    return kind_label(kind)


def _today(letter):
    """Today in the time zone of the letter's policy pack (the default pack's otherwise)."""
    if letter.application is not None:
        from workflows.policy import load_policy

        return clock.today(load_policy(letter.application.policy_code))
    return clock.today()


def _filter_form():
    districts = db.session.scalars(db.select(District).order_by(District.name))
    return LetterFilterForm(formdata=request.args, districts=districts.all())


@bp.route("/")
def index():
    """Letters the user may read: all (with filters) for the coordinator, the organization's for
    a provider, the district's for a district user."""
    if not can_list_letters(current_user):
        abort(403)
    form = _filter_form() if is_coordinator(current_user) else None
    page = paginate(letters_query(current_user, _filters(form)), per_page=PER_PAGE)
    return render_template("letters/index.html", form=form, page=page)


def _filters(form):
    """The coordinator's filters from the list's form (none when it does not validate)."""
    if form is not None and form.validate():
        return form.filters()
    return LetterFilters()


@bp.route("/print.pdf")
def print_batch():
    """Every letter of one kind matching the list's filters in one PDF, each on its own page:
    the coordinator's batch for printing and certified mail (at most BATCH_LIMIT letters)."""
    if not is_coordinator(current_user):
        abort(403)
    form = _filter_form()
    filters = _filters(form)
    letters = db.session.scalars(letters_query(current_user, filters).limit(BATCH_LIMIT + 1)).all()
    refusal = (
        None
        if filters.kind and 0 < len(letters) <= BATCH_LIMIT
        else Refused(
            "Choose one kind of letter to print them together."
            if not filters.kind
            else "No letters match these filters."
            if not letters
            else f"More than {BATCH_LIMIT} letters match; "
            "narrow the dates to print them in batches."
        )
    )
    if refusal is not None:
        flash(refusal.message, "error")
        page = paginate(letters_query(current_user, filters), per_page=PER_PAGE)
        return render_template("letters/index.html", form=form, page=page), 422
    name = f"letters-{filters.kind}-{len(letters)}.pdf"
    return (
        letters_batch_pdf(list(reversed(letters))),
        200,
        {
            "Content-Type": "application/pdf",
            "Content-Disposition": f'attachment; filename="{name}"',
        },
    )


def _render_show(letter, receipt_form=None):
    return render_template(
        "letters/show.html",
        letter=letter,
        history=history(letter),
        appeal_due=appeal_due(letter),
        receipt_form=receipt_form
        or CertifiedMailForm(formdata=None, received_on=letter.certified_mail_received_on),
        resend_form=ResendForm(formdata=None),
        may_record=can_record_letter_receipt(current_user, letter),
        may_resend=can_resend_letter(current_user, letter),
    )


def _note_opening(letter):
    """The addressed provider's first opening is the portal receipt (002 "Appeal")."""
    if is_letter_addressee(current_user, letter):
        record_portal_opening(letter, actor=current_user, today=_today(letter))


@bp.route("/<int(max=2147483647):letter_id>")
def show(letter_id):
    """The letter as issued, with its sent, e-mailed and receipt dates."""
    letter = load_for(current_user, Letter, letter_id, can_view_letter)
    _note_opening(letter)
    return _render_show(letter)


@bp.route("/<int(max=2147483647):letter_id>/pdf")
def pdf(letter_id):
    """The letter as a PDF download (downloading counts as opening it)."""
    letter = load_for(current_user, Letter, letter_id, can_view_letter)
    _note_opening(letter)
    return (
        letter_pdf(letter),
        200,
        {
            "Content-Type": "application/pdf",
            "Content-Disposition": f'attachment; filename="{pdf_filename(letter)}"',
        },
    )


@bp.route("/<int(max=2147483647):letter_id>/certified-mail", methods=["POST"])
def certified_mail(letter_id):
    """Record the date on the certified mail return receipt."""
    letter = load_for(current_user, Letter, letter_id, can_record_letter_receipt)
    form = CertifiedMailForm()
    if form.validate_on_submit():
        try:
            record_certified_mail_receipt(
                letter, form.received_on.data, actor=current_user, today=_today(letter)
            )
        except Refused as error:
            status = refuse(error, form)
            return _render_show(letter, receipt_form=form), status
        else:
            flash(
                f"Certified mail receipt recorded: {long_date(form.received_on.data)}.", "success"
            )
            return redirect(url_for("letters.show", letter_id=letter.id))
    return _render_show(letter, receipt_form=form), 422


@bp.route("/<int(max=2147483647):letter_id>/resend", methods=["POST"])
def resend(letter_id):
    """E-mail the letter again to the recipient's current address."""
    letter = load_for(current_user, Letter, letter_id, can_resend_letter)
    if not ResendForm().validate_on_submit():
        abort(400)
    queued, address = resend_letter(letter, actor=current_user)
    if queued:
        flash(
            f"The letter will be e-mailed again to {address} in a moment (the mail worker "
            "sends it; this page shows when it went).",
            "success",
        )
    elif address:
        flash(
            f"The e-mail to {address} could not be sent (no mail server configured); it was "
            "written to the log. The letter stays in the portal.",
            "error",
        )
    else:
        flash(
            "The recipient has no e-mail address on record; the letter stays in the portal.",
            "error",
        )
    return redirect(url_for("letters.show", letter_id=letter.id))
