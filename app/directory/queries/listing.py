"""One approved provider as the directory shows it: the statewide master chart row.

Built from the provider's latest approved application: the basic program information
(`Application.program`, 004 "Application Form"), the service summary extras
(`Application.service_summary`, 004 "Service Summary") and the program description. Stored
values were typed by providers and may be missing or malformed, so every reader here is
tolerant: an unreadable value is shown as blank, never an error.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from app.i18n import N_

SUBJECT_LABELS = {"reading": N_("Reading"), "math": N_("Math"), "science": N_("Science")}
PLACE_LABELS = {
    "school": N_("At school"),
    "home": N_("In the home"),
    "community": N_("Community site"),
    "online": N_("Online"),
    "other": N_("Other"),
}
MODE_LABELS = {"in_person": N_("In person"), "online": N_("Online")}
DELIVERY_LABELS = {"group": N_("Small group"), "individual": N_("Individual")}
SPAN_ORDER = ("K-2", "3-5", "6-8", "9-12")
TRUE_WORDS = {"true", "yes", "y", "on", "1"}


@dataclass(frozen=True)
class Listing:
    """An approved provider's directory entry (one row of the master chart)."""

    organization_id: int
    application_id: int
    name: str
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""
    address: str = ""
    districts: tuple = ()  # ((id, label), ...) of the service area
    subjects_by_grade: dict = field(default_factory=dict)  # {subject: (span, ...)}
    places: tuple = ()
    modes: tuple = ()
    delivery: str = ""
    min_students: int | None = None
    max_students: int | None = None
    students_per_instructor: int | None = None
    hours_per_week: Decimal | None = None
    total_hours: Decimal | None = None
    session_minutes: int | None = None
    hourly_rate: Decimal | None = None
    pricing: str = ""
    transportation: str = ""
    description: str = ""
    serves_ell: bool = False
    serves_swd: bool = False
    languages: str = ""
    certification: str = ""
    reporting: str = ""
    diverse_populations: str = ""
    summary: str = ""
    program_description: str = ""
    abstract_es: str = ""  # NC's Spanish abstract (pack field, nc-2009.toml)
    approved_on: date | None = None
    term_ends_on: date | None = None

    @property
    def district_ids(self):
        """Ids of the districts this provider serves."""
        return {district_id for district_id, _ in self.districts}

    @property
    def subjects(self):
        """Subjects offered, in the order of the form."""
        return tuple(self.subjects_by_grade)

    @property
    def grade_spans(self):
        """Every grade span served in any subject, lowest first."""
        spans = {span for spans in self.subjects_by_grade.values() for span in spans}
        return sorted_spans(spans)

    def keyword_text(self):
        """What the keyword search looks in: name, description, program description, summary."""
        return " ".join(
            (self.name, self.description, self.program_description, self.summary)
        ).casefold()


def listing_from(application):
    """The Listing of an (approved) `application`; malformed values become blanks."""
    program = _mapping(application.program)
    summary = _mapping(application.service_summary)
    org = application.organization
    return Listing(
        organization_id=org.id,
        application_id=application.id,
        name=org.name,
        contact_name=_text(summary.get("contact_name")) or (org.contact_name or ""),
        contact_email=_text(summary.get("contact_email")) or (org.contact_email or ""),
        contact_phone=_text(summary.get("contact_phone")) or (org.phone or ""),
        website=_text(summary.get("website")) or (org.website or ""),
        address=org.address or "",
        districts=tuple((d.id, d.label) for d in application.service_area),
        subjects_by_grade=subjects_by_grade(program.get("subjects_by_grade")),
        places=_choices(program.get("place_of_service"), PLACE_LABELS),
        modes=_choices(program.get("modes"), MODE_LABELS),
        delivery=_text(program.get("delivery")),
        min_students=_count(program.get("min_students_per_site")),
        max_students=_count(program.get("max_students_per_site")),
        students_per_instructor=_count(program.get("students_per_instructor")),
        hours_per_week=_decimal(program.get("hours_per_week")),
        total_hours=_decimal(program.get("total_hours")),
        session_minutes=_count(program.get("session_minutes")),
        hourly_rate=_money(program.get("hourly_rate")),
        pricing=_text(program.get("pricing")),
        transportation=_text(program.get("transportation")),
        description=_text(program.get("description")),
        serves_ell=_flag(program.get("serves_ell")),
        serves_swd=_flag(program.get("serves_swd")),
        languages=_text(summary.get("languages")),
        certification=_text(
            summary.get("instructor_certification") or summary.get("certification")
        ),
        reporting=_text(summary.get("reporting")),
        diverse_populations=_text(summary.get("diverse_populations")),
        summary=_text(summary.get("summary")),
        program_description=_text(application.program_description),
        abstract_es=_text(_mapping(application.pack_fields).get("abstract_es")),
        approved_on=application.approved_on,
        term_ends_on=application.term_ends_on,
    )


def subjects_by_grade(value):
    """{subject: (span, ...)} from a stored value, keeping only text subjects and spans."""
    if not isinstance(value, dict):
        return {}
    result = {}
    for subject, spans in value.items():
        if not isinstance(subject, str) or not subject.strip():
            continue
        if isinstance(spans, str):
            spans = [spans]
        if not isinstance(spans, (list, tuple)):
            continue
        cleaned = sorted_spans({s.strip() for s in spans if isinstance(s, str) and s.strip()})
        if cleaned:
            result[subject.strip()] = cleaned
    return result


def sorted_spans(spans):
    """Grade spans in the form's order (K-2 first), unknown spans after them alphabetically."""
    known = {span: i for i, span in enumerate(SPAN_ORDER)}
    return tuple(sorted(spans, key=lambda s: (known.get(s, len(known)), s)))


def _mapping(value):
    return value if isinstance(value, dict) else {}


def _text(value, limit=5000):
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _choices(value, labels):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(v for v in labels if v in value)  # the form's order, known values only


def _flag(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value == 1
    return isinstance(value, str) and value.strip().lower() in TRUE_WORDS


def _decimal(value):
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return None
    try:
        number = Decimal(str(value).strip().lstrip("$").replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or number < 0 or number > Decimal("1e9"):
        return None
    return number


def _count(value):
    number = _decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _money(value):
    number = _decimal(value)
    return None if number is None else number.quantize(Decimal("0.01"))


def label_for(value, labels):
    """The label of a coded value, or the value itself."""
    return labels.get(value, value.replace("_", " ") if isinstance(value, str) else "")


def where_delivered(listing, translate=str):
    """'At school, In the home (in person)': places of service and, when it adds something,
    the modes of delivery. `translate`: gettext for a page in the reader's language."""
    places = ", ".join(translate(PLACE_LABELS[p]) for p in listing.places) or translate(
        N_("Not stated")
    )
    if not listing.modes or (listing.places == ("online",) and listing.modes == ("online",)):
        return places
    modes = translate(N_(" and ")).join(translate(MODE_LABELS[m]).lower() for m in listing.modes)
    return f"{places} ({modes})"
