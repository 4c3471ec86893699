"""The statewide master chart as CSV and XLSX (004 "Service Summary")."""

import csv
import io
from datetime import date

from openpyxl import load_workbook

from app.directory.queries.chart import HEADERS


def _csv_rows(response):
    text = response.data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_one_row_per_approved_provider(directory_world, client):
    response = client.get("/directory/master-chart.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv_rows(response)
    assert [r["Name of provider"] for r in rows] == [
        "Bright Tutors",
        "Messy Learning",
        "Online Math Co",
    ]
    assert list(rows[0]) == list(HEADERS)
    bright = rows[0]
    assert bright["Districts served"] == "Rapid City 51-4; Sioux Falls 49-5"
    assert bright["Estimated cost per student, per hour ($)"] == "38.00"
    assert bright["Services available (subjects by grade span)"] == "Reading (K-2, 3-5); Math (3-5)"
    assert bright["Students per instructor"] == "4"
    assert bright["Approved through"] == "2011-06-30"
    assert rows[1]["Estimated cost per student, per hour ($)"] == ""  # "lots" is unreadable


def test_csv_honours_filters(directory_world, client):
    rapid = directory_world["districts"][1]
    rows = _csv_rows(client.get(f"/directory/master-chart.csv?district={rapid.id}&mode=online"))
    assert [r["Name of provider"] for r in rows] == ["Online Math Co"]


def test_xlsx_loads_with_typed_cells(directory_world, client):
    response = client.get("/directory/master-chart.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert [r[0] for r in rows[1:]] == ["Bright Tutors", "Messy Learning", "Online Math Co"]
    bright = dict(zip(HEADERS, rows[1], strict=True))
    assert bright["Estimated cost per student, per hour ($)"] == 38.0
    assert bright["Students per instructor"] == 4
    assert bright["Approved through"].date() == date(2011, 6, 30)


def test_exports_make_formulas_inert(app, client, make_org, make_application, make_district):
    make_application(
        "approved",
        organization=make_org('=HYPERLINK("http://evil")'),
        service_area=[make_district()],
        program={"description": "+1 555 0100", "transportation": "@SUM(A1)"},
    )
    row = _csv_rows(client.get("/directory/master-chart.csv"))[0]
    assert row["Name of provider"] == '\'=HYPERLINK("http://evil")'
    assert row["Description"] == "'+1 555 0100"
    sheet = load_workbook(io.BytesIO(client.get("/directory/master-chart.xlsx").data)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://evil")'


def test_empty_chart_has_headers(app, client):
    assert _csv_rows(client.get("/directory/master-chart.csv")) == []
    sheet = load_workbook(io.BytesIO(client.get("/directory/master-chart.xlsx").data)).active
    assert list(sheet.iter_rows(values_only=True)) == [HEADERS]


def test_xlsx_sizes_columns_wraps_and_filters(directory_world, client):
    sheet = load_workbook(io.BytesIO(client.get("/directory/master-chart.xlsx").data)).active
    widths = {
        sheet.cell(row=1, column=c).value: sheet.column_dimensions[
            sheet.cell(row=1, column=c).column_letter
        ].width
        for c in range(1, len(HEADERS) + 1)
    }
    assert widths["Students per instructor"] < widths["Description"]
    assert len(set(widths.values())) > 3  # sized to content, not one width for all
    assert all(10 <= w <= 50 for w in widths.values())
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(HEADERS)).column_letter}4"
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    assert sheet.cell(row=2, column=len(HEADERS)).number_format == "mmmm d, yyyy"
