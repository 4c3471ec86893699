"""`make bench`: run every `bench/*_bench.py` module's `run(database_url)` and write one table to
bench/results.md (PostgreSQL from TEST_DATABASE_URL, default the local server; each module makes
and drops its own scratch database). `python -m bench.run [name ...]` runs only the modules
named (e.g. `directory`)."""

import importlib
import os
import sys
from pathlib import Path

from bench.common import format_table, write_results

HERE = Path(__file__).resolve().parent
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOTES = """
Ratios are app / baseline of the medians over interleaved repeats (times: lower is better, goal
"<= x"; request rates: higher is better, goal ">= x"). Peak MB: for in-process measurements the
tracemalloc peak of one extra, untimed request (Python allocations); for throughput the sum of
the two gunicorn workers' peak resident memory (VmHWM). The machine is shared: read the ratios,
not the absolute numbers. See bench/README.md for what each baseline is.
"""


def modules(names=()):
    """The benchmark modules in bench/, alphabetically (only `names` when given)."""
    found = sorted(p.stem for p in HERE.glob("*_bench.py"))
    wanted = [n if n.endswith("_bench") else f"{n}_bench" for n in names]
    return [
        importlib.import_module(f"bench.{stem}") for stem in found if not wanted or stem in wanted
    ]


def main(argv):
    url = os.environ.get("TEST_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgresql"):
        sys.exit("make bench needs PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://...")
    rows = []
    for module in modules(argv):
        print(f"running {module.__name__}", file=sys.stderr)
        rows.extend(module.run(url))
    print(format_table(rows))
    write_results(rows, HERE / "results.md", title="Benchmarks", notes=NOTES)


if __name__ == "__main__":
    main(sys.argv[1:])
