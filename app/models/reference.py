"""State reference data by program year: which districts and schools were identified for
improvement in each year (004 "Eligible Service Providers"; the 2008-09 list of 004 "List of
Districts and Schools" is one such year). Eligibility reads the status of the cycle's program
year, so a district that leaves improvement may apply the next year and last year's applicants
keep the record they were judged on.
"""

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.orgs import IMPROVEMENT_STATUSES
from app.models.types import check_in


class DistrictYearStatus(Model):
    """A district's improvement status in one program year (the calendar year it starts in)."""

    __tablename__ = "district_year_statuses"
    __table_args__ = (
        UniqueConstraint("district_id", "program_year"),
        CheckConstraint(check_in("status", IMPROVEMENT_STATUSES), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id", ondelete="CASCADE"))
    program_year: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20))

    district = relationship("District")


class SchoolYearStatus(Model):
    """A school's improvement status in one program year."""

    __tablename__ = "school_year_statuses"
    __table_args__ = (
        UniqueConstraint("school_id", "program_year"),
        CheckConstraint(check_in("status", IMPROVEMENT_STATUSES), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    program_year: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20))

    school = relationship("School")
