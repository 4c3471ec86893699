"""Districts and schools (with their improvement status) and provider organizations."""

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.models.types import UTCDateTime, check_in, utcnow

# 004 "Eligible Service Providers": a school in improvement, corrective action or restructuring
# cannot be a provider.
IMPROVEMENT_STATUSES = ("none", "improvement", "corrective_action", "restructuring")
ORGANIZATION_TYPES = (
    "for_profit",
    "non_profit",
    "faith_based",
    "school_district",
    "public_school",
    "charter_school",
    "higher_education",
    "other",
)
ORGANIZATION_TYPE_LABELS = {
    "for_profit": "For-profit company",
    "non_profit": "Non-profit organization",
    "faith_based": "Faith-based organization",
    "school_district": "School district",
    "public_school": "Public school",
    "charter_school": "Charter school",
    "higher_education": "Institution of higher education",
    "other": "Other",
}
# 004 "Application Form": where the provider is based and how it delivers.
ORGANIZATION_CATEGORIES = ("in_state", "out_of_state", "online")


class District(Model):
    """A school district (an LEA). `in_improvement` marks a district identified for improvement
    when no status is recorded for the year in question (app/models/reference.py holds the
    status of each program year); the contact is the district's SES coordinator."""

    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("state", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(2), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), index=True)
    in_improvement: Mapped[bool] = mapped_column(default=False)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))

    schools: Mapped[list["School"]] = relationship(
        back_populates="district", order_by="School.name", cascade="all, delete-orphan"
    )

    @property
    def label(self):
        """Name and code as the documents write them, e.g. 'Sioux Falls 49-5'."""
        return f"{self.name} {self.code}"


class School(Model):
    """A school and its improvement status."""

    __tablename__ = "schools"
    __table_args__ = (
        UniqueConstraint("district_id", "name"),
        CheckConstraint(check_in("improvement_status", IMPROVEMENT_STATUSES), name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    improvement_status: Mapped[str] = mapped_column(String(20), default="none")

    district: Mapped[District] = relationship(back_populates="schools")


class Organization(Model):
    """A provider entity. When it is itself a district or a school, the link to that district or
    school carries the eligibility facts (004 "Eligible Service Providers")."""

    __tablename__ = "organizations"
    __table_args__ = (
        CheckConstraint(check_in("org_type", ORGANIZATION_TYPES), name="type_known"),
        CheckConstraint(check_in("category", ORGANIZATION_CATEGORIES), name="category_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short stable code districts use to name the provider in outcome uploads.
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    org_type: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(20), default="in_state")
    ein: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    debarred: Mapped[bool] = mapped_column(default=False)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    district = relationship("District")
    school = relationship("School")
    users = relationship("User", back_populates="organization", foreign_keys="User.organization_id")
    applications = relationship(
        "Application", back_populates="organization", order_by="Application.id"
    )
