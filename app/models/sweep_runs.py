"""The daily sweep's record of its complete runs (app/sweep.py): one row per day swept, with
the fingerprint of everything the steps read as the run left it. A later run for the same day
whose inputs fingerprint the same has nothing to do (the steps are idempotent) and writes
nothing."""

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.models.types import UTCDateTime, utcnow


class SweepRun(Model):
    """The last complete sweep of `day` and the fingerprint of its inputs when it finished."""

    __tablename__ = "sweep_runs"

    day = mapped_column(Date, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    finished_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
