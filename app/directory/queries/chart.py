"""The statewide master chart for parents and school districts (004 "Service Summary": "This
information will be used in the compilation of a statewide master chart"): its columns, and its
CSV and XLSX exports, one row per approved provider.

Cells typed by providers are written as text; a cell that a spreadsheet would run as a formula
(starting with =, +, - or @) is made inert, so an export cannot carry a formula injection.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from app.core.dates import long_date
from app.directory.queries.listing import (
    DELIVERY_LABELS,
    MODE_LABELS,
    PLACE_LABELS,
    SUBJECT_LABELS,
    label_for,
)
from app.i18n import N_

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _contact(item):
    return "; ".join(
        p for p in (item.contact_name, item.contact_phone, item.contact_email, item.website) if p
    )


def _services(item):
    return "; ".join(
        f"{label_for(subject, SUBJECT_LABELS)} ({', '.join(spans)})"
        for subject, spans in item.subjects_by_grade.items()
    )


def _diverse(item):
    parts = []
    if item.serves_ell:
        parts.append("English learners")
    if item.serves_swd:
        parts.append("Students with disabilities")
    if item.languages:
        parts.append(f"Languages: {item.languages}")
    if item.diverse_populations:
        parts.append(item.diverse_populations)
    return "; ".join(parts)


# (key, column header as 004 "Service Summary" words it, value of a listing). Values are text,
# int, Decimal or date; `display` formats them for pages.
COLUMNS = (
    ("name", N_("Name of provider"), lambda i: i.name),
    ("contact", N_("Contact person and contact information"), _contact),
    ("districts", N_("Districts served"), lambda i: "; ".join(label for _, label in i.districts)),
    (
        "location",
        N_("Specific location of service delivery"),
        lambda i: ", ".join(PLACE_LABELS[p] for p in i.places),
    ),
    ("modes", N_("Mode of delivery"), lambda i: ", ".join(MODE_LABELS[m] for m in i.modes)),
    (
        "transportation",
        N_("Transportation (if services are not at the student's school)"),
        lambda i: i.transportation,
    ),
    ("certification", N_("Type of certification of instructors"), lambda i: i.certification),
    (
        "min_students",
        N_("Minimum number of students needed to provide services"),
        lambda i: i.min_students,
    ),
    ("max_students", N_("Maximum number of students at any location"), lambda i: i.max_students),
    ("delivery", N_("Individual or small group"), lambda i: label_for(i.delivery, DELIVERY_LABELS)),
    ("students_per_instructor", N_("Students per instructor"), lambda i: i.students_per_instructor),
    (
        "session_minutes",
        N_("Length of each tutoring session (minutes)"),
        lambda i: i.session_minutes,
    ),
    ("hours_per_week", N_("Hours per week"), lambda i: i.hours_per_week),
    ("total_hours", N_("Length of program (total hours)"), lambda i: i.total_hours),
    ("hourly_rate", N_("Estimated cost per student, per hour ($)"), lambda i: i.hourly_rate),
    ("grades", N_("Grade levels served"), lambda i: ", ".join(i.grade_spans)),
    ("services", N_("Services available (subjects by grade span)"), _services),
    ("reporting", N_("Reporting to parents and school"), lambda i: i.reporting),
    ("diverse", N_("Services to diverse populations"), _diverse),
    ("description", N_("Description"), lambda i: i.description),
    ("term_ends_on", N_("Approved through"), lambda i: i.term_ends_on),
)
HEADERS = tuple(header for _, header, _ in COLUMNS)


def chart_row(item):
    """{key: value} of one listing in the master chart's column order."""
    return {key: value(item) for key, _, value in COLUMNS}


def display(value):
    """A chart value as a page shows it ('' for blanks, $ for money)."""
    if isinstance(value, date):
        return long_date(value)
    return "" if value is None else str(value)


def inert(text):
    """`text` made safe for a spreadsheet cell (a leading apostrophe before a formula start)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return inert(value) if isinstance(value, str) else str(value)


def master_chart_csv(listings):
    """The master chart as CSV text (UTF-8 with BOM, so spreadsheet programs read accents)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for item in listings:
        writer.writerow([_cell_text(v) for v in chart_row(item).values()])
    return out.getvalue()


# Column widths in characters: wide enough for a header word or a short value, never wider
# than a readable paragraph (long cells wrap instead of widening the sheet).
MIN_WIDTH, MAX_WIDTH = 10, 50


def column_width(values):
    """A column's width: its longest line (header words count one by one), clamped."""
    longest = 0
    for value in values:
        text = display(value)
        longest = max([longest, *(len(line) for line in text.splitlines())])
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def master_chart_xlsx(listings, *, title="Master chart"):
    """The master chart as an XLSX workbook (bytes): typed numbers and dates, text as text;
    columns sized to their content, every cell wrapped, an autofilter on the header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new Workbook always has its one worksheet active
    sheet.title = title[:31]
    sheet.append(list(HEADERS))
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = wrap
    rows = [chart_row(item) for item in listings]
    for row_number, row in enumerate(rows, start=2):
        for column, (key, value) in enumerate(row.items(), start=1):
            _write_cell(sheet.cell(row=row_number, column=column), key, value)
            sheet.cell(row=row_number, column=column).alignment = wrap
    sheet.freeze_panes = "B2"
    for column, (key, header, _) in enumerate(COLUMNS, start=1):
        # Header words may break across lines, so the longest word (not the header) counts.
        sample = [max(header.split(), key=len), *(row[key] for row in rows)]
        sheet.column_dimensions[get_column_letter(column)].width = column_width(sample)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write_cell(cell, key, value):
    if isinstance(value, Decimal):
        cell.value = float(value)  # spreadsheets hold binary numbers; values are small
        cell.number_format = "0.00" if key == "hourly_rate" else "General"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "mmmm d, yyyy"
    else:
        cell.value = value if value != "" else None
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the provider typed
