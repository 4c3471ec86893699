"""The sections of the application form and their fields, built for one policy pack.

The form follows the SD RFP (004 "Application Form"): basic program information, narrative,
service summary, program description, assurances and signatures, and the allowable attachments.
The narrative has one text per criterion of the pack's rubric (SD elements A-F, NC indicators,
MA review criteria), shown with the criterion's title and guidance; a pack that lists
`application_fields` (NC: 003 "SECTION I Certifications", "SECTION II Program Abstract") gets a
section of its own. Each section says where its answers are stored on `Application`.
"""

from dataclasses import dataclass, field

from rubrics import load_rubric

# 004 "Basic Program Information" item 5 (grouped as the shared data shape agrees).
PLACES = (
    ("school", "School"),
    ("home", "Home (the student's or the tutor's)"),
    ("community", "Community center, business or place of worship"),
    ("online", "On-line"),
    ("other", "Other"),
)
MODES = (("in_person", "In person"), ("online", "On-line / web-based"))
DELIVERIES = (("group", "Small group"), ("individual", "One-on-one (individual)"))
SUBJECT_LABELS = {"reading": "Reading / Language Arts", "math": "Math", "science": "Science"}

# 004 "Required Format": the allowable attachments (the first seven DOCUMENT_KINDS).
ATTACHMENT_KINDS = (
    ("letter_of_reference", "Letter of reference"),
    ("brochure", "Printed brochure describing the services provided"),
    ("lesson_plan", "Sample lesson plan"),
    ("schedule", "Sample schedule"),
    ("progress_monitoring", "Sample progress monitoring"),
    ("parent_report", "Sample parent report"),
    ("financial_information", "Financial information"),
)
# 004 "Required Elements": "A complete application packet includes ... Financial Information".
REQUIRED_ATTACHMENTS = ("financial_information",)


def attachments_of(application):
    """The application's own attachments (not condition or appeal evidence filed later)."""
    kinds = dict(ATTACHMENT_KINDS)
    return [d for d in application.documents if d.kind in kinds]


@dataclass(frozen=True)
class FieldSpec:
    """One question of the form. `kind` decides how it is typed, stored and checked:
    text, textarea, int, number (decimal hours), money, date, choice, multi, bool, agree (a
    checkbox that must be ticked), grid (subjects by grade span), districts, assurances."""

    key: str
    label: str
    kind: str = "text"
    required: bool = True
    hint: str = ""
    choices: tuple = ()
    minimum: int = 1
    maximum: int = 10_000
    rows: tuple = ()  # grid: (subject, label) rows; choices are the columns


@dataclass(frozen=True)
class Section:
    """One page of the form; `store` names the Application attribute its answers live in."""

    key: str
    title: str
    store: str
    fields: tuple[FieldSpec, ...] = ()
    intro: str = ""
    extra: dict = field(default_factory=dict)

    def field(self, key):
        """The field called `key`, or None."""
        return next((f for f in self.fields if f.key == key), None)


def program_section(policy):
    """004 "Basic Program Information", items 1-12, for `policy`'s subjects and grade spans."""
    spans = tuple((s, s) for s in policy.grade_spans)
    rows = tuple((s, SUBJECT_LABELS.get(s, s.title())) for s in policy.subjects)
    ratio = policy.limits.students_per_instructor
    statewide = (
        "Statewide will not be accepted."
        if policy.limits.statewide_refused
        else "Choose every district, or 'all districts', if you serve the whole state."
    )
    return Section(
        "program",
        "Basic program information",
        "program",
        (
            FieldSpec("program_name", "1. Program name"),
            FieldSpec(
                "subjects_by_grade",
                "2. Subject areas and grade levels you will serve",
                "grid",
                choices=spans,
                rows=rows,
            ),
            FieldSpec(
                "min_students_per_site",
                "3. Minimum number of students needed to serve a school site",
                "int",
            ),
            FieldSpec(
                "max_students_per_site", "3. Maximum number of students per school site", "int"
            ),
            FieldSpec(
                "service_area",
                "4. Service area: the districts you are able to serve",
                "districts",
                hint=statewide,
            ),
            FieldSpec(
                "place_of_service",
                "5. Place of service",
                "multi",
                choices=PLACES,
                hint="If in a school, attach a letter of acknowledgement from that school.",
            ),
            FieldSpec("modes", "6. Mode of instructional delivery", "multi", choices=MODES),
            FieldSpec(
                "delivery", "6. Group or individual instruction", "choice", choices=DELIVERIES
            ),
            FieldSpec(
                "hours_per_week",
                "7. Hours per week a student spends in the program",
                "number",
                maximum=168,
            ),
            FieldSpec("total_hours", "7. Total hours of instruction per student", "number"),
            FieldSpec(
                "session_minutes", "7. Length of each session, in minutes", "int", maximum=1440
            ),
            FieldSpec(
                "exit_criteria", "8. Program exit: how readiness for exit is determined", "textarea"
            ),
            FieldSpec(
                "students_per_instructor",
                "9. Students for every 1 instructor",
                "int",
                maximum=1000,
                hint=f"Maximum ratio: {ratio} students per instructor." if ratio else "",
            ),
            FieldSpec(
                "hourly_rate",
                "10. Hourly rate per individual (US dollars)",
                "money",
                maximum=100_000,
                hint="Instruction and assessment time only; no other fees.",
            ),
            FieldSpec("pricing", "10. Description of your pricing structure", "textarea"),
            FieldSpec(
                "transportation",
                "11. Transportation: how students get to and from your location",
                "textarea",
            ),
            FieldSpec(
                "description",
                "12. Brief program description for parents",
                "textarea",
                hint=_sentence_hint(policy),
            ),
            FieldSpec("serves_ell", "Serves English language learners", "bool", required=False),
            FieldSpec("serves_swd", "Serves students with disabilities", "bool", required=False),
        ),
    )


def cite(policy, where):
    """' (004 item 12)' when the pack's form follows a document that has `where`; '' otherwise,
    so an NC or MA form never cites South Dakota's RFP (issue 11)."""
    return f" ({policy.form_document} {where})" if policy.form_document else ""


def _sentence_hint(policy):
    limit = policy.limits.description_max_sentences
    return f"At most {limit} sentences{cite(policy, 'item 12')}." if limit else ""


def narrative_section(policy):
    """One text per criterion of the pack's rubric, with its title and guidance."""
    rubric = load_rubric(policy.rubric)
    fields = tuple(
        FieldSpec(c.key, c.title, "textarea", hint=c.guidance, maximum=100_000)
        for c in rubric.criteria
    )
    return Section(
        "narrative",
        "Narrative",
        "narrative",
        fields,
        intro=f"Address each element; reviewers score the narrative against the {rubric.title}.",
    )


SERVICE_SUMMARY_FIELDS = (
    # 004 "Service Summary": short phrases for the statewide master chart. The rows the program
    # section already answers (students, group/individual, session length, cost, grades,
    # subjects, districts) are taken from there.
    FieldSpec("contact_name", "Contact person"),
    FieldSpec("contact_phone", "Contact phone"),
    FieldSpec("contact_email", "Contact e-mail"),
    FieldSpec("website", "Website", required=False),
    FieldSpec("locations", "Specific location of service delivery"),
    FieldSpec(
        "transportation_provided",
        "If service is not at the student's school: is transportation provided, and by whom?",
    ),
    FieldSpec("instructor_certification", "Type of certification of instructors"),
    FieldSpec("sessions_per_week", "Number of sessions per week"),
    FieldSpec("program_length", "Length of program (how many weeks or days)"),
    FieldSpec("reporting", "Reporting to parents and school (format, frequency, method)"),
    FieldSpec("diverse_populations", "Services for diverse populations (special needs, languages)"),
    FieldSpec("languages", "Languages other than English offered", required=False),
)

DESCRIPTION_HINT = (
    "One page: the model of instruction and how its "
    "effectiveness is evaluated, total program hours per student, the ratio of instructors to "
    "children, the schedule, the proposed location, staff qualifications, and the materials and "
    "equipment provided (and any the student must provide)."
)


def assurances_section(policy):
    """The pack's own signed statements (SD: 004 "Assurances and Signatures Form"; NC: 003
    "SECTION I Certifications"; MA: 001), then who signs and when."""
    statements = (
        (
            FieldSpec(
                "statements",
                "In submitting this application to be included on "
                "the Approved Supplemental Services Provider List, I certify that:",
                "assurances",
                choices=policy.assurances,
                hint=f"Source: {policy.assurances_source}.",
            ),
        )
        if policy.assurances
        else ()
    )
    return Section(
        "assurances",
        "Assurances and signatures",
        "assurances",
        statements
        + (
            FieldSpec("signer_name", "Name of the person signing"),
            FieldSpec("signer_title", "Title"),
            FieldSpec("signed_on", "Date signed", "date"),
        ),
    )


def pack_field(key, policy):
    """The question for a pack-specific field named in `policy.application_fields`."""
    words = policy.limits.abstract_max_words
    limit = f" Limited to {words} words." if words else ""
    known = {
        "abstract_en": FieldSpec(
            "abstract_en",
            "Program abstract in English",
            "textarea",
            hint="Summarize the key services, the grade levels you wish "
            "to serve and typical teaching methods, in parent-friendly "
            f'language (003 "SECTION II Program Abstract").{limit}',
        ),
        "abstract_es": FieldSpec(
            "abstract_es",
            "Program abstract in Spanish",
            "textarea",
            hint=f"The same summary in Spanish.{limit}",
        ),
        "procedure_agreement": FieldSpec(
            "procedure_agreement",
            "I have read and agree to the terms outlined in the "
            f"{policy.name} Supplemental Educational Services Policies and Procedures; all "
            "procedures will be followed by the provider, its employees and representatives "
            '(003 "Policies and Procedure Agreement").',
            "agree",
        ),
        "debarment_certification": FieldSpec(
            "debarment_certification",
            "Neither the organization nor its principals are "
            "presently debarred, suspended, proposed for debarment, declared ineligible, or "
            "voluntarily excluded by any Federal department or agency (E.O. 12549; 003 "
            '"Debarment Certification").',
            "agree",
        ),
    }
    return known.get(key, FieldSpec(key, key.replace("_", " ").capitalize(), "textarea"))


def sections_for(policy):
    """Every section of the form under `policy`, in the order of the RFP."""
    sections = [
        program_section(policy),
        narrative_section(policy),
        Section(
            "service_summary",
            "Service summary",
            "service_summary",
            SERVICE_SUMMARY_FIELDS,
            intro="One word or short phrases: this row goes into the statewide master "
            "chart for parents and school districts"
            f"{cite(policy, chr(34) + 'Service Summary' + chr(34))}.",
        ),
        Section(
            "description",
            "Program description",
            "program_description",
            (
                FieldSpec(
                    "program_description",
                    "Program description",
                    "textarea",
                    hint=DESCRIPTION_HINT + cite(policy, '"Program Description"'),
                    maximum=100_000,
                ),
            ),
        ),
        assurances_section(policy),
    ]
    if policy.application_fields:
        sections.append(
            Section(
                "pack",
                f"{policy.name} requirements",
                "pack_fields",
                tuple(pack_field(k, policy) for k in policy.application_fields),
            )
        )
    sections.append(Section("attachments", "Attachments", "documents"))
    return sections


def section_for(policy, key):
    """The section called `key` under `policy`, or None."""
    return next((s for s in sections_for(policy) if s.key == key), None)
