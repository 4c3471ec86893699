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

from app.directory.listing import (DELIVERY_LABELS, MODE_LABELS, PLACE_LABELS, SUBJECT_LABELS,
                                   label_for)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _contact(item):
    return "; ".join(p for p in (item.contact_name, item.contact_phone, item.contact_email,
                                 item.website) if p)


def _services(item):
    return "; ".join(f"{label_for(subject, SUBJECT_LABELS)} ({', '.join(spans)})"
                     for subject, spans in item.subjects_by_grade.items())


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
    ("name", "Name of provider", lambda i: i.name),
    ("contact", "Contact person and contact information", _contact),
    ("districts", "Districts served", lambda i: "; ".join(label for _, label in i.districts)),
    ("location", "Specific location of service delivery",
     lambda i: ", ".join(PLACE_LABELS[p] for p in i.places)),
    ("modes", "Mode of delivery", lambda i: ", ".join(MODE_LABELS[m] for m in i.modes)),
    ("transportation", "Transportation (if services are not at the student's school)",
     lambda i: i.transportation),
    ("certification", "Type of certification of instructors", lambda i: i.certification),
    ("min_students", "Minimum number of students needed to provide services",
     lambda i: i.min_students),
    ("max_students", "Maximum number of students at any location", lambda i: i.max_students),
    ("delivery", "Individual or small group", lambda i: label_for(i.delivery, DELIVERY_LABELS)),
    ("students_per_instructor", "Students per instructor", lambda i: i.students_per_instructor),
    ("session_minutes", "Length of each tutoring session (minutes)", lambda i: i.session_minutes),
    ("hours_per_week", "Hours per week", lambda i: i.hours_per_week),
    ("total_hours", "Length of program (total hours)", lambda i: i.total_hours),
    ("hourly_rate", "Estimated cost per student, per hour ($)", lambda i: i.hourly_rate),
    ("grades", "Grade levels served", lambda i: ", ".join(i.grade_spans)),
    ("services", "Services available (subjects by grade span)", _services),
    ("reporting", "Reporting to parents and school", lambda i: i.reporting),
    ("diverse", "Services to diverse populations", _diverse),
    ("description", "Description", lambda i: i.description),
    ("term_ends_on", "Approved through", lambda i: i.term_ends_on),
)
HEADERS = tuple(header for _, header, _ in COLUMNS)


def chart_row(item):
    """{key: value} of one listing in the master chart's column order."""
    return {key: value(item) for key, _, value in COLUMNS}


def display(value):
    """A chart value as a page shows it ('' for blanks, $ for money)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%B} {value.day}, {value.year}"
    return str(value)


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


def master_chart_xlsx(listings, *, title="Master chart"):
    """The master chart as an XLSX workbook (bytes): typed numbers and dates, text as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row_number, item in enumerate(listings, start=2):
        for column, (key, value) in enumerate(chart_row(item).items(), start=1):
            cell = sheet.cell(row=row_number, column=column)
            if isinstance(value, Decimal):
                cell.value = float(value)  # spreadsheets hold binary numbers; values are small
                cell.number_format = "0.00" if key == "hourly_rate" else "General"
            else:
                cell.value = value if value != "" else None
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the provider typed
    sheet.freeze_panes = "B2"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 24
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
