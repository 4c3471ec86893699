"""One way to page a list on a signed-in page: `paginate(select)` runs LIMIT/OFFSET and COUNT
in SQL (Flask-SQLAlchemy's `db.paginate`), `paginate_list` pages a list computed in Python with
the same attributes, and templates/_pagination.html has the one pager macro for both.

The page number comes from `?page=`; anything unreadable is page 1, and a page past the end shows
the last page (a bookmarked page 9 of a list that shrank still shows rows).
"""

from dataclasses import dataclass
from math import ceil

from flask import request

from app.extensions import db

PER_PAGE = 25
MAX_PAGE = 100_000


def page_number():
    """The requested page: `?page=` as a number from 1 to MAX_PAGE (1 when unreadable)."""
    return min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)


def paginate(query, *, per_page=PER_PAGE):
    """The requested page of the `select` `query` (ORM entities), counted in SQL."""
    page = db.paginate(query, page=page_number(), per_page=per_page, error_out=False)
    if page.pages and page.page > page.pages:
        page = db.paginate(query, page=page.pages, per_page=per_page, error_out=False)
    return page


@dataclass(frozen=True)
class Page:
    """A page of rows counted and cut by the caller (the directory's SQL search, or a list in
    memory whose order SQL cannot compute), with the attributes of Flask-SQLAlchemy's
    Pagination that the pager uses."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self):
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages


def paginate_list(rows, *, per_page=PER_PAGE):
    """The requested page of `rows` (a list), as `paginate` would give it."""
    rows = list(rows)
    page = min(page_number(), max(1, ceil(len(rows) / per_page)))
    start = (page - 1) * per_page
    return Page(items=rows[start : start + per_page], page=page, per_page=per_page, total=len(rows))
