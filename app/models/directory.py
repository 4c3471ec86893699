"""The public directory as derived tables: one row per listed provider (its latest approved
application) with only what a listing shows plus the columns its filters read, and child rows
for the districts served, the subjects by grade span and the languages spoken.

Nothing here is a record of its own: every row is rebuilt from the applications by
`app.directory.operations` (in the transaction of the change, and by `flask ses rebuild-directory`).
"""

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model

# PostgreSQL full-text search over the normalized keyword words, stored (so no plan ever
# recomputes it) and GIN-indexed. The 'simple' configuration neither stems nor drops stop words,
# so a match means "a word starts with what was typed" on both databases (SQLite leaves the
# column empty and answers the same question with LIKE; app/directory/queries/__init__.py).
KEYWORD_VECTOR = TSVECTOR().with_variant(Text(), "sqlite")
# The page order is Python's order of casefolded names (code points): PostgreSQL's "C"
# collation on the column, so its index serves ORDER BY ... LIMIT; SQLite's default BINARY
# collation already is that order.
SORT_NAME = String(200).with_variant(String(200, collation="C"), "postgresql")


class DirectoryListing(Model):
    """A provider on the directory, with the listing's display fields in `entry`."""

    __tablename__ = "directory_listings"
    __table_args__ = (
        Index("ix_directory_listings_state_sort", "state", "sort_name", "organization_id"),
        Index("ix_directory_listings_sort", "sort_name", "organization_id"),
        Index("ix_directory_listings_keyword_vector", "keyword_vector", postgresql_using="gin"),
    )

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[str] = mapped_column(String(2))  # the pack's state (cycle's pack)
    sort_name: Mapped[str] = mapped_column(SORT_NAME)  # name.casefold(): the page order
    in_person: Mapped[bool] = mapped_column()
    online: Mapped[bool] = mapped_column()
    serves_ell: Mapped[bool] = mapped_column()
    serves_swd: Mapped[bool] = mapped_column()
    keywords: Mapped[str] = mapped_column(Text)  # casefolded words, one space apart
    keyword_vector = mapped_column(KEYWORD_VECTOR)  # PostgreSQL: to_tsvector of keywords
    entry: Mapped[dict] = mapped_column(JSON)  # Listing fields a page shows


class DirectoryListingDistrict(Model):
    """A district a listed provider serves."""

    __tablename__ = "directory_listing_districts"
    __table_args__ = (
        Index("ix_directory_listing_districts_district", "district_id", "organization_id"),
    )

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("directory_listings.organization_id", ondelete="CASCADE"), primary_key=True
    )
    district_id: Mapped[int] = mapped_column(
        ForeignKey("districts.id", ondelete="CASCADE"), primary_key=True
    )


class DirectoryListingSubject(Model):
    """A subject a listed provider offers in one grade span."""

    __tablename__ = "directory_listing_subjects"
    __table_args__ = (
        Index("ix_directory_listing_subjects_subject", "subject", "grade_span", "organization_id"),
        Index("ix_directory_listing_subjects_span", "grade_span", "organization_id"),
    )

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("directory_listings.organization_id", ondelete="CASCADE"), primary_key=True
    )
    subject: Mapped[str] = mapped_column(String(80), primary_key=True)
    grade_span: Mapped[str] = mapped_column(String(40), primary_key=True)


class DirectoryListingLanguage(Model):
    """A language (casefolded) a listed provider's service summary says it serves in."""

    __tablename__ = "directory_listing_languages"
    __table_args__ = (
        Index("ix_directory_listing_languages_language", "language", "organization_id"),
    )

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("directory_listings.organization_id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(60), primary_key=True)


class DirectoryVersion(Model):
    """One row: a number the directory's flush hook raises in the transaction of every change
    to what the public directory shows. The response cache (`app.directory.views.cache`) keys pages
    by it, so a committed change makes every cached page stale at once."""

    __tablename__ = "directory_version"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    version: Mapped[int] = mapped_column(default=0)
