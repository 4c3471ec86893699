"""Public directory pages (no sign-in): search, provider page, districts, master chart exports,
the district list for the parent notification letter, and the slots calculator."""

import threading

from cachetools import LRUCache
from flask import Response, current_app, render_template, request
from flask_babel import gettext

from app import clock
from app.core.kept import kept_in
from app.core.policy import default_policy
from app.directory import bp
from app.directory.forms import DirectoryFilterForm, SlotsForm, filter_options
from app.directory.queries import (
    DirectoryFilters,
    districts_with_counts,
    find_listing,
    languages_offered,
    matching_listings,
    pack_codes,
    search,
    subjects_offered,
)
from app.directory.queries.chart import (
    COLUMNS,
    chart_row,
    display,
    master_chart_csv,
    master_chart_xlsx,
)
from app.directory.queries.listing import (
    MODE_LABELS,
    PLACE_LABELS,
    SUBJECT_LABELS,
    label_for,
    where_delivered,
)
from app.extensions import db
from app.i18n import current_language
from app.models import District
from workflows.funding import ses_slots
from workflows.policy import PolicyError, load_policy

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SLOT_EXAMPLES = (
    (
        "37,000",
        "1,200",
        '000 (Missouri SES Process, "Initial steps" 2: the text\'s '
        '"approximately 31" is 30 whole students)',
    ),
    (
        "85,000",
        "1,200",
        '001 (Massachusetts handbook, "Determine how many students can be served")',
    ),
)


def _policy():
    return default_policy()


def _in_order(lists):
    seen: list = []
    for values in lists:
        seen.extend(v for v in values if v not in seen)
    return seen


def filter_form():
    """The search form read from the query string, with its choices filled in: every pack's
    subjects and grade spans (MA adds Science, 001), their states (a listing's state is its
    cycle's pack's), and the languages listed."""
    options = current_app.extensions["directory_cache"].kept(
        ("filter options", current_language()), lambda: filter_options(**_filter_choices())
    )
    return DirectoryFilterForm(formdata=request.args, options=options)


def _filter_choices():
    """The drop-downs' choices: four queries, so their rendered options are kept per directory
    version (a district, cycle or listing change raises it; app/directory/views/cache.py) and
    language."""
    districts = db.session.execute(
        db.select(District.id, District.name, District.code).order_by(District.name, District.code)
    )
    packs = [load_policy(code) for code in pack_codes(_policy().code) if _known(code)]
    return dict(
        districts=[(i, f"{name} {code}") for i, name, code in districts],
        subjects=subjects_offered(_in_order(p.subjects for p in packs)),
        grade_spans=_in_order(p.grade_spans for p in packs),
        states=sorted({p.state for p in packs}),
        languages=languages_offered(),
    )


def _known(code):
    try:
        load_policy(code)
    except PolicyError:
        return False
    return True


def _filters(form):
    """The validated filters; a malformed query string filters by nothing it could not read."""
    return form.filters() if form.validate() else DirectoryFilters()


@bp.route("/")
def index():
    """Approved providers, filtered and paged."""
    form = filter_form()
    page = search(_filters(form), page=request.args.get("page", 1, type=int))
    return render_template("directory/index.html", form=form, page=page)


@bp.route("/providers/<int(max=2147483647):organization_id>")
def provider(organization_id):
    """One approved provider's service summary and program description."""
    listing = find_listing(organization_id)
    if listing is None:
        return render_template(
            "errors/error.html",
            code=404,
            title=gettext("Provider not found"),
            text=gettext("This provider is not on the list of approved providers."),
        ), 404
    return render_template(
        "directory/provider.html",
        listing=listing,
        columns=COLUMNS,
        row=chart_row(listing),
        display=display,
    )


def _chart_listings():
    return matching_listings(_filters(filter_form()))


@bp.route("/master-chart.csv")
def master_chart_csv_export():
    """The master chart as CSV (all approved providers, or those matching the filters)."""
    name = f"ses-master-chart-{clock.today().isoformat()}.csv"
    return Response(
        master_chart_csv(_chart_listings()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/master-chart.xlsx")
def master_chart_xlsx_export():
    """The master chart as an Excel workbook."""
    name = f"ses-master-chart-{clock.today().isoformat()}.xlsx"
    return Response(
        master_chart_xlsx(_chart_listings()),
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/districts")
def districts():
    """Every district with the number of approved providers serving it."""
    return render_template("directory/districts.html", rows=districts_with_counts())


@bp.route("/districts/<int(max=2147483647):district_id>")
def district(district_id):
    """The providers serving one district, laid out for the parent notification letter."""
    district = db.get_or_404(District, district_id)
    listings = matching_listings(DirectoryFilters(district_id=district.id))
    return render_template(
        "directory/district.html", district=district, listings=listings, as_of=clock.today()
    )


@bp.route("/slots")
def slots():
    """SES amount / per-pupil cap, rounded down (000, 001)."""
    form = SlotsForm(formdata=request.args if request.args else None)
    result = None
    if request.args and form.validate():
        result = ses_slots(form.amount.amount, form.per_pupil.amount)
    return render_template("directory/slots.html", form=form, result=result, examples=SLOT_EXAMPLES)


# (language, filter, value): text, in this worker
_TRANSLATED: LRUCache[tuple[str, str, object], str] = LRUCache(maxsize=4096)
_TRANSLATED_LOCK = threading.Lock()


def _translated(name, value, compute):
    """compute(), kept per language: a page of twenty listings asked gettext for the same few
    labels a hundred times (the catalog does not change while the app runs)."""
    return kept_in(_TRANSLATED, _TRANSLATED_LOCK, (current_language(), name, value), compute)


@bp.app_template_filter("subject_label")
def _subject_label(value):
    return _translated("subject", value, lambda: gettext(label_for(value, SUBJECT_LABELS)))


def _services_text(by_grade):
    return "; ".join(
        f"{gettext(label_for(subject, SUBJECT_LABELS))} ({', '.join(spans)})"
        for subject, spans in by_grade
    ) or gettext("Not stated")


@bp.app_template_filter("services_text")
def _services(listing):
    """'Reading (K-2, 3-5); Math (3-5)' in the page's language, or 'Not stated'."""
    by_grade = tuple(listing.subjects_by_grade.items())
    return _translated("services", by_grade, lambda: _services_text(by_grade))


@bp.app_template_filter("place_label")
def _place_label(value):
    return gettext(label_for(value, PLACE_LABELS))


@bp.app_template_filter("mode_label")
def _mode_label(value):
    return gettext(label_for(value, MODE_LABELS))


@bp.app_template_filter("where_delivered")
def _where_delivered(listing):
    return _translated(
        "where", (listing.places, listing.modes), lambda: where_delivered(listing, gettext)
    )
