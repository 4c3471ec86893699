"""The PostgreSQL fast path of the CSV import (issue 9): the file's own bytes go to
COPY ... FROM STDIN (FORMAT csv) a chunk at a time, with no Python per row, into a temporary
table of text columns numbered in file order; one INSERT ... SELECT then trims the values and
looks up the provider and the coded answers into `staging.STAGING`, the rows the set-based
checks read, exactly as the Python reader's rows would be staged.

The Python reader (`validation.csv_rows`) stays the reference for what a file says. Whenever
the two could read a file differently, this path declines (inside a SAVEPOINT, so whatever
COPY staged is gone) and the caller reads the file the Python way, so every report keeps its
wording, line and column. It declines when:

- the first line is not exactly the columns, in order (a UTF-8 BOM before it is skipped, as the
  reader's utf-8-sig decoding does); the reader's tolerance of case, spaces and order is its own;
- a quote is anywhere but around a whole field (Python's csv keeps a stray quote as a
  character, COPY starts a quoted section at it), a quoted value holds a line break (the reader
  numbers a row by the last line it spans), or the file ends inside quotes;
- the file holds a NUL byte or a backslash-period (COPY's end-of-data marker);
- COPY refuses the file: not UTF-8, a blank line, a row of the wrong width, mixed line ends;
- a value is longer than Python's csv field limit (the reader refuses the file), or a provider
  or coded answer is not ASCII (its lower() is Python's there; PostgreSQL's may differ).

What the reader normalizes is done here the same way: each value stripped of what Python's
str.strip() strips (`WHITE_SPACE`; only when a value might need it, which a byte scan of the
file tells), words and codes matched case-insensitively, empty fields as empty text.
"""

import csv

import psycopg
from sqlalchemy import (
    Boolean,
    Column,
    Identity,
    Integer,
    MetaData,
    Table,
    Text,
    case,
    func,
    insert,
    null,
    select,
)

from app.outcomes.operations.staging import CODED, STAGING
from app.outcomes.operations.validation import COLUMNS, choice_words

CHUNK = 1 << 20
HEADER = ",".join(COLUMNS).encode()
BOM = b"\xef\xbb\xbf"
# What Python's str.strip() strips (str.isspace(); tests/app/outcomes/test_raw_csv.py checks it).
WHITE_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
LOOKED_UP = ("provider", *CODED)  # matched case-insensitively: ASCII only on this path
_metadata = MetaData()  # temporary tables of this path only
RAW = Table(
    "outcome_raw",
    _metadata,
    Column("line", Integer, Identity(start=2), nullable=False),  # COPY numbers rows in order
    *(Column(name, Text, nullable=False) for name in COLUMNS),
    prefixes=["TEMPORARY"],
)
PROVIDERS = Table(
    "outcome_providers",
    _metadata,
    Column("code", Text, primary_key=True),  # lower case, as UploadRules.providers
    Column("organization_id", Integer, nullable=False),
    Column("approved", Boolean, nullable=False),
    prefixes=["TEMPORARY"],
)
_SAVEPOINT = "outcome_raw_copy"
# A field's edge next to a quote that neither opens nor closes a whole field: the pieces
# outside quotes are joined by NUL (no file taking this path holds one), and the translation
# marks NUL Z, a delimiter or line end D, anything else x; "Zx" or "xZ" is such an edge.
_EDGES = bytes(ord("Z" if byte == 0 else "D" if byte in b",\r\n" else "x") for byte in range(256))
# Whether a value may start or end with white space, from two translations of the bytes:
# B a field boundary (delimiter, line end, quote); S a byte white space may start with (ASCII
# white space, the first byte of a non-ASCII white space character), E one it may end with
# (ASCII white space, the last byte of a non-ASCII one); x anything else. Other characters
# share those bytes too: the scan errs towards trimming. Two 2-byte searches ("BS", "EB")
# cost a few milliseconds a megabyte.
_ASCII_WHITE = b"\t\x0b\x0c\x1c\x1d\x1e\x1f "
_WHITE_LEADS = b"\xc2\xe1\xe2\xe3"
_WHITE_TAILS = b"\x85\xa0\x80\x81\x82\x83\x84\x86\x87\x88\x89\x8a\xa8\xa9\xaf\x9f"


def _classes(boundaries, white, letter):
    return bytes(
        ord("B" if byte in boundaries else letter if byte in white else "x") for byte in range(256)
    )


_STARTS = _classes(b',\r\n"', _ASCII_WHITE + _WHITE_LEADS, "S")
_ENDS = _classes(b',\r\n"', _ASCII_WHITE + _WHITE_TAILS, "E")
# Inside quotes only the quotes bound a value (the pieces are joined by NUL to scan them).
_VALUE_STARTS = _classes(b"\0", _ASCII_WHITE + _WHITE_LEADS, "S")
_VALUE_ENDS = _classes(b"\0", _ASCII_WHITE + _WHITE_TAILS, "E")


class _Shape:
    """What a scan of the file's bytes, a chunk at a time, tells about reading it with COPY:
    whether COPY and Python's csv read it alike (`agrees`), whether a value may need
    stripping (`padded`) and whether the file is all ASCII (`ascii`).

    Quotes split the bytes into pieces alternately outside and inside quotes. Both readers
    agree when every piece outside quotes that touches a quote is empty (a doubled quote) or
    begins and ends at a delimiter or line end, and no piece inside quotes holds a line end."""

    def __init__(self):
        self.agrees, self.padded, self.ascii = True, False, True
        self.open_piece = b"\n"  # the piece the next chunk continues; data starts after a line
        self.inside = False  # whether that piece is inside quotes
        self.last_byte = b"\n"  # the byte before the chunk: the header's line end at first

    def feed(self, chunk):
        """Scan the next chunk of the file (after the header line)."""
        across = self.last_byte + chunk[:1]  # the pair the chunk boundary splits
        if b"\0" in chunk or b"\\." in chunk or across == b"\\.":
            self.agrees = False
            return
        self.last_byte = chunk[-1:]
        self.ascii = self.ascii and chunk.isascii()
        if not self.inside:  # inside quotes, NUL framing marks a value's ends (`_quoted`)
            self._padding(across, _STARTS, _ENDS)
        if b'"' in chunk:
            self._quoted(chunk)
        elif self.inside:  # the quoted value goes on; it may start or end at the chunk's ends
            self.agrees = self.agrees and b"\n" not in chunk and b"\r" not in chunk
            self._padding(
                b"\0" + chunk[:1] + b"\0" + chunk[-1:] + b"\0", _VALUE_STARTS, _VALUE_ENDS
            )
        else:  # the open piece goes on (every chunk of an unquoted file)
            self._padding(chunk, _STARTS, _ENDS)
            self.open_piece = (self.open_piece[:1] or chunk[:1]) + chunk[-1:]

    def _quoted(self, chunk):
        pieces = chunk.split(b'"')
        pieces[0] = self.open_piece + pieces[0]
        outside_first = 1 if self.inside else 0
        end = len(pieces) - 1  # the last piece stays open
        ends_inside = (end - outside_first) % 2 == 1
        # Each piece outside quotes touches a quote at both ends, but the open last one at
        # its start only; NUL stands for the quotes.
        outside = b"\0" + b"\0\0".join(pieces[outside_first::2]) + (b"\0" if ends_inside else b"")
        inside = b"\0" + b"\0".join(pieces[1 - outside_first :: 2]) + b"\0"
        edges = outside.translate(_EDGES)
        if b"\n" in inside or b"\r" in inside or b"Zx" in edges or b"xZ" in edges:
            self.agrees = False
        self._padding(outside, _STARTS, _ENDS)
        self._padding(inside, _VALUE_STARTS, _VALUE_ENDS)
        self.inside = ends_inside
        last = pieces[end]
        self.open_piece = b"" if self.inside else last[:1] + last[-1:]

    def _padding(self, data, starts, ends):
        """Note white space next to a boundary of `data` (by the `starts` and `ends` classes)."""
        self.padded = (
            self.padded or b"BS" in data.translate(starts) or b"EB" in data.translate(ends)
        )

    def finish(self):
        """The end of the file: no open quote, and a closing quote ends its field."""
        closes = self.open_piece == b"" or self.open_piece[:1] in b",\r\n"
        self.agrees = self.agrees and not self.inside and closes
        self.padded = self.padded or self.last_byte.translate(_ENDS) == b"E"


def copy_csv(staging, stream, checked, progress=None):
    """Stage the CSV `stream` (binary, seekable) into `staging` through COPY; True when done
    (`checked.lines` counts the rows), False when the Python reader must read it instead (the
    stream is back where it was, nothing staged)."""
    connection = staging.connection
    driver = connection.connection.driver_connection
    start = stream.tell()
    first = stream.read(CHUNK)
    data_at = _data_start(first)
    if data_at is None or driver.info.encoding != "utf-8":
        stream.seek(start)
        return False
    connection.exec_driver_sql(f"SAVEPOINT {_SAVEPOINT}")
    _metadata.create_all(connection)
    _fill_lookups(driver, staging.rules)
    shape = _Shape()
    copied = _copy(driver, shape, first[data_at:], stream, progress)
    if copied is not None:
        staged = connection.execute(_staged(shape, staging.rules)).rowcount
        if staged == copied:  # no row failed `_staged`'s guard
            _metadata.drop_all(connection)
            connection.exec_driver_sql(f"RELEASE SAVEPOINT {_SAVEPOINT}")
            checked.lines = copied
            if progress is not None:
                progress("read", copied)
            return True
    connection.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
    connection.exec_driver_sql(f"RELEASE SAVEPOINT {_SAVEPOINT}")
    stream.seek(start)
    return False


def _data_start(first):
    """Where the rows start in the first chunk, after a BOM and the exact header; None if the
    header is not exactly COLUMNS."""
    at = len(BOM) if first.startswith(BOM) else 0
    for ending in (b"\n", b"\r\n"):
        if first.startswith(HEADER + ending, at):
            return at + len(HEADER) + len(ending)
    return None


def _copy(driver, shape, head, stream, progress):
    """COPY the rows, scanning each chunk (`_Shape`); the number of rows, None if COPY
    refused them or the scan found the file unlike what Python's csv reads."""
    names = ", ".join(COLUMNS)
    statement = f"COPY {RAW.name} ({names}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({names}))"
    lines = 0
    cursor = driver.cursor()
    try:
        with cursor.copy(statement) as copy:
            chunk = head
            while chunk:
                shape.feed(chunk)
                if not shape.agrees:
                    return None  # leaving the block ends COPY; the caller rolls back
                copy.write(chunk)
                lines += chunk.count(b"\n")
                if progress is not None:
                    progress("read", lines)  # about the rows so far (a row may span lines)
                chunk = stream.read(CHUNK)
            shape.finish()
    except psycopg.Error:
        return None  # COPY refused the data (the message is the Python reader's to give)
    return cursor.rowcount if shape.agrees else None


def _fill_lookups(driver, rules):
    """The providers into their temporary table (a hash join's inner side), by COPY: a few
    thousand rows cost less so than as one INSERT's parameters."""
    statement = f"COPY {PROVIDERS.name} (code, organization_id, approved) FROM STDIN"
    with driver.cursor().copy(statement) as copy:
        for code, org in rules.providers.items():
            copy.write_row((code, org, org in rules.approved))


def _staged(shape, rules):
    """INSERT ... SELECT the copied rows into the staging table: values stripped, provider and
    coded answers looked up. A row the Python reader could read differently is left out (the
    caller then declines): a value over Python's csv field limit (bytes: at least as many as
    characters), or a looked-up value that is not ASCII."""
    value = {
        name: func.btrim(RAW.c[name], WHITE_SPACE) if shape.padded else RAW.c[name]
        for name in COLUMNS
    }
    lowered = {name: func.lower(value[name].collate("C")) for name in LOOKED_UP}
    provider = PROVIDERS.alias("provider")
    joined = RAW.outerjoin(provider, provider.c.code == lowered["provider"])
    codes = [_coded(name, value[name], lowered[name], rules) for name in CODED]
    limit = csv.field_size_limit()
    guard = [func.octet_length(RAW.c[name]) <= limit for name in COLUMNS]
    if not shape.ascii:
        guard += [func.octet_length(value[n]) == func.length(value[n]) for n in LOOKED_UP]
    rows = (
        select(
            RAW.c.line,
            *(value[name] for name in COLUMNS),
            null().label("student_hash"),  # hashed in SQL when stored (staging.py)
            provider.c.organization_id,
            provider.c.approved,
            *codes,
        )
        .select_from(joined)
        .where(*guard)
    )
    columns = ["line", *COLUMNS, "student_hash", "organization_id", "approved"]
    return (
        insert(STAGING)
        .from_select([*columns, *(f"{name}_code" for name in CODED)], rows)
        .execution_options(preserve_rowcount=True)  # compared with COPY's count
    )


def _coded(name, value, lowered, rules):
    """The code of a coded answer, NULL if not a listed word: a simple CASE (a few words, cheaper
    than a join), first on the value as written, then on its lower() (only for the values not
    written in lower case already, so the usual file calls lower() on none)."""
    words = choice_words(name, rules)
    as_written = {word: code for word, code in words.items() if word == word.lower()}
    return case(as_written, value=value, else_=case(words, value=lowered))
