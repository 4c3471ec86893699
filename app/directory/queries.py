"""Finding approved providers: the directory's search, pages, districts and the master chart.

"On the directory" means an application in state `approved` (a conditional approval is not yet
on it); an organization appears once, with its latest approved application. A state's list is
a few hundred providers at most, so the subject, grade, mode and keyword filters run in Python
over the approved listings: the program is JSON typed by providers, and reading it tolerantly
here is simpler and safer than JSON queries that differ between SQLite and PostgreSQL.
"""

from dataclasses import dataclass
from math import ceil

from sqlalchemy.orm import selectinload

from app.directory.listing import listing_from
from app.extensions import db
from app.models import Application, District

PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class DirectoryFilters:
    """What a parent or district narrows the list by (None / False: not filtered)."""

    district_id: int | None = None
    subject: str | None = None
    grade_span: str | None = None
    mode: str | None = None          # "in_person" | "online"
    ell: bool = False                # serves English learners
    swd: bool = False                # serves students with disabilities
    q: str | None = None             # keyword: every word must appear

    def matches(self, listing):
        """True when `listing` passes every filter that is set."""
        if self.district_id is not None and self.district_id not in listing.district_ids:
            return False
        if self.subject and self.subject not in listing.subjects_by_grade:
            return False
        if self.grade_span and not self._serves_span(listing):
            return False
        if self.mode and self.mode not in listing.modes:
            return False
        if (self.ell and not listing.serves_ell) or (self.swd and not listing.serves_swd):
            return False
        if self.q:
            text = listing.keyword_text()
            return all(word in text for word in self.q.casefold().split())
        return True

    def _serves_span(self, listing):
        if self.subject:
            return self.grade_span in listing.subjects_by_grade.get(self.subject, ())
        return self.grade_span in listing.grade_spans


@dataclass(frozen=True)
class Page:
    """One page of results."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self):
        """How many pages there are (at least one)."""
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages


def approved_listings():
    """Listings of every organization's latest approved application, by provider name."""
    query = (db.select(Application).where(Application.state == "approved")
             .options(selectinload(Application.service_area),
                      selectinload(Application.organization))
             .order_by(Application.approved_on, Application.id))
    latest = {}
    for application in db.session.scalars(query):
        latest[application.organization_id] = application  # later approvals replace earlier
    listings = [listing_from(a) for a in latest.values()]
    return sorted(listings, key=lambda item: (item.name.casefold(), item.organization_id))


def search(filters, *, page=1, per_page=PER_PAGE):
    """The Page of listings matching `filters` (a page past the end shows the last page)."""
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    matching = [item for item in approved_listings() if filters.matches(item)]
    pages = max(1, ceil(len(matching) / per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    return Page(items=matching[start:start + per_page], page=page, per_page=per_page,
                total=len(matching))


def find_listing(organization_id):
    """The listing of organization `organization_id`, or None when it is not on the directory."""
    query = (db.select(Application)
             .where(Application.state == "approved",
                    Application.organization_id == organization_id)
             .order_by(Application.approved_on.desc(), Application.id.desc()).limit(1))
    application = db.session.scalar(query)
    return listing_from(application) if application is not None else None


def districts_with_counts():
    """[(district, number of approved providers serving it)], by district name."""
    counts = {}
    for listing in approved_listings():
        for district_id in listing.district_ids:
            counts[district_id] = counts.get(district_id, 0) + 1
    districts = db.session.scalars(db.select(District).order_by(District.name, District.code))
    return [(d, counts.get(d.id, 0)) for d in districts]


def subjects_offered(policy_subjects):
    """The pack's subjects followed by any other subject an approved provider lists."""
    offered = list(policy_subjects)
    for listing in approved_listings():
        offered.extend(s for s in listing.subjects if s not in offered)
    return offered
