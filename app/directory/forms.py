"""The directory's search form and the slots calculator (GET forms: nothing is changed)."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import Select

from app.directory.queries.listing import MODE_LABELS, SPAN_ORDER, SUBJECT_LABELS, label_for
from app.directory.queries import DirectoryFilters
from app.forms import choices

MAX_AMOUNT = Decimal("1000000000")  # a billion dollars: far above any district's SES amount


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class QuickSelect(Select):
    """A select whose plain options are written with one format string each: WTForms' general
    attribute rendering per option was half the cost of a directory page (150 districts)."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        """`<option value="..." selected>label</option>`, escaped."""
        if choice.render_kw or kwargs or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = " selected" if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option value="{escape(choice.value)}"{selected}>{label}</option>')


class DirectoryFilterForm(FlaskForm):
    """Search approved providers: district, subject, grade span, mode, populations, keyword."""

    class Meta:
        csrf = False

    district = SelectField(_l("School district"), widget=QuickSelect(), coerce=_optional_int, validate_choice=True)
    subject = SelectField(_l("Subject"), widget=QuickSelect(), validate_choice=True, default="")
    grade_span = SelectField(_l("Grade span"), widget=QuickSelect(), validate_choice=True,
                             default="")
    mode = SelectField(_l("Mode of delivery"), widget=QuickSelect(), validate_choice=True,
                       default="", choices=choices(
                           [("", _l("In person or online"))]
                           + [(code, _l(label)) for code, label in MODE_LABELS.items()]))
    ell = BooleanField(_l("Serves English learners"))
    swd = BooleanField(_l("Serves students with disabilities"))
    state = SelectField(_l("State"), widget=QuickSelect(), validate_choice=True, default="")
    language = SelectField(_l("Language"), widget=QuickSelect(), validate_choice=True, default="")
    q = StringField(_l("Keyword"), validators=[Length(max=200)],
                    description=_l("Words in the provider's name or program description."))

    def __init__(self, *args, districts=(), subjects=(), grade_spans=SPAN_ORDER, states=(),
                 languages=(), **kwargs):
        """`districts`: (id, label) pairs; the other choices are codes."""
        super().__init__(*args, **kwargs)
        self.state.choices = choices([("", _l("All states"))] + [(s, s) for s in states])
        self.language.choices = choices([("", _l("Any language"))]
                                        + [(lang, lang.title()) for lang in languages])
        self.district.choices = choices([(None, _l("All districts"))]
                                        + list(districts))
        self.subject.choices = choices([("", _l("Any subject"))]
                                       + [(s, _l(label_for(s, SUBJECT_LABELS))) for s in subjects])
        self.grade_span.choices = choices([("", _l("Any grade span"))]
                                          + [(g, _l("Grades %(span)s", span=g))
                                             for g in grade_spans])

    def filters(self):
        """The DirectoryFilters these (validated) values ask for."""
        return DirectoryFilters(
            district_id=self.district.data, subject=self.subject.data or None,
            grade_span=self.grade_span.data or None, mode=self.mode.data or None,
            ell=bool(self.ell.data), swd=bool(self.swd.data),
            q=(self.q.data or "").strip() or None, state=self.state.data or None,
            language=self.language.data or None)


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

    amount = StringField(_l("District SES amount ($)"), validators=[
        InputRequired(message=_l("Enter the amount set aside for SES.")), _Money()],
        description=_l("The part of the Title I set-aside that funds SES, e.g. 37,000."))
    per_pupil = StringField(_l("Per-pupil SES cap ($)"), validators=[
        InputRequired(message=_l("Enter the per-pupil amount.")), _Money()],
        description=_l("The district's per-pupil allocation for SES, e.g. 1,200."))

    def validate_per_pupil(self, field):
        """A zero cap would divide by zero: refuse it with a message."""
        if getattr(field, "amount", None) is not None and field.amount == 0:
            raise ValidationError(_l("The per-pupil amount must be more than $0."))
