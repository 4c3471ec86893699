"""Keeping the directory tables (`app.models.directory`) in step with the records.

A provider is listed with its latest approved application (state `approved`; a conditional
approval is not yet on the directory). Every flush that touches what a listing shows (an
application's state, program, service summary, description, dates or service area; an
organization's name or contacts) rebuilds the rows of the organizations concerned, with Core
statements on the flush's own connection: whatever path made the change (an operation through
`app.core.lifecycle.apply_event`, the sweep, the demo seed, a fixture), the directory changes in the
same transaction. `rebuild_directory` rebuilds every row (`flask ses rebuild-directory`, after a
migration or a bulk load that bypassed the session).

District labels are not copied: pages read them from `districts`, so a renamed district shows
its new name without a rebuild.
"""

import re
import time
from dataclasses import asdict, fields
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import delete, event, func, insert, inspect, select, text, update

from app.directory.queries.listing import Listing, listing_from
from app.extensions import db
from app.models import (
    Application,
    ApplicationDistrict,
    Cycle,
    DirectoryListing,
    DirectoryListingDistrict,
    DirectoryListingLanguage,
    DirectoryListingSubject,
    DirectoryVersion,
    District,
    Organization,
)
from workflows.policy import PolicyError, load_policy
from workflows.states import ApplicationState

LISTED_APPLICATION_ATTRIBUTES = (
    "state",
    "program",
    "service_summary",
    "program_description",
    "approved_on",
    "term_ends_on",
    "organization_id",
    "organization",
    "cycle_id",
    "cycle",
    "service_area",
)
LISTED_ORGANIZATION_ATTRIBUTES = (
    "name",
    "contact_name",
    "contact_email",
    "phone",
    "website",
    "address",
)
# Shown on the provider's own page only (read there from the application), not in listings.
DETAIL_ONLY = ("districts", "summary", "program_description")
WORD = re.compile(r"[^\W_]+")
LANGUAGE_SEPARATORS = re.compile(r"[,;/&\n]|\band\b|\by\b", re.IGNORECASE)
MAX_SUBJECT, MAX_SPAN, MAX_LANGUAGE = 80, 40, 60  # longer values are shown but not filterable
CHUNK = 500
PENDING = "directory_pending_organizations"
DISTRICTS_CHANGED = "directory_districts_changed"


def keyword_words(text):
    """The casefolded words of `text` (letters and digits), as the keyword search sees them."""
    return WORD.findall(text.casefold())


def languages_of(text):
    """'Spanish, Hmong and Somali' -> ('spanish', 'hmong', 'somali'): casefolded, in order."""
    found = []
    for part in LANGUAGE_SEPARATORS.split(text or ""):
        language = " ".join(part.split()).casefold()
        if language and len(language) <= MAX_LANGUAGE and language not in found:
            found.append(language)
    return tuple(found)


def entry_of(listing):
    """The JSON-ready display fields of a listing (Decimals and dates as text)."""
    entry = {}
    for name, value in asdict(listing).items():
        if name in DETAIL_ONLY:
            continue
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, date):
            value = value.isoformat()
        entry[name] = value
    return entry


DECIMAL_FIELDS = ("hours_per_week", "total_hours", "hourly_rate")
DATE_FIELDS = ("approved_on", "term_ends_on")
TUPLE_FIELDS = ("places", "modes")
LISTING_FIELDS = {f.name for f in fields(Listing)}


def listing_of(entry, districts=()):
    """The Listing stored as `entry`, serving `districts` ((id, label), ...)."""
    values = {k: v for k, v in entry.items() if k in LISTING_FIELDS}
    for name in DECIMAL_FIELDS:
        values[name] = Decimal(values[name]) if values.get(name) is not None else None
    for name in DATE_FIELDS:
        values[name] = date.fromisoformat(values[name]) if values.get(name) else None
    for name in TUPLE_FIELDS:
        values[name] = tuple(values.get(name) or ())
    values["subjects_by_grade"] = {
        s: tuple(spans) for s, spans in (values.get("subjects_by_grade") or {}).items()
    }
    return Listing(**values, districts=tuple(districts))


def _state_of(policy_code):
    try:
        return load_policy(policy_code).state
    except PolicyError:
        return ""


def _latest_approved(connection, organization_ids):
    """{organization id: (application row, organization row, state)} for the given ids (None:
    every organization)."""
    query = (
        select(Application.__table__, Cycle.policy_code)
        .join(Cycle, Cycle.id == Application.cycle_id)
        .where(Application.state == ApplicationState.APPROVED)
        .order_by(Application.approved_on, Application.id)
    )
    orgs = select(Organization.__table__)
    if organization_ids is not None:
        query = query.where(Application.organization_id.in_(organization_ids))
        orgs = orgs.where(Organization.id.in_(organization_ids))
    latest = {}
    for row in connection.execute(query):
        latest[row.organization_id] = row  # later approvals replace earlier ones
    organizations = {o.id: o for o in connection.execute(orgs)} if latest else {}
    return latest, organizations


def _service_areas(connection, application_ids):
    areas: dict[int, list[int]] = {}
    for start in range(0, len(application_ids), CHUNK):
        chunk = application_ids[start : start + CHUNK]
        for app_id, district_id in connection.execute(
            select(ApplicationDistrict.application_id, ApplicationDistrict.district_id).where(
                ApplicationDistrict.application_id.in_(chunk)
            )
        ):
            areas.setdefault(app_id, []).append(district_id)
    return areas


def _rows_for(row, organization, district_ids):
    """(listing row, district rows, subject rows, language rows) of one approved application."""
    record = SimpleNamespace(
        **row._mapping,
        organization=organization,
        service_area=[SimpleNamespace(id=d, label="") for d in district_ids],
    )
    listing = listing_from(record)
    org_id = listing.organization_id
    main = {
        "organization_id": org_id,
        "application_id": listing.application_id,
        "state": _state_of(row.policy_code),
        "sort_name": listing.name.casefold()[:200],
        "in_person": "in_person" in listing.modes,
        "online": "online" in listing.modes,
        "serves_ell": listing.serves_ell,
        "serves_swd": listing.serves_swd,
        "keywords": " ".join(keyword_words(listing.keyword_text())),
        "entry": entry_of(listing),
    }
    districts = [{"organization_id": org_id, "district_id": d} for d in sorted(set(district_ids))]
    subjects = [
        {"organization_id": org_id, "subject": s, "grade_span": span}
        for s, spans in listing.subjects_by_grade.items()
        if len(s) <= MAX_SUBJECT
        for span in spans
        if len(span) <= MAX_SPAN
    ]
    languages = [
        {"organization_id": org_id, "language": lang} for lang in languages_of(listing.languages)
    ]
    return main, districts, subjects, languages


def _delete(connection, organization_ids):
    for model in (
        DirectoryListingDistrict,
        DirectoryListingSubject,
        DirectoryListingLanguage,
        DirectoryListing,
    ):
        statement = delete(model)
        if organization_ids is not None:
            statement = statement.where(model.organization_id.in_(organization_ids))
        connection.execute(statement)


def _write(connection, organization_ids):
    _delete(connection, organization_ids)
    latest, organizations = _latest_approved(connection, organization_ids)
    areas = _service_areas(connection, [row.id for row in latest.values()])
    tables: tuple[list, list, list, list] = ([], [], [], [])
    for org_id, row in latest.items():
        for bucket, rows in zip(
            tables, _rows_for(row, organizations[org_id], areas.get(row.id, [])), strict=True
        ):
            bucket.extend(rows if isinstance(rows, list) else [rows])
    for model, rows in zip(
        (
            DirectoryListing,
            DirectoryListingDistrict,
            DirectoryListingSubject,
            DirectoryListingLanguage,
        ),
        tables,
        strict=True,
    ):
        if rows:
            connection.execute(insert(model), rows)
    if latest and connection.dialect.name == "postgresql":
        statement = update(DirectoryListing).values(
            keyword_vector=func.to_tsvector(text("'simple'::regconfig"), DirectoryListing.keywords)
        )
        if organization_ids is not None:
            statement = statement.where(DirectoryListing.organization_id.in_(organization_ids))
        connection.execute(statement)
    return len(latest)


def refresh_organizations(connection, organization_ids):
    """Rebuild the listings of these organizations on `connection` (in its transaction)."""
    ids = sorted({i for i in organization_ids if i is not None})
    for start in range(0, len(ids), CHUNK):
        _write(connection, ids[start : start + CHUNK])


def rebuild_directory(session=None):
    """Rebuild every listing from the records; returns how many providers are listed."""
    session = session or db.session
    connection = session.connection()
    listed = _write(connection, None)
    bump_version(connection)
    return listed


def bump_version(connection):
    """Raise the directory's version in `connection`'s transaction, so the response cache's
    pages of the old version are never served once the change is committed. (The row lock
    serializes transactions that change listings; they are rare next to reads.)"""
    table = DirectoryVersion.__table__
    raised = connection.execute(
        update(table).where(table.c.id == 1).values(version=table.c.version + 1)
    )
    if raised.rowcount == 0:
        # The row is gone (the tables were emptied): start again from the clock, so no number
        # a shared cache (Redis) may still hold pages under comes back.
        connection.execute(insert(table).values(id=1, version=int(time.time())))


def _changed(obj, names):
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _collect(session, flush_context, instances):
    """before_flush: note the organizations whose listing this flush may change."""
    pending = session.info.setdefault(PENDING, set())
    for obj in session.new:
        if isinstance(obj, Application) and obj.state == ApplicationState.APPROVED:
            pending.add(obj)
    for obj in session.dirty:
        if isinstance(obj, Application) and _changed(obj, LISTED_APPLICATION_ATTRIBUTES):
            pending.add(obj)
            pending.update(inspect(obj).attrs.organization_id.history.deleted or ())
        elif isinstance(obj, Organization) and _changed(obj, LISTED_ORGANIZATION_ATTRIBUTES):
            pending.add(obj)
    if any(
        isinstance(obj, (District, Cycle))
        for obj in (*session.new, *session.dirty, *session.deleted)
    ):
        # Pages show district names and counts, and the drop-downs list the cycles' packs.
        session.info[DISTRICTS_CHANGED] = True
    for obj in session.deleted:
        if isinstance(obj, Application):
            pending.add(obj.organization_id)
        elif isinstance(obj, Organization):
            pending.add(obj.id)


def _refresh(session, flush_context):
    """after_flush_postexec: rebuild the noted organizations' listings in this transaction."""
    pending = session.info.pop(PENDING, None)
    districts_changed = session.info.pop(DISTRICTS_CHANGED, False)
    if not pending and not districts_changed:
        return
    ids = {
        item
        if isinstance(item, int)
        else (item.organization_id if isinstance(item, Application) else item.id)
        for item in pending or ()
    }
    refresh_organizations(session.connection(), ids)
    bump_version(session.connection())


def _forget(session, *args):
    session.info.pop(PENDING, None)
    session.info.pop(DISTRICTS_CHANGED, None)


def listen(session):
    """Keep the directory in step with every flush of `session` (a scoped session or class)."""
    event.listen(session, "before_flush", _collect)
    event.listen(session, "after_flush_postexec", _refresh)
    event.listen(session, "after_rollback", _forget)
