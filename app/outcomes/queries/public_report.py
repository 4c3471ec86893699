"""The public effectiveness report (001, responsibilities of the Department: "publicly report on
standards and techniques for monitoring the quality and effectiveness" of providers).

Per provider, program year and subject, from the stored determinations (EffectivenessResult, the
sweep's annual evaluation): completers, the share of them who improved, and the determination;
and per provider and year the total of completers over its subjects. Small cells are suppressed
as workflows/suppression.py says (fewer than 10 completers shown as "fewer than 10", plus a
complementary cell so no hidden count is total minus the rest). The determination is always
shown: it is the state's public decision and carries no count. No student-level data is read.
"""

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.directory.queries.chart import inert
from app.directory.queries.listing import SUBJECT_LABELS, label_for
from app.extensions import db
from app.models import EffectivenessResult, Organization
from workflows.suppression import THRESHOLD, suppress_group

FEWER = f"fewer than {THRESHOLD}"
HIDDEN = "suppressed"  # a complementary cell: at least 10, hidden so another cannot be derived
DETERMINATIONS = {
    "contributed": "Contributed to increased achievement",
    "not_contributed": "Did not contribute to increased achievement",
    "insufficient_data": "No determination (too few completers)",
}
CSV_HEADERS = (
    "Provider",
    "Program year",
    "Subject",
    "Completers",
    "Share improved",
    "Determination",
)


@dataclass(frozen=True)
class Cell:
    """One subject's published line."""

    subject: str
    completers: str
    share: str
    determination: str


@dataclass(frozen=True)
class Group:
    """One provider's program year: its subjects and the total of completers."""

    provider: str
    program_year: int
    cells: tuple[Cell, ...]
    total: str

    @property
    def year_label(self):
        """'2009-10'."""
        return f"{self.program_year}-{(self.program_year + 1) % 100:02d}"


def share_text(improved, completed):
    """The share improved as a whole percent, rounded half up ('67%')."""
    percent = (Decimal(100) * improved / completed).quantize(Decimal(1), ROUND_HALF_UP)
    return f"{percent}%"


def _cell(result, mark):
    subject = label_for(result.subject, SUBJECT_LABELS)
    determination = DETERMINATIONS.get(result.status, result.status)
    if mark == "primary":
        return Cell(subject, FEWER, HIDDEN, determination)
    if mark == "complementary":
        return Cell(subject, HIDDEN, HIDDEN, determination)
    return Cell(
        subject, str(result.completed), share_text(result.improved, result.completed), determination
    )


def _group(organization, year, results):
    marks = suppress_group([r.completed for r in results])
    total = FEWER if marks.total is None else str(marks.total)
    return Group(
        organization.name,
        year,
        tuple(_cell(r, m) for r, m in zip(results, marks.cells, strict=True)),
        total,
    )


def public_report(program_year=None):
    """[Group] by provider name, newest year first; one program year when `program_year`."""
    query = (
        db.select(EffectivenessResult)
        .join(Organization)
        .order_by(
            Organization.name,
            Organization.id,
            EffectivenessResult.program_year.desc(),
            EffectivenessResult.subject,
        )
    )
    if program_year is not None:
        query = query.where(EffectivenessResult.program_year == program_year)
    grouped: dict[tuple[Organization, int], list[EffectivenessResult]] = {}
    for result in db.session.scalars(query):
        grouped.setdefault((result.organization, result.program_year), []).append(result)
    return [_group(org, year, results) for (org, year), results in grouped.items()]


def report_years():
    """Program years with published determinations, newest first."""
    return db.session.scalars(
        db.select(EffectivenessResult.program_year)
        .distinct()
        .order_by(EffectivenessResult.program_year.desc())
    ).all()


def public_report_csv(groups):
    """The report as CSV (UTF-8 with BOM), one line per subject and one "All subjects" total."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_HEADERS)
    for group in groups:
        for cell in group.cells:
            writer.writerow(
                [
                    inert(group.provider),
                    group.year_label,
                    cell.subject,
                    cell.completers,
                    cell.share,
                    cell.determination,
                ]
            )
        writer.writerow(
            [inert(group.provider), group.year_label, "All subjects", group.total, "", ""]
        )
    return out.getvalue()
