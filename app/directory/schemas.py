"""Marshmallow schemas of the read-only directory API (documented at /api/openapi.json)."""

from marshmallow import EXCLUDE, Schema, fields, validate

from app.directory.queries import MAX_PER_PAGE, PER_PAGE
from app.directory.queries.listing import MODE_LABELS
from app.inputs import PLAIN_TEXT

# No control characters (app/inputs.py refuses them in API query strings with 400).
_PLAIN = validate.Regexp(PLAIN_TEXT, error="Control characters are not allowed.")


class ProviderQuerySchema(Schema):
    """Query arguments of GET /api/directory/providers: the directory's filters and paging."""

    class Meta:
        unknown = EXCLUDE

    district = fields.Integer(
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "District id (see /api/directory/districts)"},
    )
    subject = fields.String(
        validate=[validate.Length(max=40), _PLAIN], metadata={"description": "e.g. reading, math"}
    )
    grade_span = fields.String(
        validate=[validate.Length(max=10), _PLAIN],
        metadata={"description": "e.g. K-2, 3-5, 6-8, 9-12"},
    )
    mode = fields.String(validate=validate.OneOf(tuple(MODE_LABELS)))
    ell = fields.Boolean(load_default=False, metadata={"description": "Serves English learners"})
    swd = fields.Boolean(
        load_default=False, metadata={"description": "Serves students with disabilities"}
    )
    q = fields.String(
        validate=[validate.Length(max=200), _PLAIN],
        metadata={
            "description": "Keyword: every word must begin a word of the name or descriptions"
        },
    )
    state = fields.String(
        validate=validate.Regexp(r"^[A-Z]{2}$"),
        metadata={"description": "The approving state, e.g. SD"},
    )
    language = fields.String(
        validate=[validate.Length(max=60), _PLAIN],
        metadata={"description": "A language served in, e.g. spanish"},
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(
        load_default=PER_PAGE, validate=validate.Range(min=1, max=MAX_PER_PAGE)
    )


class DistrictRefSchema(Schema):
    """A district in a provider's service area."""

    id = fields.Integer(required=True)
    label = fields.String(required=True)


class ProviderSchema(Schema):
    """An approved provider: its master-chart row (004 "Service Summary")."""

    organization_id = fields.Integer(required=True)
    name = fields.String(required=True)
    contact_name = fields.String(required=True)
    contact_email = fields.String(required=True)
    contact_phone = fields.String(required=True)
    website = fields.String(required=True)
    districts = fields.List(fields.Nested(DistrictRefSchema), required=True)
    subjects_by_grade = fields.Dict(
        keys=fields.String(), values=fields.List(fields.String()), required=True
    )
    grade_spans = fields.List(fields.String(), required=True)
    places = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "school, home, community, online, other"},
    )
    modes = fields.List(
        fields.String(), required=True, metadata={"description": "in_person, online"}
    )
    delivery = fields.String(required=True, metadata={"description": "group or individual"})
    min_students = fields.Integer(allow_none=True, required=True)
    max_students = fields.Integer(allow_none=True, required=True)
    students_per_instructor = fields.Integer(allow_none=True, required=True)
    session_minutes = fields.Integer(allow_none=True, required=True)
    hours_per_week = fields.Decimal(allow_none=True, required=True, as_string=True)
    total_hours = fields.Decimal(allow_none=True, required=True, as_string=True)
    hourly_rate = fields.Decimal(
        allow_none=True,
        required=True,
        as_string=True,
        places=2,
        metadata={"description": "Dollars per student per hour"},
    )
    transportation = fields.String(required=True)
    description = fields.String(required=True)
    serves_ell = fields.Boolean(required=True)
    serves_swd = fields.Boolean(required=True)
    approved_on = fields.Date(allow_none=True, required=True)
    term_ends_on = fields.Date(allow_none=True, required=True)


class ProviderDetailSchema(ProviderSchema):
    """An approved provider with its whole service summary and program description."""

    address = fields.String(required=True)
    pricing = fields.String(required=True)
    languages = fields.String(required=True)
    certification = fields.String(required=True)
    reporting = fields.String(required=True)
    diverse_populations = fields.String(required=True)
    summary = fields.String(required=True)
    program_description = fields.String(required=True)


class ProviderPageSchema(Schema):
    """One page of providers."""

    items = fields.List(fields.Nested(ProviderSchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class DistrictSchema(Schema):
    """A school district and how many approved providers serve it."""

    id = fields.Integer(required=True)
    state = fields.String(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    label = fields.String(required=True)
    provider_count = fields.Integer(required=True)
