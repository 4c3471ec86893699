"""A strict reader for the TOML data files (policy packs, rubrics).

Every value is read through a ``Table`` that knows the file name and the dotted key path, so a
missing, mistyped or misspelled value fails with an error naming both: "sd-2009.toml:
limits.students_per_instructor: expected a whole number, got 'four'". Keys a reader never asked
for are refused by ``finish()``, which catches misspellings of optional keys.
"""

from __future__ import annotations

import builtins
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any, NoReturn

__all__ = ["MISSING", "Table", "read_toml"]

MISSING: Any = object()


def read_toml(path: Path, error: type[Exception]) -> Table:
    """Parse ``path`` and return its top-level table; unreadable or invalid TOML -> ``error``."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise error(f"{path.name}: cannot be read: {exc}") from exc
    return Table(data, path.name, "", error)


class Table:
    """One TOML table, read key by key with type checks and errors that name file and key.

    The readers are named after the TOML types (``str``, ``int``, ``bool``), so inside this class
    the built-in types are spelled ``builtins.str`` and so on in annotations.
    """

    def __init__(self, data: dict[str, Any], file: str, path: str, error: type[Exception]) -> None:
        self.data = data
        self.file = file
        self.path = path
        self.error = error
        self._used: set[str] = set()

    def where(self, key: builtins.str | None = None) -> builtins.str:
        """The dotted key path of ``key`` in this table, for messages."""
        if key is None:
            return self.path or "(top level)"
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: builtins.str | None, message: builtins.str) -> NoReturn:
        """Raise the reader's error for ``key``."""
        raise self.error(f"{self.file}: {self.where(key)}: {message}")

    def _get(self, key: builtins.str, default: Any, kind: builtins.str) -> Any:
        self._used.add(key)
        if key in self.data:
            return self.data[key]
        if default is MISSING:
            self.fail(key, f"missing (expected {kind})")
        return default

    def has(self, key: builtins.str) -> builtins.bool:
        """True if ``key`` is present."""
        return key in self.data

    def keys(self) -> list[builtins.str]:
        """All keys of this table, marking them used."""
        self._used.update(self.data)
        return list(self.data)

    def str(
        self, key: builtins.str, default: Any = MISSING, *, choices: tuple[builtins.str, ...] = ()
    ) -> Any:
        """A non-empty string (one of ``choices`` when given)."""
        value = self._get(key, default, "text")
        if value is default and default is not MISSING:
            return value
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"expected non-empty text, got {value!r}")
        if choices and value not in choices:
            self.fail(key, f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    def int(
        self, key: builtins.str, default: Any = MISSING, *, minimum: builtins.int | None = None
    ) -> Any:
        """A whole number, at least ``minimum`` when given."""
        value = self._get(key, default, "a whole number")
        if value is default and default is not MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"expected a whole number, got {value!r}")
        if minimum is not None and value < minimum:
            self.fail(key, f"must be at least {minimum}, got {value!r}")
        return value

    def bool(self, key: builtins.str, default: Any = MISSING) -> Any:
        """true or false."""
        value = self._get(key, default, "true or false")
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {value!r}")
        return value

    def date(self, key: builtins.str) -> dt.date:
        """A TOML local date (2009-12-24)."""
        value = self._get(key, MISSING, "a date")
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            self.fail(key, f"expected a date like 2009-12-24, got {value!r}")
        return value

    def str_list(self, key: builtins.str, default: Any = MISSING) -> tuple[builtins.str, ...]:
        """A list of non-empty strings, without duplicates."""
        value = self._get(key, default, "a list of text")
        if value is default and default is not MISSING:
            return tuple(value)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(key, f"expected a list of text, got {value!r}")
        if len(set(value)) != len(value):
            self.fail(key, "contains duplicates")
        return tuple(value)

    def month_day(self, key: builtins.str) -> tuple[builtins.int, builtins.int]:
        """A [month, day] pair naming a real day of a leap year."""
        value = self._get(key, MISSING, "[month, day]")
        ok = isinstance(value, list) and len(value) == 2
        ok = ok and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        if ok:
            try:
                dt.date(2000, value[0], value[1])
            except ValueError:
                ok = False
        if not ok:
            self.fail(key, f"expected [month, day] such as [7, 1], got {value!r}")
        return (value[0], value[1])

    def table(self, key: builtins.str, default: Any = MISSING) -> Table:
        """A sub-table (an empty one when absent and ``default`` is given)."""
        value = self._get(key, default, "a table")
        if value is default and default is not MISSING:
            value = {}
        if not isinstance(value, dict):
            self.fail(key, f"expected a table, got {value!r}")
        return Table(value, self.file, self.where(key), self.error)

    def tables(self, key: builtins.str, default: Any = MISSING) -> list[Table]:
        """An array of tables (``[[key]]``)."""
        value = self._get(key, default, "a list of tables")
        if value is default and default is not MISSING:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(key, f"expected a list of tables, got {value!r}")
        return [
            Table(v, self.file, f"{self.where(key)}[{i}]", self.error) for i, v in enumerate(value)
        ]

    def finish(self) -> None:
        """Refuse keys nobody read (usually a misspelling)."""
        unknown = sorted(set(self.data) - self._used)
        if unknown:
            self.fail(None, f"unknown key(s) {', '.join(unknown)}")
