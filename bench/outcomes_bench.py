"""Benchmark of the outcome import and the annual sweep at national scale (issue 9).

    .venv/bin/python -m bench.outcomes_bench [--url URL] [--sizes 100000,300000,1000000]
                                             [--repeats 3] [--no-sweep]

`run(database_url)` creates a scratch PostgreSQL database beside `database_url` (dropped at the
end), seeds 2,000 approved providers serving one district and 50,000 violations, and for each
size of a generated program-year file (2009-10, two subjects) measures, interleaved and
repeated (medians):

- import: `flask ses import-outcomes`'s own code path (`import_outcome_csv` on the open file,
  then the commit) in a child process, against COPY of the same file into a plain table of
  nine text columns (what `psql \\copy` does: the client streams the file to COPY FROM STDIN).
  peak_mb is the child's peak RSS (`ru_maxrss`), interpreter and app included;
- sweep_first: `run_sweep` on a day after the year ended, with no effectiveness result stored
  yet, against one SQL aggregate of the same figures (distinct students served, completed and
  improved per provider, subject and year, and served per provider and year: one GROUPING SETS
  query over outcome_records);
- sweep_second: the same sweep again on the same day (nothing to change), against the same
  aggregate.

Rows are `bench.common`'s (measurement, size, app, baseline, ratio, goal, peak_mb, unit,
baseline_label), as `python -m bench.run outcomes` tabulates them. Timings are wall-clock
seconds.
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.common import format_table

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = 2000
VIOLATIONS = 50_000
SIZES = (100_000, 300_000, 1_000_000)
HEADER = (
    "student_id,school,provider,subject,status,start_month,end_month,hours_completion,achievement"
)
HOURS = (
    ["completed"] * 70
    + ["did_not_attend_regularly"] * 10
    + ["parent_ended"] * 8
    + ["district_ended"] * 4
    + ["provider_ended"] * 8
)
ACHIEVEMENT = ["exceeded"] * 15 + ["met"] * 30 + ["progress_not_met"] * 35 + ["no_progress"] * 20
SWEEP_DAY = date(2010, 7, 20)  # program year 2009-10 has ended; no reminder or term is due
AGGREGATE = """
SELECT organization_id, subject, program_year,
       count(DISTINCT CASE WHEN status = 'served' THEN student_hash END),
       count(DISTINCT CASE WHEN status = 'served' AND hours_completion = 'completed'
                           THEN student_hash END),
       count(DISTINCT CASE WHEN status = 'served' AND hours_completion = 'completed'
                            AND achievement IN ('exceeded', 'met', 'progress_not_met')
                           THEN student_hash END)
FROM outcome_records WHERE program_year <= 2010
GROUP BY GROUPING SETS ((organization_id, program_year, subject),
                        (organization_id, program_year))
"""


def write_csv(path, rows, seed=2009):
    """A program year 2009-10 file of `rows` distinct (student, provider, subject), written a
    line at a time."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for n in range(rows):
            student, subject = 1_000_000 + n // 2, ("math", "reading")[n % 2]
            provider = f"P{(n // 2) % PROVIDERS:04d}"
            school = f"School {rng.randrange(300)}"
            if rng.random() < 0.04:
                out.write(
                    f"{student},{school},{provider},{subject},applied_not_served,,,"
                    "provider_did_not_serve,\n"
                )
                continue
            hours = rng.choice(HOURS)
            achievement = rng.choice(ACHIEVEMENT) if hours == "completed" else ""
            out.write(
                f"{student},{school},{provider},{subject},served,"
                f"{rng.choice(('2009-09', '2009-10', '2010-01'))},"
                f"{rng.choice(('2010-03', '2010-05'))},{hours},{achievement}\n"
            )


def _app(url):
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from config import TestingConfig

    config = type(
        "BenchConfig",
        (TestingConfig,),
        {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}},
    )
    return create_app(config)


def _seed():
    """PROVIDERS approved providers serving one district, their final reports for 2009 (so the
    sweep cites none), and VIOLATIONS older violations spread over them."""
    from sqlalchemy import insert

    from app.extensions import db
    from app.models import Application, Cycle, District, FinalReport, Organization
    from app.models.monitoring import Violation

    district = District(state="SD", code="49-5", name="Sioux Falls")
    cycle = Cycle(
        name="SD 2009",
        policy_code="sd-2009",
        opens_on=date(2009, 3, 2),
        due_at=datetime(2009, 4, 9, 22, tzinfo=UTC),
    )
    db.session.add_all([district, cycle])
    for n in range(PROVIDERS):
        org = Organization(code=f"P{n:04d}", name=f"Provider {n:04d}", org_type="for_profit")
        db.session.add(
            Application(
                organization=org,
                cycle=cycle,
                state="approved",
                service_area=[district],
                submitted_at=datetime(2009, 4, 8, tzinfo=UTC),
                decided_at=datetime(2009, 5, 1, tzinfo=UTC),
                approved_on=date(2009, 7, 1),
                term_ends_on=date(2011, 6, 30),
            )
        )
    db.session.commit()
    orgs = db.session.scalars(db.select(Organization.id)).all()
    db.session.execute(
        insert(FinalReport.__table__),
        [
            {
                "organization_id": org,
                "program_year": 2009,
                "filer": "provider",
                "due_on": date(2010, 6, 15),
                "received_on": date(2010, 6, 1),
            }
            for org in orgs
        ],
    )
    db.session.execute(
        insert(Violation.__table__),
        [
            {
                "organization_id": orgs[n % len(orgs)],
                "kind": "code_of_ethics",
                "immediate": False,
                "source": "district_report",
                "cited_on": date(2009, 1, 1 + n % 28),
                "description": "Generated for the benchmark.",
                "status": "alleged",
                "created_at": datetime(2009, 1, 1, tzinfo=UTC),
            }
            for n in range(VIOLATIONS)
        ],
    )
    db.session.commit()


def child_import(url, path):
    """The CLI's import path on `path` in this process; prints seconds and peak RSS (MB)."""
    app = _app(url)
    with app.app_context():
        from app.extensions import db
        from app.models import District
        from app.outcomes.operations import import_outcome_csv

        district = db.session.scalar(db.select(District))
        start = time.perf_counter()
        with open(path, "rb") as stream:
            report = import_outcome_csv(
                district, 2009, stream, filename=Path(path).name, source="cli", actor=None
            )
        assert report.ok, report.checked.errors[:5]
        db.session.commit()
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def _import_once(url, engine, path):
    with engine.begin() as conn:  # start from an empty year, outside the timing
        conn.execute(text("TRUNCATE outcome_records"))
        conn.execute(text("DELETE FROM outcome_uploads"))
    done = subprocess.run(
        [sys.executable, "-m", "bench.outcomes_bench", "--child-import", url, str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _copy_once(engine, path):
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()
        cursor.execute("DROP TABLE IF EXISTS plain_copy")
        cursor.execute(
            "CREATE TABLE plain_copy (student_id text, school text, provider text, "
            "subject text, status text, start_month text, end_month text, "
            "hours_completion text, achievement text)"
        )
        raw.driver_connection.commit()
        start = time.perf_counter()
        with (
            path.open("rb") as stream,
            cursor.copy("COPY plain_copy FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            while chunk := stream.read(1 << 20):
                copy.write(chunk)
        raw.driver_connection.commit()
        return time.perf_counter() - start
    finally:
        raw.close()


def _aggregate(engine):
    with engine.connect() as conn:
        conn.execute(text(AGGREGATE)).all()


def _timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _sweep_rounds(app, engine, repeats):
    """Interleaved first runs, second runs and aggregates; medians."""
    from app.extensions import db
    from app.models import EffectivenessResult
    from app.sweep import run_sweep

    first, second, aggregate = [], [], []
    with app.app_context():
        for _ in range(repeats):
            db.session.execute(db.delete(EffectivenessResult))
            db.session.commit()
            first.append(_timed(lambda: run_sweep(SWEEP_DAY)))
            aggregate.append(_timed(lambda: _aggregate(engine)))
            second.append(_timed(lambda: run_sweep(SWEEP_DAY)))
            aggregate.append(_timed(lambda: _aggregate(engine)))
        assert run_sweep(SWEEP_DAY) == [], "the second run must change nothing"
        db.session.remove()
    return statistics.median(first), statistics.median(second), statistics.median(aggregate)


def _row(measurement, size, app_s, baseline_s, peak_mb=None, *, goal, baseline_label):
    """One row in bench.common's shape (what `bench.run` tabulates)."""
    return {
        "measurement": measurement,
        "size": size,
        "app": app_s,
        "baseline": baseline_s,
        "ratio": app_s / baseline_s,
        "goal": goal,
        "peak_mb": peak_mb,
        "unit": "s",
        "baseline_label": baseline_label,
    }


def measure(url, sizes=SIZES, repeats=3, *, sweep=True):
    """The table's rows on the (already created) database at `url` (the import's only when
    `sweep` is false)."""
    app = _app(url)
    engine = create_engine(url)
    with app.app_context():
        from app.extensions import db

        db.create_all()
        _seed()
        db.session.remove()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"outcomes_{size}.csv"
            write_csv(path, size)
            imports, copies = [], []
            for _ in range(repeats):
                imports.append(_import_once(url, engine, path))
                copies.append(_copy_once(engine, path))
            rows.append(
                _row(
                    "outcome import (CLI path)",
                    size,
                    statistics.median(i["seconds"] for i in imports),
                    statistics.median(copies),
                    max(i["peak_mb"] for i in imports),
                    goal="<= 3x",
                    baseline_label="COPY of the same file",
                )
            )
            if not sweep:
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
                path.unlink()
                continue
            first, second, aggregate = _sweep_rounds(app, engine, repeats)
            rows.append(
                _row(
                    "sweep, first run of the year",
                    size,
                    first,
                    aggregate,
                    goal="<= 2x",
                    baseline_label="one SQL aggregate",
                )
            )
            rows.append(
                _row(
                    "sweep, second (idempotent) run",
                    size,
                    second,
                    aggregate,
                    goal="<= 1x",
                    baseline_label="one SQL aggregate",
                )
            )
            print("\n".join(json.dumps(r) for r in rows[-3:]), file=sys.stderr, flush=True)
            path.unlink()
    engine.dispose()
    return rows


def run(database_url, sizes=SIZES, repeats=3, *, sweep=True):
    """Measure on a scratch database created beside `database_url` (dropped afterwards)."""
    admin = create_engine(
        make_url(database_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    name = f"ses_outcomes_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
        return measure(url, sizes, repeats, sweep=sweep)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main():
    """Standalone: print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--no-sweep", action="store_true", help="measure the import only (skip the sweep rows)"
    )
    parser.add_argument("--child-import", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_import:
        child_import(*args.child_import)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(format_table(run(args.url, sizes, args.repeats, sweep=not args.no_sweep)))


if __name__ == "__main__":
    main()
