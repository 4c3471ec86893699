"""The read-only JSON API of the directory (flask-smorest): approved providers and districts.

Registered on the application's Api by app/__init__.py because the package exports `api_blp`;
its OpenAPI description is at /api/openapi.json. Errors answer in JSON (app/errors.py).
"""

from dataclasses import asdict
from decimal import Decimal

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from app.directory.queries import DirectoryFilters, districts_with_counts, find_listing, search
from app.directory.queries.listing import sorted_spans
from app.directory.schemas import (
    DistrictSchema,
    ProviderDetailSchema,
    ProviderPageSchema,
    ProviderQuerySchema,
)

api_blp = Blueprint(
    "directory_api",
    __name__,
    url_prefix="/api/directory",
    description="Approved SES providers and the districts they serve (read-only).",
)


def _provider_data(listing):
    data = asdict(listing)
    data["districts"] = [{"id": i, "label": label} for i, label in listing.districts]
    data["subjects_by_grade"] = {s: list(spans) for s, spans in listing.subjects_by_grade.items()}
    data["grade_spans"] = list(listing.grade_spans)
    return data


# ProviderSchema's fields as its dump writes them, built straight from a stored listing entry
# (app/directory/operations.py: `entry_of`, Decimals and dates already text): marshmallow's dump of
# twenty providers was most of the cost of a page of the API. tests/app/test_api_contract.py
# validates these bodies against the published schema.
_AS_STORED = (
    "name",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "delivery",
    "min_students",
    "max_students",
    "students_per_instructor",
    "session_minutes",
    "transportation",
    "description",
    "approved_on",
    "term_ends_on",
)
_CENTS = Decimal("0.01")


def _number_text(value, places=None):
    """A stored Decimal's text as marshmallow's Decimal(as_string=True) dumps it."""
    if value is None:
        return None
    number = Decimal(value)
    return format(number.quantize(places) if places is not None else number, "f")


def _entry_data(entry, districts):
    """The ProviderSchema dump of a stored listing entry serving `districts` ((id, label)...)."""
    data = {name: entry.get(name) for name in _AS_STORED}
    for name in (
        "name",
        "contact_name",
        "contact_email",
        "contact_phone",
        "website",
        "delivery",
        "transportation",
        "description",
    ):
        data[name] = data[name] or ""
    by_grade = {s: list(spans) for s, spans in (entry.get("subjects_by_grade") or {}).items()}
    data.update(
        organization_id=entry["organization_id"],
        districts=[{"id": i, "label": label} for i, label in districts],
        subjects_by_grade=by_grade,
        grade_spans=list(sorted_spans({s for spans in by_grade.values() for s in spans})),
        places=list(entry.get("places") or ()),
        modes=list(entry.get("modes") or ()),
        hours_per_week=_number_text(entry.get("hours_per_week")),
        total_hours=_number_text(entry.get("total_hours")),
        hourly_rate=_number_text(entry.get("hourly_rate"), _CENTS),
        serves_ell=bool(entry.get("serves_ell")),
        serves_swd=bool(entry.get("serves_swd")),
    )
    return data


@api_blp.route("/providers")
class Providers(MethodView):
    """Approved providers."""

    @api_blp.arguments(ProviderQuerySchema, location="query")
    @api_blp.response(200, ProviderPageSchema)
    def get(self, args):
        """Approved providers matching the directory's filters, a page at a time."""
        paging = {"page": args.pop("page"), "per_page": args.pop("per_page")}
        filters = DirectoryFilters(
            district_id=args.get("district"),
            subject=args.get("subject"),
            grade_span=args.get("grade_span"),
            mode=args.get("mode"),
            ell=args["ell"],
            swd=args["swd"],
            q=(args.get("q") or "").strip() or None,
            state=args.get("state") or None,
            language=args.get("language") or None,
        )
        page = search(filters, **paging, build=_entry_data)
        # Already in the schema's form: answered as JSON without a second dump (a Response
        # passes through flask-smorest's response decorator, which still documents it).
        return current_app.json.response(
            {
                "items": page.items,
                "page": page.page,
                "per_page": page.per_page,
                "total": page.total,
                "pages": page.pages,
            }
        )


@api_blp.route("/providers/<int(max=2147483647):organization_id>")
class Provider(MethodView):
    """One approved provider."""

    @api_blp.response(200, ProviderDetailSchema)
    @api_blp.alt_response(404, description="Not an approved provider")
    def get(self, organization_id):
        """An approved provider's service summary and program description."""
        listing = find_listing(organization_id)
        if listing is None:
            abort(404, message="No approved provider with this id.")
        return _provider_data(listing)


@api_blp.route("/districts")
class Districts(MethodView):
    """School districts."""

    @api_blp.response(200, DistrictSchema(many=True))
    def get(self):
        """Every district with the number of approved providers serving it."""
        return [
            {
                "id": d.id,
                "state": d.state,
                "code": d.code,
                "name": d.name,
                "label": d.label,
                "provider_count": count,
            }
            for d, count in districts_with_counts()
        ]
