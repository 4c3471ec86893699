"""The coordinator's audit log: every entry, newest first, narrowed by record kind and id, by who
acted, and by a date range (days in the default pack's time zone), a page at a time in SQL."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_wtf import FlaskForm
from sqlalchemy import or_
from sqlalchemy.orm import selectinload
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional, Regexp, ValidationError

from app.extensions import db
from app.forms import choices
from app.models import User
from app.models.audit import AuditEntry

SYSTEM_WORDS = {"system", "sweep"}
MAX_ID = 2_147_483_647


class AuditFilterForm(FlaskForm):
    """GET filters of the audit log (nothing is changed, so no CSRF token)."""

    class Meta:
        csrf = False

    entity = SelectField("Record kind", validate_choice=True, default="")
    entity_id = IntegerField("Record id", validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    actor = StringField(
        "Who",
        validators=[
            Optional(),
            Length(max=200),
            Regexp(r"^[^\x00-\x1f\x7f]*$", message="Control characters are not allowed."),
        ],
        description='Part of a name or e-mail address; "system" for the sweep.',
    )
    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = sorted(name for name in db.metadata.tables if not name.startswith("directory_"))
        self.entity.choices = choices(
            [("", "Any record")] + [(k, k.replace("_", " ")) for k in kinds]
        )

    def validate_until(self, field):
        """A range that ends before it starts would show nothing: say so instead."""
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError("The end date is before the start date.")


@dataclass(frozen=True)
class AuditFilters:
    """What the audit log is narrowed by (None: not filtered)."""

    entity: str | None = None
    entity_id: int | None = None
    actor: str | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_form(cls, form):
        """The filters of a validated form."""
        return cls(
            entity=form.entity.data or None,
            entity_id=form.entity_id.data,
            actor=(form.actor.data or "").strip() or None,
            since=form.since.data,
            until=form.until.data,
        )


def _start_of(day, tzinfo):
    return datetime.combine(day, time.min, tzinfo=tzinfo)


def audit_entries_query(filters, tzinfo):
    """A select of the audit entries matching `filters`, newest first, with their actors."""
    query = db.select(AuditEntry).options(selectinload(AuditEntry.actor))
    if filters.entity:
        query = query.where(AuditEntry.entity == filters.entity)
    if filters.entity_id is not None:
        query = query.where(AuditEntry.entity_id == filters.entity_id)
    if filters.actor and filters.actor.casefold() in SYSTEM_WORDS:
        query = query.where(AuditEntry.actor_id.is_(None))
    elif filters.actor:
        pattern = (
            "%" + filters.actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        actors = db.select(User.id).where(
            or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
        )
        query = query.where(AuditEntry.actor_id.in_(actors))
    if filters.since:
        query = query.where(AuditEntry.at >= _start_of(filters.since, tzinfo))
    if filters.until and filters.until < date.max:
        query = query.where(AuditEntry.at < _start_of(filters.until + timedelta(days=1), tzinfo))
    return query.order_by(AuditEntry.id.desc())
