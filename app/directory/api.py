"""The read-only JSON API of the directory (flask-smorest): approved providers and districts.

Registered on the application's Api by app/__init__.py because the package exports `api_blp`;
its OpenAPI description is at /api/openapi.json. Errors answer in JSON (app/errors.py).
"""

from dataclasses import asdict

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from app.directory.queries import DirectoryFilters, districts_with_counts, find_listing, search
from app.directory.schemas import (DistrictSchema, ProviderDetailSchema, ProviderPageSchema,
                                   ProviderQuerySchema)

api_blp = Blueprint("directory_api", __name__, url_prefix="/api/directory",
                    description="Approved SES providers and the districts they serve (read-only).")


def _provider_data(listing):
    data = asdict(listing)
    data["districts"] = [{"id": i, "label": label} for i, label in listing.districts]
    data["subjects_by_grade"] = {s: list(spans) for s, spans in listing.subjects_by_grade.items()}
    data["grade_spans"] = list(listing.grade_spans)
    return data


@api_blp.route("/providers")
class Providers(MethodView):
    """Approved providers."""

    @api_blp.arguments(ProviderQuerySchema, location="query")
    @api_blp.response(200, ProviderPageSchema)
    def get(self, args):
        """Approved providers matching the directory's filters, a page at a time."""
        paging = {"page": args.pop("page"), "per_page": args.pop("per_page")}
        filters = DirectoryFilters(district_id=args.get("district"), subject=args.get("subject"),
                                   grade_span=args.get("grade_span"), mode=args.get("mode"),
                                   ell=args["ell"], swd=args["swd"],
                                   q=(args.get("q") or "").strip() or None,
                                   state=args.get("state") or None,
                                   language=args.get("language") or None)
        page = search(filters, **paging)
        return {"items": [_provider_data(item) for item in page.items], "page": page.page,
                "per_page": page.per_page, "total": page.total, "pages": page.pages}


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
        return [{"id": d.id, "state": d.state, "code": d.code, "name": d.name,
                 "label": d.label, "provider_count": count}
                for d, count in districts_with_counts()]
