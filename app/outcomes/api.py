"""`POST /api/outcomes/<year>`: a district system uploads its outcome data with a bearer token.

The body is CSV (`text/csv`) or JSON (`application/json`: an array of row objects with the CSV's
column names, or `{"district": CODE, "rows": [...]}`). It is checked whole like a web upload;
any problem -> 422 with every error as {line, column, message} and nothing stored. A token
uploads only for its own district. The bearer token is the OpenAPI security scheme
`districtToken` (config.py API_SPEC_OPTIONS); every error answers app.errors.ApiErrorSchema.
"""

from flask import jsonify, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.clock import today
from app.errors import ApiErrorSchema, api_error
from app.extensions import db
from app.outcomes.operations import (FIRST_PROGRAM_YEAR, import_outcome_csv, import_outcome_rows,
                                     program_year_allowed)
from app.outcomes.tokens import token_from_header

# The year's documented range (the route takes any id-sized number and answers 400 outside
# FIRST_PROGRAM_YEAR..next year, so the documented bound only needs to be far enough).
LAST_PROGRAM_YEAR = 2100
_YEAR_DOC = {"in": "path", "name": "program_year", "required": True,
             "description": "The program year's first calendar year (2009 = 2009-10), from "
                            f"{FIRST_PROGRAM_YEAR} to next year",
             "schema": {"type": "integer", "minimum": FIRST_PROGRAM_YEAR,
                        "maximum": LAST_PROGRAM_YEAR}}

api_blp = Blueprint("outcomes_api", __name__, url_prefix="/api/outcomes",
                    description="District systems upload outcome data (bearer token).")


def _problem(status, message, **extra):
    response = api_error(status, message, **extra)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="ses-outcomes"'
    return response


def _body():
    """("csv", bytes) or ("json", rows, district code or None); None for another type."""
    if request.mimetype in ("text/csv", "application/csv"):
        return "csv", request.get_data(), request.args.get("district")
    if request.mimetype == "application/json":
        payload = request.get_json(silent=True)
        if isinstance(payload, dict):
            district = payload.get("district", request.args.get("district"))
            return "json", payload.get("rows"), district
        return "json", payload, request.args.get("district")
    return None


class UploadResultSchema(Schema):
    """What an accepted upload stored."""

    district = fields.String(required=True, metadata={"description": "District code"})
    program_year = fields.Integer(required=True)
    rows = fields.Integer(required=True, metadata={"description": "Rows stored"})
    replaced_rows = fields.Integer(required=True,
                                   metadata={"description": "Rows of the earlier upload replaced"})


_BODY_DOC = {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/json": {"schema": {"oneOf": [
        {"type": "array", "items": {"type": "object"}},
        {"type": "object", "properties": {"district": {"type": "string"},
                                          "rows": {"type": "array", "items": {"type": "object"}}}},
    ]}}}}
_ERRORS = (
    (400, "Not a program year taken (2000 to next year), or a body that cannot be read."),
    (401, "No valid, unrevoked bearer token."),
    (403, "The body names another district than the token's."),
    (413, "The body is too large."),
    (415, "Neither text/csv nor application/json."),
    (422, "Nothing imported; errors: [{line, column, message}], error_count."),
)


def _document_errors(view):
    for status, description in _ERRORS:
        view = api_blp.alt_response(status, schema=ApiErrorSchema, description=description)(view)
    return view


@api_blp.route("/<int:program_year>", methods=["POST"])
@api_blp.doc(requestBody=_BODY_DOC, security=[{"districtToken": []}], parameters=[_YEAR_DOC])
@api_blp.alt_response(201, schema=UploadResultSchema, success=True,
                      description="Imported (the district's earlier rows for the year replaced).")
@_document_errors
def upload_outcomes(program_year):
    """Replace the token's district's outcome data for PROGRAM_YEAR (2009 = 2009-10)."""
    token = token_from_header(request.headers.get("Authorization"))
    if token is None:
        return _problem(401, "Send a valid, unrevoked token: Authorization: Bearer <token>.")
    if not program_year_allowed(program_year, today()):
        return _problem(400, f"{program_year} is not a program year we take data for.")
    body = _body()
    if body is None:
        return _problem(415, "Send text/csv or application/json.")
    kind, content, district_code = body
    district = token.district
    if district_code is not None and str(district_code) != district.code:
        return _problem(403, f"This token uploads only for {district.label}.")
    arguments = dict(filename=f"api: {token.label}"[:255], source="api", actor=token.created_by)
    report = (import_outcome_csv(district, program_year, content, **arguments) if kind == "csv"
              else import_outcome_rows(district, program_year, content, **arguments))
    if not report.ok:
        return _problem(422, f"{report.checked.error_count} error(s); nothing was imported.",
                        error_count=report.checked.error_count,
                        errors=[e.as_dict() for e in report.checked.errors])
    db.session.commit()
    return jsonify({"district": district.code, "program_year": program_year,
                    "rows": report.upload.row_count, "replaced_rows": report.replaced_rows}), 201
