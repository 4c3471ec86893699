"""`POST /api/outcomes/<year>`: a district system uploads its outcome data with a bearer token.

The body is CSV (`text/csv`) or JSON (`application/json`: an array of row objects with the CSV's
column names, or `{"district": CODE, "rows": [...]}`). It is checked whole like a web upload;
any problem -> 422 with every error as {line, column, message} and nothing stored. A token
uploads only for its own district. The bearer token is the OpenAPI security scheme
`districtToken` (config.py API_SPEC_OPTIONS); every error answers app.errors.ApiErrorSchema.
A CSV body larger than OUTCOME_BACKGROUND_BYTES is imported as a background job: 202 with the
job's URL (`GET /api/outcomes/jobs/<id>`: status, then the rows imported or the errors).
`POST /api/outcomes/<year>/no-students` reports that the district served no SES students.
"""

import shutil
import tempfile

from flask import abort, current_app, jsonify, request, url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.clock import today
from app.errors import ApiErrorSchema, api_error
from app.extensions import db
from app.models import OutcomeUploadJob
from app.outcomes.operations import (
    FIRST_PROGRAM_YEAR,
    import_outcome_csv,
    import_outcome_rows,
    program_year_allowed,
    report_no_students,
)
from app.outcomes.operations.jobs import queue_upload, run_in_background
from app.outcomes.operations.tokens import token_from_header
from workflows.states import UploadJobState

SPOOL_BYTES = 1 << 20

# The year's documented range (the route takes any id-sized number and answers 400 outside
# FIRST_PROGRAM_YEAR..next year, so the documented bound only needs to be far enough).
LAST_PROGRAM_YEAR = 2100
_YEAR_DOC = {
    "in": "path",
    "name": "program_year",
    "required": True,
    "description": "The program year's first calendar year (2009 = 2009-10), from "
    f"{FIRST_PROGRAM_YEAR} to next year",
    "schema": {"type": "integer", "minimum": FIRST_PROGRAM_YEAR, "maximum": LAST_PROGRAM_YEAR},
}

api_blp = Blueprint(
    "outcomes_api",
    __name__,
    url_prefix="/api/outcomes",
    description="District systems upload outcome data (bearer token).",
)


def _problem(status, message, **extra):
    response = api_error(status, message, **extra)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="ses-outcomes"'
    return response


def _body():
    """("csv", binary stream, district code or None) or ("json", rows, district code or
    None); None for another type."""
    if request.mimetype in ("text/csv", "application/csv"):
        return "csv", request.stream, request.args.get("district")
    if request.mimetype == "application/json":
        if (request.content_length or 0) > current_app.config["MAX_CONTENT_LENGTH"]:
            abort(413)  # JSON is parsed whole: large files come as CSV, which is streamed
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
    replaced_rows = fields.Integer(
        required=True, metadata={"description": "Rows of the earlier upload replaced"}
    )


_BODY_DOC = {
    "required": True,
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        "application/json": {
            "schema": {
                "oneOf": [
                    {"type": "array", "items": {"type": "object"}},
                    {
                        "type": "object",
                        "properties": {
                            "district": {"type": "string"},
                            "rows": {"type": "array", "items": {"type": "object"}},
                        },
                    },
                ]
            }
        },
    },
}
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
@api_blp.alt_response(
    201,
    schema=UploadResultSchema,
    success=True,
    description="Imported (the district's earlier rows for the year replaced).",
)
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
    if kind == "csv" and run_in_background(request.content_length):
        job = queue_upload(content, district, program_year, **arguments)
        return jsonify(_job_json(job)), 202, {"Location": _job_url(job)}
    if kind == "csv":
        with _spooled(content) as body:
            report = import_outcome_csv(district, program_year, body, **arguments)
    else:
        report = import_outcome_rows(district, program_year, content, **arguments)
    if not report.ok:
        return _problem(
            422,
            f"{report.checked.error_count} error(s); nothing was imported.",
            error_count=report.checked.error_count,
            errors=[e.as_dict() for e in report.checked.errors],
        )
    return jsonify(
        {
            "district": district.code,
            "program_year": program_year,
            "rows": report.upload.row_count,
            "replaced_rows": report.replaced_rows,
        }
    ), 201


@api_blp.route("/<int:program_year>/no-students", methods=["POST"])
@api_blp.doc(
    responses={
        "201": {
            "description": "Recorded: district, program_year, rows (0), no_students, replaced_rows."
        },
        "401": {"description": "No valid, unrevoked bearer token."},
    }
)
def report_no_students_api(program_year):
    """Report that the token's district served no SES students in PROGRAM_YEAR."""
    token = token_from_header(request.headers.get("Authorization"))
    if token is None:
        return _problem(401, "Send a valid, unrevoked token: Authorization: Bearer <token>.")
    if not program_year_allowed(program_year, today()):
        return _problem(400, f"{program_year} is not a program year we take data for.")
    upload, replaced = report_no_students(
        token.district, program_year, source="api", actor=token.created_by
    )
    return jsonify(
        {
            "district": token.district.code,
            "program_year": program_year,
            "rows": 0,
            "no_students": True,
            "replaced_rows": replaced,
        }
    ), 201


@api_blp.route("/jobs/<int:job_id>", methods=["GET"])
@api_blp.doc(
    responses={
        "200": {
            "description": "The job: status, rows_read, and the result "
            "(rows, or error_count and errors)."
        },
        "401": {"description": "No valid, unrevoked bearer token."},
        "404": {"description": "No such job for the token's district."},
    }
)
def upload_job(job_id):
    """A large upload's background import: its progress, then its result."""
    token = token_from_header(request.headers.get("Authorization"))
    if token is None:
        return _problem(401, "Send a valid, unrevoked token: Authorization: Bearer <token>.")
    job = db.session.get(OutcomeUploadJob, job_id)
    if job is None or job.district_id != token.district_id:
        return _problem(404, "No such upload job for this token's district.")
    return jsonify(_job_json(job))


def _job_url(job):
    return url_for("outcomes_api.upload_job", job_id=job.id)


def _job_json(job):
    body = {
        "job": job.id,
        "url": _job_url(job),
        "status": job.status,
        "district": job.district.code,
        "program_year": job.program_year,
        "rows_read": job.rows_read,
    }
    if job.status == UploadJobState.DONE:
        body["rows"] = job.upload.row_count
    if job.status == UploadJobState.FAILED:
        body.update(error_count=job.error_count, errors=job.errors)
    return body


def _spooled(stream):
    """The request body copied to a seekable file (in memory while small, on disk beyond),
    so the import can read it twice when it must locate an encoding error."""
    body = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    shutil.copyfileobj(stream, body, 1 << 20)
    body.seek(0)
    return body
