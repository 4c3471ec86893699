"""Finding approved providers: the directory's search, pages, districts and the master chart.

"On the directory" means an application in state `approved` (a conditional approval is not yet
on it); an organization appears once, with its latest approved application. The search runs in
SQL over the derived tables of `app.models.directory` (kept by `app.directory.operations`): a page,
its total and its districts' labels are one statement (filters, order, count, limit), and only the
page's rows are read and decoded.
The HTML page, the JSON API, the CSV/XLSX exports and the district list all call `search` or
`matching_listings`, so they answer the same question.

The keyword: every word typed (letters and digits; other characters separate words) must begin
a word of the provider's name, description, program description or summary, casefolded.
PostgreSQL answers with full-text search (a stored `to_tsvector('simple', ...)`, GIN index,
prefix queries); SQLite with `LIKE '% word%'` over the same normalized words, the documented
fallback (a sequential scan, fine for one state's few hundred providers).
"""

import json
from dataclasses import dataclass
from math import ceil

from sqlalchemy import String, Text, and_, bindparam, cast, exists, func, literal, text

from app.directory.operations import keyword_words, listing_of
from app.directory.queries.listing import listing_from
from app.extensions import db
from app.models import (
    Application,
    Cycle,
    DirectoryListing,
    DirectoryListingDistrict,
    DirectoryListingLanguage,
    DirectoryListingSubject,
    District,
)
from app.pagination import Page

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 2**31 // MAX_PER_PAGE  # the offset stays a 32-bit integer
Listed = DirectoryListing


@dataclass(frozen=True)
class DirectoryFilters:
    """What a parent or district narrows the list by (None / False: not filtered)."""

    district_id: int | None = None
    subject: str | None = None
    grade_span: str | None = None
    mode: str | None = None  # "in_person" | "online"
    ell: bool = False  # serves English learners
    swd: bool = False  # serves students with disabilities
    q: str | None = None  # keyword: every word must begin a word of the listing
    state: str | None = None  # the pack's state, e.g. "SD"
    language: str | None = None  # a language of the service summary (casefolded)


def _is_postgres():
    return db.session.get_bind().dialect.name == "postgresql"


def _keyword_condition(words):
    if _is_postgres():
        query = " & ".join(f"{word}:*" for word in words)  # words are letters/digits only
        # Rendered as a literal (escaped by SQLAlchemy), not a parameter: psycopg prepares a
        # statement run five times, and PostgreSQL's generic plan for a parameter tsquery
        # cannot estimate how many rows match; with the constant it plans the GIN index
        # scan against the sort_name index for this very query (EXPLAIN ANALYZE in bench/).
        keyword = bindparam("keyword_query", query, type_=String, literal_execute=True)
        return Listed.keyword_vector.op("@@")(func.to_tsquery(text("'simple'::regconfig"), keyword))
    spaced = literal(" ") + Listed.keywords
    return and_(*(spaced.like(f"% {word}%") for word in words))


def _conditions(filters):
    """The WHERE clauses of `filters` over directory_listings."""
    conditions = []
    org = Listed.organization_id
    if filters.state:
        conditions.append(Listed.state == filters.state)
    if filters.district_id is not None:
        conditions.append(
            exists().where(
                DirectoryListingDistrict.organization_id == org,
                DirectoryListingDistrict.district_id == filters.district_id,
            )
        )
    if filters.subject or filters.grade_span:
        offered = [DirectoryListingSubject.organization_id == org]
        if filters.subject:
            offered.append(DirectoryListingSubject.subject == filters.subject)
        if filters.grade_span:
            offered.append(DirectoryListingSubject.grade_span == filters.grade_span)
        conditions.append(exists().where(*offered))
    if filters.mode in ("in_person", "online"):
        conditions.append(getattr(Listed, filters.mode).is_(True))
    elif filters.mode:
        conditions.append(literal(False))
    if filters.ell:
        conditions.append(Listed.serves_ell.is_(True))
    if filters.swd:
        conditions.append(Listed.serves_swd.is_(True))
    if filters.language:
        conditions.append(
            exists().where(
                DirectoryListingLanguage.organization_id == org,
                DirectoryListingLanguage.language == filters.language.casefold(),
            )
        )
    words = keyword_words(filters.q or "")
    if words:
        conditions.append(_keyword_condition(words))
    return conditions


def _order():
    # The column's collation is Python's order of code points (app/models/directory.py).
    return (Listed.sort_name, Listed.organization_id)


def _read(listed, build=listing_of, total=None):
    """build(entry, districts) of each listing whose id the select `listed` returns, in
    directory order, and the value of `total` (None when not asked or when nothing matched).

    One statement: the listings joined to their districts ((id, "name code"), by name),
    so a page is one round trip and its districts' labels are read fresh from `districts`.
    A listing's entry repeats on each of its districts' rows: it is read as text and decoded
    once (the driver would decode every copy of a JSON column)."""
    served_by, district = DirectoryListingDistrict, District
    columns = [Listed.organization_id, cast(Listed.entry, Text), district.id, district.name]
    query = (
        db.select(*columns, district.code, *(() if total is None else (total,)))
        .outerjoin(served_by, served_by.organization_id == Listed.organization_id)
        .outerjoin(district, district.id == served_by.district_id)
        .where(Listed.organization_id.in_(listed.correlate(None)))
        .order_by(*_order(), district.name, district.id)
    )
    found: list[tuple[str, list[tuple[int, str]]]] = []
    current, count = None, None
    for row in db.session.execute(query):
        org_id, entry, district_id, name, code = row[:5]
        if org_id != current:
            current, count = org_id, row[5] if total is not None else None
            found.append((entry, []))
        if district_id is not None:
            found[-1][1].append((district_id, f"{name} {code}"))
    return [build(json.loads(entry), served) for entry, served in found], count


def search(filters, *, page=1, per_page=PER_PAGE, build=listing_of):
    """The Page of listings matching `filters` (a page past the end shows the last page).
    `build(entry, districts)` makes each item from its stored entry (default: a Listing; the
    API builds its JSON straight from the entry)."""
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    page = max(1, page)
    conditions = _conditions(filters)
    # The count rides along as a scalar subquery (computed once, an InitPlan on PostgreSQL):
    # one round trip for the page, its districts and its total. Only a page past the end (or
    # no match) needs a second.
    total = (
        db.select(func.count())
        .select_from(Listed)
        .where(*conditions)
        .correlate(None)
        .scalar_subquery()
        .label("total")
    )
    # An offset past any table (a typed-in page number) is not sent: counted and clamped.
    items, count = (
        _page(conditions, total, page, per_page, build) if page <= MAX_PAGE else ([], None)
    )
    if count is None:
        count = db.session.scalar(db.select(func.count()).select_from(Listed).where(*conditions))
        last = max(1, ceil(count / per_page))
        if page > last:
            page = last
            items, _ = _page(conditions, total, page, per_page, build)
    return Page(items=items, page=page, per_page=per_page, total=count)


def _page(conditions, total, page, per_page, build):
    listed = (
        db.select(Listed.organization_id)
        .where(*conditions)
        .order_by(*_order())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return _read(listed, build, total)


def matching_listings(filters):
    """Every listing matching `filters`, in directory order (exports, district lists)."""
    return _read(db.select(Listed.organization_id).where(*_conditions(filters)))[0]


def find_listing(organization_id):
    """The full listing (with its program description) of organization `organization_id`, or
    None when it is not on the directory."""
    application_id = db.session.scalar(
        db.select(Listed.application_id).where(Listed.organization_id == organization_id)
    )
    if application_id is None:
        return None
    return listing_from(db.session.get(Application, application_id))


def districts_with_counts():
    """[(district, number of listed providers serving it)], by district name: one aggregate."""
    count = func.count(DirectoryListingDistrict.organization_id)
    query = (
        db.select(District, count)
        .outerjoin(DirectoryListingDistrict, DirectoryListingDistrict.district_id == District.id)
        .group_by(District.id)
        .order_by(District.name, District.code)
    )
    return [(district, n) for district, n in db.session.execute(query)]


def subjects_offered(pack_subjects):
    """The packs' subjects followed by any other subject a listed provider offers (one
    aggregate), alphabetically."""
    listed = db.session.scalars(
        db.select(DirectoryListingSubject.subject)
        .distinct()
        .order_by(DirectoryListingSubject.subject)
    )
    offered = list(pack_subjects)
    offered.extend(s for s in listed if s not in offered)
    return offered


def languages_offered():
    """Every language a listed provider serves in, alphabetically (one aggregate)."""
    return list(
        db.session.scalars(
            db.select(DirectoryListingLanguage.language)
            .distinct()
            .order_by(DirectoryListingLanguage.language)
        )
    )


def pack_codes(default_code):
    """Codes of the policy packs this installation uses (its cycles'), the default first."""
    used = db.session.scalars(db.select(Cycle.policy_code).distinct().order_by(Cycle.policy_code))
    return [default_code] + [code for code in used if code != default_code]
