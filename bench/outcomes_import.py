"""Benchmark: importing a district's 100,000-row outcome file, next to a bare bulk insert.

Run from the repository root:

    .venv/bin/python bench/outcomes_import.py [--rows 100000] [--pg URL | --no-pg]

For each backend (an SQLite file in a temporary directory, and PostgreSQL when reachable: a
scratch database is created beside --pg and dropped afterwards) it
  (a) times the real import path, `import_outcome_csv` on the CSV bytes and the commit: decode,
      parse, check every row, hash student ids, replace the upload, insert (COPY on
      PostgreSQL, Core executemany elsewhere);
  (b) times a bare SQLAlchemy Core `insert()` executemany of the same, already prepared rows
      into outcome_records, and its commit;
  (c) times the real path again for the same district and year (replacing 100,000 rows);
  and, apart, the checking alone (decode, parse, check, hash: no database writes);
and writes bench/results.md. Timings are wall-clock seconds on whatever machine runs it.
"""

import argparse
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

PROVIDERS = 25
SCHOOLS = [f"{name} {kind}" for name in ("Hawthorne", "Lincoln", "Roosevelt", "Garfield",
                                         "Jefferson", "Whittier", "Longfellow", "Edison")
           for kind in ("Elementary", "Middle School", "High School")]
HOURS = (["completed"] * 70 + ["did_not_attend_regularly"] * 10 + ["parent_ended"] * 8
         + ["district_ended"] * 4 + ["provider_ended"] * 8)
ACHIEVEMENT = ["exceeded"] * 15 + ["met"] * 30 + ["progress_not_met"] * 35 + ["no_progress"] * 20
HEADER = ("student_id,school,provider,subject,status,start_month,end_month,hours_completion,"
          "achievement")


def generate_csv(rows, seed=2009):
    """A realistic program year 2009-10 file: `rows` distinct (student, provider, subject)."""
    rng = random.Random(seed)
    lines = [HEADER]
    for n in range(rows):
        student = f"{1000000 + n // 2}"                  # most students take both subjects
        subject = ("math", "reading")[n % 2]
        provider = f"P{rng.randrange(PROVIDERS):02d}"
        if rng.random() < 0.04:
            lines.append(f"{student},{rng.choice(SCHOOLS)},{provider},{subject},"
                         "applied_not_served,,,provider_did_not_serve,")
            continue
        start = rng.choice(["2009-09", "2009-10", "2009-11", "2010-01"])
        end = rng.choice(["2010-03", "2010-04", "2010-05"])
        hours = rng.choice(HOURS)
        achievement = rng.choice(ACHIEVEMENT) if hours == "completed" else ""
        lines.append(f"{student},{rng.choice(SCHOOLS)},{provider},{subject},served,{start},"
                     f"{end},{hours},{achievement}")
    return ("\n".join(lines) + "\n").encode()


def _config(url):
    from config import TestingConfig

    return type("BenchConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url,
                                                  "SQLALCHEMY_ENGINE_OPTIONS": {}})


def _seed():
    """A district, PROVIDERS approved providers serving it, and the user who uploads."""
    from app.extensions import db
    from app.models import Application, Cycle, District, Organization, User

    district = District(state="SD", code="49-5", name="Sioux Falls")
    cycle = Cycle(name="SD 2009", policy_code="sd-2009", opens_on=date(2009, 3, 2),
                  due_at=datetime(2009, 4, 9, 22, tzinfo=timezone.utc))
    db.session.add_all([district, cycle])
    for n in range(PROVIDERS):
        org = Organization(code=f"P{n:02d}", name=f"Provider {n:02d}", org_type="for_profit")
        db.session.add(Application(
            organization=org, cycle=cycle, state="approved", service_area=[district],
            submitted_at=datetime(2009, 4, 8, tzinfo=timezone.utc),
            decided_at=datetime(2009, 5, 1, tzinfo=timezone.utc),
            approved_on=date(2009, 7, 1), term_ends_on=date(2011, 6, 30)))
    user = User(email="district@example.gov", name="District", password_hash="-")
    db.session.add(user)
    db.session.commit()
    return district, user


def _timed(function):
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def _bare_insert(prepared, district, rows):
    """Time one Core insert() executemany of the prepared rows (as program year 2008)."""
    from app.extensions import db
    from app.models import OutcomeRecord, OutcomeUpload

    other = OutcomeUpload(district_id=district.id, program_year=2008, filename="bare",
                          row_count=rows, source="cli")
    db.session.add(other)
    db.session.commit()
    records = [{**r, "upload_id": other.id, "district_id": district.id, "program_year": 2008}
               for r in prepared]

    def bare():
        db.session.execute(insert(OutcomeRecord.__table__), records)
        db.session.commit()

    return _timed(bare)[0]


def run_backend(url, data, rows):
    """The three timings on one database (its schema is created here)."""
    from app import create_app
    from app.extensions import db
    from app.models import OutcomeRecord
    from app.outcomes.operations import import_outcome_csv, upload_rules
    from app.outcomes.validation import Checked, check_rows, csv_rows

    app = create_app(_config(url))
    with app.app_context(), app.test_request_context():
        db.create_all()
        district, user = _seed()

        def real():
            report = import_outcome_csv(district, 2009, data, filename="bench.csv",
                                        source="cli", actor=user)
            assert report.ok, report.checked.errors[:5]
            db.session.commit()
            return report

        def check_only():
            checked = Checked()
            check_rows(csv_rows(data, checked), upload_rules(district, 2009), checked)
            assert checked.ok

        check_s, _ = _timed(check_only)
        real_s, report = _timed(real)
        bare_s = _bare_insert(report.checked.records, district, rows)
        replace_s, _ = _timed(real)
        stored = db.session.scalar(db.select(db.func.count()).select_from(OutcomeRecord))
        assert stored == 2 * rows, stored
        db.session.remove()
        db.engine.dispose()
    return {"real": real_s, "bare": bare_s, "replace": replace_s, "check": check_s}


def _postgres_scratch(base_url):
    """Create a scratch database beside `base_url`; return (url, drop) or None if unreachable."""
    admin = create_engine(make_url(base_url).set(database="postgres"),
                          isolation_level="AUTOCOMMIT")
    name = f"ses_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any connection failure means "not reachable"
        print(f"PostgreSQL not reachable ({type(error).__name__}); skipped.", file=sys.stderr)
        admin.dispose()
        return None

    def drop():
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(base_url).set(database=name).render_as_string(hide_password=False), drop


def write_results(results, rows, size, path):
    """bench/results.md: one table row per backend."""
    lines = [
        "# Outcome import benchmark", "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by `bench/outcomes_import.py` "
        f"on {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPU(s) (shared), load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.", "",
        f"File: {rows:,} rows, {size / 1024 / 1024:.1f} MB (program year 2009-10, "
        f"{PROVIDERS} providers, two subjects).", "",
        "| backend | (a) real import path, s | (b) bare Core bulk insert, s | ratio a/b "
        "| (c) re-import replacing the rows, s | of which checking (no database writes), s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for backend, t in results.items():
        lines.append(f"| {backend} | {t['real']:.2f} | {t['bare']:.2f} | "
                     f"{t['real'] / t['bare']:.2f} | {t['replace']:.2f} | {t['check']:.2f} |")
    lines += [
        "", "(a) decodes, parses and checks every row, hashes the student ids (HMAC-SHA256),",
        "replaces the district's upload and inserts the rows (PostgreSQL: COPY; SQLite: Core",
        "executemany in batches of 10,000), then commits. (b) is one Core `insert()` executemany",
        "of the same prepared rows and its commit: the floor for getting the rows into the table",
        "with SQLAlchemy. (c) is (a) again for the same district and year, deleting the",
        "100,000 rows it replaces. The last column times decoding, parsing, checking and",
        "hashing alone (part of a and c).", "",
    ]
    path.write_text("\n".join(lines))


def main():
    """Parse arguments, run each backend, write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    args = parser.parse_args()
    data = generate_csv(args.rows)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["SQLite (file)"] = run_backend(f"sqlite:///{tmp}/bench.sqlite3", data, args.rows)
        print("SQLite", results["SQLite (file)"], file=sys.stderr)
    scratch = None if args.no_pg else _postgres_scratch(args.pg)
    if scratch is not None:
        url, drop = scratch
        try:
            results["PostgreSQL"] = run_backend(url, data, args.rows)
            print("PostgreSQL", results["PostgreSQL"], file=sys.stderr)
        finally:
            drop()
    write_results(results, args.rows, len(data), Path(args.out))
    print(Path(args.out).read_text())


if __name__ == "__main__":
    main()
