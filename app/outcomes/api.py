"""`POST /api/outcomes/<year>`: a district system uploads its outcome data with a bearer token.

The body is CSV (`text/csv`) or JSON (`application/json`: an array of row objects with the CSV's
column names, or `{"district": CODE, "rows": [...]}`). It is checked whole like a web upload;
any problem -> 422 with every error as {line, column, message} and nothing stored. A token
uploads only for its own district.
"""

from flask import jsonify, request
from flask_smorest import Blueprint

from app.clock import today
from app.outcomes.operations import (import_outcome_csv, import_outcome_rows,
                                     program_year_allowed)
from app.outcomes.tokens import token_from_header

api_blp = Blueprint("outcomes_api", __name__, url_prefix="/api/outcomes",
                    description="District systems upload outcome data (bearer token).")


def _problem(status, message, **extra):
    response = jsonify({"status": status, "message": message, **extra})
    response.status_code = status
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


_BODY_DOC = {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}}
_RESPONSES_DOC = {
    "201": {"description": "Imported: district, program_year, rows, replaced_rows."},
    "401": {"description": "No valid, unrevoked bearer token."},
    "403": {"description": "The body names another district than the token's."},
    "422": {"description": "Nothing imported; errors: [{line, column, message}], error_count."}}


@api_blp.route("/<int:program_year>", methods=["POST"])
@api_blp.doc(requestBody=_BODY_DOC, responses=_RESPONSES_DOC)
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
    return jsonify({"district": district.code, "program_year": program_year,
                    "rows": report.upload.row_count, "replaced_rows": report.replaced_rows}), 201
