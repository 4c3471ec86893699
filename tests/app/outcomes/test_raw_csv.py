"""The PostgreSQL COPY path of the CSV import (issue 9; app/outcomes/operations/raw_csv.py)
reads every file exactly as the Python reader does: the same stored rows (hashes included),
the same report to the line, column and word; and it declines every file the two could read
differently, which then gets exactly the Python reader's report. On SQLite both imports below
are the Python reader's, and the comparisons hold trivially."""

import csv
import io
import random
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import app.outcomes.operations as operations
from app.extensions import db
from app.models import OutcomeRecord, OutcomeUpload
from app.outcomes.operations.raw_csv import WHITE_SPACE, _Shape
from tests.dbutil import IS_POSTGRES

from .conftest import HEADER, csv_bytes, row
from .test_import_scale import STORED, import_bytes


def test_white_space_is_what_python_strips():
    assert WHITE_SPACE == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())


def _shape(data, size=None):
    shape = _Shape()
    size = size or len(data) or 1
    for at in range(0, len(data), size):
        shape.feed(data[at : at + size])
    shape.finish()
    return shape


@pytest.mark.parametrize(
    "data, agrees",
    [
        (b"a,b\nc,d\n", True),
        (b'a,"b, c"\n"d ""e""",""\n', True),
        (b'"a"\r\n"b",c', True),
        (b'ab"c,d"\n', False),  # a stray quote: COPY would open a quoted section
        (b'"ab"c,d\n', False),  # text after a closing quote
        (b'a,"b\nc"\n', False),  # a line break inside quotes: the line numbers would shift
        (b'a,"b\rc"\n', False),
        (b'a,"bc\n', False),  # the file ends inside quotes
        (b"a,b\x00\n", False),  # NUL
        (b"a,b\n\\.\nc,d\n", False),  # COPY's end-of-data marker
    ],
)
def test_the_byte_scan_tells_where_copy_and_python_read_alike(data, agrees):
    assert _shape(data).agrees is agrees
    assert _shape(data, size=1).agrees is agrees  # a chunk boundary anywhere changes nothing


def _copy_rows(text):
    """How COPY's csv format splits `text`: a quote anywhere opens or closes a quoted section,
    and inside one a doubled quote is a quote."""
    rows, row, field, inside, at = [], [], [], False, 0
    while at < len(text):
        pending = True  # a row has begun
        char = text[at]
        if inside and char == '"' and text[at + 1 : at + 2] == '"':
            field.append('"')
            at += 1
        elif char == '"':
            inside = not inside
        elif inside or char not in ",\n":
            field.append(char)
        else:
            row.append("".join(field))
            field = []
            if char == "\n":
                rows.append(row)
                row, pending = [], False
        at += 1
    if text and pending:
        rows.append([*row, "".join(field)])
    return rows


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='a ",\n', max_size=30), st.integers(min_value=1, max_value=8))
def test_where_the_scan_says_alike_copy_and_python_split_fields_alike(text, size):
    """Generated files (no blank lines: COPY refuses those anyway), scanned in chunks of any
    size: if the scan takes the COPY path, both split the same fields, and if it sees no white
    space at a value's edge, no value has any."""
    if text.startswith("\n") or "\n\n" in text:
        return
    shape = _shape(text.encode(), size)
    python = list(csv.reader(io.StringIO(text, newline="")))
    if shape.agrees:
        assert python == _copy_rows(text)
    if shape.agrees and not shape.padded:
        assert all(value == value.strip() for values in python for value in values)


@pytest.mark.parametrize(
    "data, padded",
    [
        (b"a,b\nc,d\n", False),
        (b"a, b\n", True),
        (b"a ,b\n", True),
        (b"a,b \n", True),
        (b'a," b"\n', True),
        (b"a,b\xc2\xa0\n", True),  # a no-break space ends the value
        (b"a,\xe3\x80\x80b\n", True),  # an ideographic space starts it
        (b"a b,c\n", False),  # inside a value: kept
        (b"a,b ", True),  # at the end of the file
    ],
)
def test_the_byte_scan_tells_when_values_need_stripping(data, padded):
    assert _shape(data).padded is padded
    assert _shape(data, size=1).padded is padded


@pytest.fixture
def paths(monkeypatch):
    """Whether each import took the COPY path, in order."""
    taken = []
    copy_csv = operations.copy_csv

    def recorded(*args, **kwargs):
        taken.append(copy_csv(*args, **kwargs))
        return taken[-1]

    monkeypatch.setattr(operations, "copy_csv", recorded)
    return taken


def _outcome(district, data):
    report = import_bytes(district, data)
    columns = [getattr(OutcomeRecord, name) for name in STORED]
    stored = db.session.execute(db.select(*columns).order_by(OutcomeRecord.id)).all()
    errors = [(e.line, e.column, e.message) for e in report.checked.errors]
    outcome = (report.ok, report.checked.error_count, report.checked.lines, errors, stored)
    db.session.rollback()
    return outcome


def both_ways(district, data, monkeypatch):
    """(this database's import of `data`, the Python reader's alone): ok, error count, rows
    read, errors, stored rows, each; nothing kept."""
    ours = _outcome(district, data)
    with monkeypatch.context() as patch:
        patch.setattr(operations, "copy_csv", lambda *args, **kwargs: False)
        python = _outcome(district, data)
    return ours, python


SPELLINGS = {
    "provider": ["ACME", "acme", " Beta ", "BETA", "nobody", "", "Acme\u00a0"],
    "subject": ["math", "Reading", "MATH ", "science", ""],
    "status": ["served", "Served", "Applied/Not Served", "Applied, not served", "gone", ""],
    "start": ["2009-10", "2009-09", " 2010-01", "2011-01", "2009-13", "10/2009", ""],
    "end": ["2010-04", "2010-05", "2009-08", "", "2010-4"],
    "hours": [
        "completed",
        "Yes, student completed all contracted hours",
        "No, provider did not serve student",
        "PARENT_ENDED",
        "parent ended",
        "maybe",
        "",
    ],
    "achievement": ["met", "Exceeded goals", "no_progress", "", "great", "  Met goals  "],
}


def generated(seed, rows=300):
    """A file of `rows` rows of every spelling, good and bad, some students repeated."""
    rng = random.Random(seed)
    lines = []
    for n in range(rows):
        values = {column: rng.choice(words) for column, words in SPELLINGS.items()}
        student = f"S{rng.randrange(rows)}" if rng.random() < 0.1 else f"S{n}"
        school = rng.choice(["Lincoln", " Hawthorne ", "Zoë-Ñ", 'The "Best"', "", "x" * 201])
        lines.append(row(student=rng.choice([student, " " + student, ""]), school=school, **values))
    return csv_bytes(*lines)


def good_file(rows=500):
    """`rows` good rows, spelled every accepted way."""
    lines = []
    for n in range(rows):
        served = n % 5 != 0
        lines.append(
            row(
                student=f"ST{n}",
                school=("Lincoln", " Hawthorne ", "Zoë-Ñ", 'The "Best"')[n % 4],
                provider=("ACME", " beta")[n % 2],
                subject=("math", "Reading ")[n // 2 % 2],
                status="Served" if served else "Applied, not served",
                start="2009-09" if served else "",
                end="2010-05" if served else "",
                hours=("Yes, student completed all contracted hours" if served else "")
                or "No, provider did not serve student",
                achievement="Met goals" if served else "",
            )
        )
    return csv_bytes(*lines)


def test_a_good_file_is_stored_alike_hashes_and_all(world, monkeypatch, paths):
    ours, python = both_ways(world["sioux"], good_file(), monkeypatch)
    assert ours == python
    assert ours[0] and len(ours[4]) == 500
    assert paths == ([True] if IS_POSTGRES else [])


@pytest.mark.parametrize("seed", range(4))
def test_generated_files_with_problems_are_reported_alike(world, monkeypatch, paths, seed):
    ours, python = both_ways(world["sioux"], generated(seed), monkeypatch)
    assert ours == python
    assert not ours[0] and ours[1] > 100 and ours[4] == []
    assert paths == ([True] if IS_POSTGRES else [])


def test_every_bad_line_and_column_is_reported_and_nothing_imported(world, paths):
    data = csv_bytes(
        row(student="S1"),
        row(student="S2", provider="NOBODY", start="2011-01"),
        row(student="S1"),
        row(student="", school="x" * 201, hours="maybe"),
    )
    report = import_bytes(world["sioux"], data)
    assert [(e.line, e.column) for e in report.checked.errors] == [
        (3, "provider"),
        (3, "start_month"),
        (4, "student_id"),
        (5, "student_id"),
        (5, "school"),
        (5, "hours_completion"),
    ]
    assert report.checked.error_count == 6 and not report.ok
    assert db.session.scalar(db.select(OutcomeRecord)) is None
    assert db.session.scalar(db.select(OutcomeUpload)) is None
    assert paths == ([True] if IS_POSTGRES else [])


GOOD = row()
DECLINED = {
    "header in another order": csv_bytes(GOOD, header=",".join(reversed(HEADER.split(",")))),
    "header in capitals": csv_bytes(GOOD, header=HEADER.upper()),
    "unknown column": csv_bytes(GOOD + ",x", header=HEADER + ",notes"),
    "stray quote": csv_bytes(GOOD, 'S2,Ha"wthorne,ACME,math,served,2009-10,2010-04,completed,met'),
    "unterminated quote": csv_bytes(GOOD, 'S2,"Hawthorne,ACME,math,served'),
    "too few values": csv_bytes(GOOD, "S2,Hawthorne,ACME", row(student="S3")),
    "too many values": csv_bytes(GOOD, row(student="S2") + ",extra"),
    "blank line": csv_bytes(GOOD, "", "   ", row(student="S2")),
    "quoted newline": csv_bytes(
        'S1,"Two\nLines",ACME,math,served,2009-10,2010-04,completed,met', row(student="")
    ),
    "not UTF-8": csv_bytes(GOOD, row(student="S2")).replace(b"S2", b"S\xe92"),
    "end-of-data marker": csv_bytes(GOOD, "\\.", row(student="")),
    "mixed line ends": f"{HEADER}\n{GOOD}\r\n{row(student='S2')}\n".encode(),
    "field over the csv limit": csv_bytes(GOOD, row(student="S2", provider="P" * 131073)),
    "header only, no line end": HEADER.encode(),
    "empty file": b"",
    "non-ASCII provider": csv_bytes(GOOD, row(student="S2", provider="\u212acme")),
}


@pytest.mark.parametrize("case", DECLINED)
def test_files_the_readers_could_read_differently_get_the_python_report(
    world, monkeypatch, paths, case
):
    ours, python = both_ways(world["sioux"], DECLINED[case], monkeypatch)
    assert ours == python
    assert paths == ([False] if IS_POSTGRES else [])


TAKEN = {
    "a BOM": b"\xef\xbb\xbf" + csv_bytes(row(), row(student="S2", provider="nobody")),
    "CRLF line ends": csv_bytes(row(), row(student="")).replace(b"\n", b"\r\n"),
    "no final line end": csv_bytes(row(), row(student="S2", hours="maybe"))[:-1],
    "header only": csv_bytes(),
    "quoted values": csv_bytes('"S1","Hawthorne",ACME,"math","served",,,"",""'),
    "padded values": csv_bytes(row(student=" S1\u3000", school="\u00a0Lincoln\t", end=" ")),
    "non-ASCII school": csv_bytes(row(school="Zoë-Ñ \u212a"), row(student="S2", school="é" * 201)),
}


@pytest.mark.parametrize("case", TAKEN)
def test_files_both_read_alike_take_copy_and_get_the_same_report(world, monkeypatch, paths, case):
    ours, python = both_ways(world["sioux"], TAKEN[case], monkeypatch)
    assert ours == python
    assert paths == ([True] if IS_POSTGRES else [])


def test_a_declined_file_leaves_nothing_of_the_copy_behind(world, paths):
    """The COPY path's rows and tables go with its savepoint; the Python reader's run after it
    in the same transaction, and a later import in it takes COPY again."""
    assert not import_bytes(world["sioux"], DECLINED["too few values"]).ok
    report = import_bytes(world["sioux"], csv_bytes(row(student="A"), row(student="B")))
    assert report.ok and report.upload.row_count == 2
    assert db.session.scalar(db.select(db.func.count()).select_from(OutcomeRecord)) == 2
    assert paths == ([False, True] if IS_POSTGRES else [])


def test_progress_advances_while_a_large_file_is_read(world, paths):
    """Background jobs show the rows read so far: a file over one COPY chunk reports more than
    once, never backwards, and ends with the exact count."""
    lines = [row(student=f"S{n}", school="Lincoln Elementary " + "x" * 100) for n in range(12000)]
    calls = []
    report = operations.import_outcome_csv(
        world["sioux"],
        2009,
        csv_bytes(*lines),
        filename="t.csv",
        source="cli",
        actor=None,
        progress=lambda stage, count: calls.append((stage, count)),
    )
    assert report.ok
    read = [count for stage, count in calls if stage == "read"]
    assert len(read) >= 2 and read == sorted(read) and read[-1] == 12000
    assert calls[-1] == ("stored", 12000)
    assert paths == ([True] if IS_POSTGRES else [])
