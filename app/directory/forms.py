"""The directory's search form and the slots calculator (GET forms: nothing is changed)."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import BooleanField, Field, Label, StringField
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import html_params

from app.directory.queries import DirectoryFilters
from app.directory.queries.listing import MODE_LABELS, SPAN_ORDER, SUBJECT_LABELS, label_for

MAX_AMOUNT = Decimal("1000000000")  # a billion dollars: far above any district's SES amount


class KeptOptionsSelect:
    """A select whose options were translated, escaped and joined once (`field.options`: the
    markup of every option, the blank choice first, kept per directory version and language):
    a page writes its 150 districts as one kept string and marks the chosen option by one
    replacement (WTForms' option rendering, lazy labels and escaping were most of the cost of
    a directory page)."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        chosen = escape("" if field.data is None else str(field.data))
        option = f'<option value="{chosen}">'
        options = field.options.replace(option, f'<option value="{chosen}" selected>', 1)
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")


class KeptLabel(Label):
    """A field's label whose markup was rendered once per language (`filter_options`): the
    same `<label for=...>` WTForms writes, without translating and escaping it per page."""

    def __init__(self, field_id, text, markup):
        super().__init__(field_id, text)
        self.markup = markup

    def __call__(self, text=None, **kwargs):
        if text is None and not kwargs:
            return self.markup
        return super().__call__(text, **kwargs)


# SelectField's own messages, translated by WTForms' catalog as they were (not this app's).
NOT_COERCED, NOT_A_CHOICE = "Invalid Choice: could not coerce.", "Not a valid choice."


class KeptSelectField(Field):
    """A filter drop-down whose value must be one of the kept options (checked against a set,
    not by walking the choices); blank (or a district of None) means "not filtered"."""

    widget = KeptOptionsSelect()

    def __init__(self, label=None, validators=None, coerce=str, **kwargs):
        kwargs.setdefault("default", None if coerce is int else "")
        super().__init__(label, validators, **kwargs)
        self.coerce = coerce
        self.options = ""
        self.allowed: frozenset = frozenset()

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        value = valuelist[0]
        if self.coerce is not int:
            self.data = value
            return
        if value in ("", "None"):
            self.data = None
            return
        try:
            self.data = int(value)
        except ValueError as error:
            self.data = None
            raise ValueError(self.gettext(NOT_COERCED)) from error

    def pre_validate(self, form):
        if self.data not in (None, "") and self.data not in self.allowed:
            raise ValidationError(self.gettext(NOT_A_CHOICE))


def _kept(pairs, coerce=str):
    # str() first: a lazy label claims to be markup (flask_babel's __html__), and a subject's
    # label is the provider's own text when the packs do not name it.
    options = "".join(
        f'<option value="{escape("" if value is None else str(value))}">{escape(str(label))}'
        "</option>"
        for value, label in pairs
    )
    return options, frozenset(coerce(value) for value, _ in pairs if value not in (None, ""))


# The search form's labels, shared by its fields and by the labels kept in `filter_options`.
LABELS = {
    "district": _l("School district"),
    "subject": _l("Subject"),
    "grade_span": _l("Grade span"),
    "mode": _l("Mode of delivery"),
    "ell": _l("Serves English learners"),
    "swd": _l("Serves students with disabilities"),
    "state": _l("State"),
    "language": _l("Language"),
    "q": _l("Keyword"),
}


def filter_options(districts=(), subjects=(), grade_spans=SPAN_ORDER, states=(), languages=()):
    """Each drop-down's kept (options markup, allowed values) and, under "labels", each
    field's label markup, translated in the request's language: `districts` are (id, label)
    pairs, the other choices codes."""
    return {
        "district": _kept([(None, _l("All districts"))] + list(districts), int),
        "subject": _kept(
            [("", _l("Any subject"))] + [(s, _l(label_for(s, SUBJECT_LABELS))) for s in subjects]
        ),
        "grade_span": _kept(
            [("", _l("Any grade span"))] + [(g, _l("Grades %(span)s", span=g)) for g in grade_spans]
        ),
        "mode": _kept(
            [("", _l("In person or online"))]
            + [(code, _l(label)) for code, label in MODE_LABELS.items()]
        ),
        "state": _kept([("", _l("All states"))] + [(s, s) for s in states]),
        "language": _kept(
            [("", _l("Any language"))] + [(lang, lang.title()) for lang in languages]
        ),
        "labels": {
            name: Markup(f'<label for="{name}">{escape(text)}</label>')
            for name, text in LABELS.items()
        },
    }


class DirectoryFilterForm(FlaskForm):
    """Search approved providers: district, subject, grade span, mode, populations, keyword."""

    class Meta:
        csrf = False

    district = KeptSelectField(LABELS["district"], coerce=int)
    subject = KeptSelectField(LABELS["subject"])
    grade_span = KeptSelectField(LABELS["grade_span"])
    mode = KeptSelectField(LABELS["mode"])
    ell = BooleanField(LABELS["ell"])
    swd = BooleanField(LABELS["swd"])
    state = KeptSelectField(LABELS["state"])
    language = KeptSelectField(LABELS["language"])
    q = StringField(
        LABELS["q"],
        validators=[Length(max=200)],
        description=_l("Words in the provider's name or program description."),
    )

    def __init__(self, *args, options=None, **kwargs):
        """`options`: `filter_options(...)` (kept by the caller)."""
        super().__init__(*args, **kwargs)
        options = dict(options or filter_options())
        for name, markup in options.pop("labels").items():
            self[name].label = KeptLabel(self[name].id, LABELS[name], markup)
        for name, (kept, allowed) in options.items():
            self[name].options, self[name].allowed = kept, allowed

    def filters(self):
        """The DirectoryFilters these (validated) values ask for."""
        return DirectoryFilters(
            district_id=self.district.data,
            subject=self.subject.data or None,
            grade_span=self.grade_span.data or None,
            mode=self.mode.data or None,
            ell=bool(self.ell.data),
            swd=bool(self.swd.data),
            q=(self.q.data or "").strip() or None,
            state=self.state.data or None,
            language=self.language.data or None,
        )


def parse_money(text):
    """'$37,000' -> Decimal('37000'); ValueError with a readable message otherwise."""
    cleaned = (text or "").strip().replace(",", "").replace("$", "").strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_l("Enter an amount in dollars, e.g. 37,000.")) from None
    if not amount.is_finite():
        raise ValueError(_l("Enter an amount in dollars, e.g. 37,000."))
    if amount < 0:
        raise ValueError(_l("The amount cannot be negative."))
    if amount > MAX_AMOUNT:
        raise ValueError(_l("The amount is too large (at most $1,000,000,000)."))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_l("Use dollars and cents (at most two decimal places)."))
    return amount


class _Money:
    def __call__(self, form, field):
        try:
            field.amount = parse_money(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class SlotsForm(FlaskForm):
    """SES amount / per-pupil cap = number of students that can be served (000, 001)."""

    class Meta:
        csrf = False

    amount = StringField(
        _l("District SES amount ($)"),
        validators=[InputRequired(message=_l("Enter the amount set aside for SES.")), _Money()],
        description=_l("The part of the Title I set-aside that funds SES, e.g. 37,000."),
    )
    per_pupil = StringField(
        _l("Per-pupil SES cap ($)"),
        validators=[InputRequired(message=_l("Enter the per-pupil amount.")), _Money()],
        description=_l("The district's per-pupil allocation for SES, e.g. 1,200."),
    )

    def validate_per_pupil(self, field):
        """A zero cap would divide by zero: refuse it with a message."""
        if getattr(field, "amount", None) is not None and field.amount == 0:
            raise ValidationError(_l("The per-pupil amount must be more than $0."))
