"""Benchmark: the public directory and the coordinator's home at 1,000 / 5,000 / 20,000 approved
providers over 150 districts, on PostgreSQL.

`run(database_url)` creates a scratch database beside `database_url`, builds the schema with the
migrations (the GIN full-text index included), and grows the data in three steps. The providers
are written with bulk SQL equivalent to the product's write path (an organization, its approved
application with program JSON, service summary and a program description of a few hundred words,
its service area, the decision's audit entry), then `rebuild_directory` fills the directory
tables as `flask ses rebuild-directory` does after a bulk load. At each size, interleaved and
repeated:

* every directory filter (none; district; district + subject; keyword) through the HTML page and
  the JSON API (Flask test client, in process) against the raw SQL for the same rows (psycopg, no
  ORM: the count, the page of 20 listings and their districts' labels: what the page needs);
* page throughput under gunicorn (2 workers) with `wrk`, against a bare Flask endpoint under the
  same gunicorn settings (wrk: 2 threads, 8 connections); and the signed-in coordinator home
  against the same bare endpoint.

Environment: BENCH_REPEATS (default 7), BENCH_WRK_SECONDS (5), BENCH_WRK_REPEATS (3),
BENCH_SIZES (e.g. "1000,5000,20000"), BENCH_ONLY ("throughput": only the gunicorn rows).
"""

import os
import random
import sys
from contextlib import contextmanager
from datetime import UTC, date, datetime

from bench.common import measure, scratch_database
from bench.servers import Server, signed_in_cookie, wrk

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIZES = tuple(int(s) for s in os.environ.get("BENCH_SIZES", "1000,5000,20000").split(","))
DISTRICTS = 150
REPEATS = int(os.environ.get("BENCH_REPEATS", "7"))
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "5"))
WRK_REPEATS = int(os.environ.get("BENCH_WRK_REPEATS", "3"))
ONLY_THROUGHPUT = os.environ.get("BENCH_ONLY", "") == "throughput"
PASSWORD = "bench password 2009"
WORDS = (
    "reading",
    "math",
    "fluency",
    "homework",
    "comprehension",
    "fractions",
    "writing",
    "vocabulary",
    "tutoring",
    "geometry",
    "preparation",
    "small",
    "group",
    "certified",
    "teachers",
    "progress",
    "monitoring",
    "parents",
    "weekly",
    "assessment",
    "literacy",
    "numeracy",
    "motivation",
    "attendance",
    "lessons",
    "practice",
    "skills",
    "goals",
)
SPANS = ("K-2", "3-5", "6-8", "9-12")
LANGUAGES = ("", "", "Spanish", "Spanish, Hmong", "Somali", "Vietnamese and Spanish")


def _program(rng):
    subjects = {
        s: sorted(rng.sample(SPANS, rng.randint(1, 4)))
        for s in rng.sample(("reading", "math"), rng.randint(1, 2))
    }
    words = rng.sample(WORDS, 8) + (["phonics"] if rng.random() < 0.05 else [])
    return {
        "subjects_by_grade": subjects,
        "modes": rng.choice([["in_person"], ["online"], ["in_person", "online"]]),
        "place_of_service": rng.sample(["school", "home", "community", "online"], 2),
        "delivery": rng.choice(["group", "individual"]),
        "students_per_instructor": 4,
        "hours_per_week": 2,
        "total_hours": 30,
        "session_minutes": 60,
        "hourly_rate": f"{rng.randint(20, 60)}.00",
        "pricing": "Per hour attended",
        "transportation": "Parents provide transportation",
        "exit_criteria": "Goals met",
        "description": " ".join(words).capitalize() + ".",
        "serves_ell": rng.random() < 0.4,
        "serves_swd": rng.random() < 0.4,
    }


def _rows_for(n, rng, cycle_id, district_ids):
    now = datetime(2009, 5, 1, 15, tzinfo=UTC)
    org = {
        "id": n,
        "code": f"bench-{n}",
        "name": f"{rng.choice(WORDS).title()} Tutors {n}",
        "org_type": "non_profit",
        "contact_name": "Director",
        "phone": "605-555-0100",
        "contact_email": f"director{n}@provider.example",
        "address": "1 Main St",
    }
    application = {
        "id": n,
        "organization_id": n,
        "cycle_id": cycle_id,
        "state": "approved",
        "program": _program(rng),
        "service_summary": {
            "languages": rng.choice(LANGUAGES),
            "reporting": "Monthly report to parents",
        },
        "narrative": {k: " ".join(rng.choices(WORDS, k=120)) for k in "ABCDEF"},
        "program_description": " ".join(rng.choices(WORDS, k=250)),
        "submitted_at": now,
        "decided_at": now,
        "approved_on": date(2009, 7, 1),
        "term_ends_on": date(2011, 6, 30),
    }
    area = [
        {"application_id": n, "district_id": d} for d in rng.sample(district_ids, rng.randint(1, 4))
    ]
    audit = {
        "at": now,
        "entity": "applications",
        "entity_id": n,
        "event": "approve",
        "from_state": "under_review",
        "to_state": "approved",
        "reason": "bench",
    }
    return org, application, area, audit


def add_providers(start, stop, *, cycle_id, district_ids, seed=2009):
    """Write providers start+1..stop as the decision path leaves them (bulk Core inserts)."""
    from app.extensions import db
    from app.models import Application, ApplicationDistrict, AuditEntry, Organization

    rng = random.Random(seed + start)
    for chunk in range(start, stop, 1000):
        built = [
            _rows_for(n, rng, cycle_id, district_ids)
            for n in range(chunk + 1, min(chunk + 1000, stop) + 1)
        ]
        db.session.execute(db.insert(Organization), [b[0] for b in built])
        db.session.execute(db.insert(Application), [b[1] for b in built])
        db.session.execute(db.insert(ApplicationDistrict), [a for b in built for a in b[2]])
        db.session.execute(db.insert(AuditEntry), [b[3] for b in built])
    db.session.commit()


def _base():
    """150 districts, one cycle, a coordinator; returns (cycle id, district ids)."""
    from app.extensions import db
    from app.models import Cycle, District, User

    districts = [
        District(state="SD", code=f"{n:02d}-{n % 7}", name=f"District {n:03d}")
        for n in range(1, DISTRICTS + 1)
    ]
    cycle = Cycle(
        name="2009-10",
        policy_code="sd-2009",
        opens_on=date(2009, 1, 15),
        due_at=datetime(2009, 4, 10, 22, tzinfo=UTC),
    )
    coordinator = User(
        email="coordinator@bench.example", name="Bench Coordinator", password_hash=""
    )
    coordinator.set_password(PASSWORD)
    coordinator.set_roles(["coordinator"])
    db.session.add_all([*districts, cycle, coordinator])
    db.session.commit()
    return cycle.id, [d.id for d in districts]


FILTERS = {  # label: (query string, WHERE of the raw SQL, its parameters)
    "none": ("", "TRUE", ()),
    "district": (
        "district={d}",
        "EXISTS (SELECT 1 FROM directory_listing_districts x WHERE "
        "x.organization_id = l.organization_id AND x.district_id = %s)",
        ("d",),
    ),
    "district+subject": (
        "district={d}&subject=math",
        "EXISTS (SELECT 1 FROM directory_listing_districts x WHERE "
        "x.organization_id = l.organization_id AND x.district_id = %s) AND "
        "EXISTS (SELECT 1 FROM directory_listing_subjects s WHERE "
        "s.organization_id = l.organization_id AND s.subject = 'math')",
        ("d",),
    ),
    "keyword": ("q=phonics", "keyword_vector @@ to_tsquery('simple'::regconfig, 'phonics:*')", ()),
}


def raw_page(raw, where, params):
    """The raw SQL for a directory page: count, 20 listings in order, their districts."""
    with raw.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM directory_listings l WHERE {where}", params)
        total = cur.fetchone()[0]
        cur.execute(
            f"SELECT organization_id, entry FROM directory_listings l WHERE {where} "
            f"ORDER BY sort_name, organization_id LIMIT 20",
            params,
        )
        rows = cur.fetchall()
        cur.execute(
            "SELECT x.organization_id, d.id, d.name, d.code FROM "
            "directory_listing_districts x JOIN districts d ON d.id = x.district_id "
            "WHERE x.organization_id = ANY(%s) ORDER BY d.name, d.id",
            ([r[0] for r in rows],),
        )
        cur.fetchall()
    raw.rollback()
    return total, [r[0] for r in rows]


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def directory_rows(app, size, district_id):
    """The page and API measurements of every filter at this size."""
    from app.extensions import db

    rows = []
    client = app.test_client()
    raw = db.engine.raw_connection()
    try:
        for label, (query, where, names) in FILTERS.items():
            query = query.format(d=district_id)
            params = tuple(district_id for _ in names)
            total, ids = raw_page(raw, where, params)
            api = _get(client, f"/api/directory/providers?{query}").get_json()
            assert (api["total"], [i["organization_id"] for i in api["items"]]) == (total, ids)
            for kind, path in (("page", "/directory/?"), ("API", "/api/directory/providers?")):
                rows.append(
                    measure(
                        f"directory {kind} ({label})",
                        size,
                        lambda path=path, query=query: _get(client, path + query),
                        lambda where=where, params=params: raw_page(raw, where, params),
                        REPEATS,
                        goal="<= 1.5x",
                        baseline_label="raw SQL, same rows",
                    )
                )
    finally:
        raw.close()
    return rows


def throughput_rows(database_url, size, district_id):
    """Directory page and signed-in home throughput under gunicorn, against bare Flask."""
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-secret-" + "x" * 32,
        "STUDENT_ID_KEY": "bench-student-key-" + "y" * 32,
        # ProductionConfig refuses memory:// limits with 2 workers; keys apart from others'.
        "RATELIMIT_STORAGE_URI": os.environ.get(
            "RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0"
        ),
        "RATELIMIT_KEY_PREFIX": "ses-bench",
    }
    with (
        Server("wsgi:app", env, cwd=ROOT) as product,
        Server("bench.bare_app:app", env, cwd=ROOT) as bare,
    ):
        cookie = signed_in_cookie(product, "coordinator@bench.example", PASSWORD)
        pages = (
            (
                "directory page ?district= throughput",
                f"/directory/?district={district_id}",
                None,
                ">= 0.5x",
            ),
            ("signed-in coordinator home throughput", "/home", cookie, ">= 0.25x"),
        )
        rows = []
        for label, path, session, goal in pages:
            rows.append(
                measure(
                    label,
                    size,
                    lambda path=path, session=session: (
                        wrk(product, path, WRK_SECONDS, session),
                        product.peak_mb(),
                    ),
                    lambda: wrk(bare, "/", WRK_SECONDS),
                    WRK_REPEATS,
                    higher_is_better=True,
                    goal=goal,
                    baseline_label="bare Flask, same gunicorn",
                )
            )
        return rows


def _busiest_district(district_ids):
    from app.extensions import db
    from app.models import DirectoryListingDistrict

    count = db.func.count()
    return db.session.execute(
        db.select(DirectoryListingDistrict.district_id, count)
        .group_by(DirectoryListingDistrict.district_id)
        .order_by(count.desc(), DirectoryListingDistrict.district_id)
    ).first()[0]


@contextmanager
def _app(url):
    sys.path.insert(0, ROOT)
    from app import create_app
    from config import Config

    # The response cache keeps nothing in process (DIRECTORY_CACHE_BYTES=0: every request a
    # miss): these rows measure what a page costs to make, with the rest of the production
    # settings, the directory version read at most every DIRECTORY_CACHE_SECONDS (5) as a
    # production miss reads it; the throughput rows (gunicorn) measure it with the cache on.
    config = type(
        "BenchConfig",
        (Config,),
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "TESTING": False,
            "RATELIMIT_ENABLED": False,
            "DIRECTORY_CACHE_URL": None,
            "DIRECTORY_CACHE_BYTES": 0,
        },
    )
    app = create_app(config)
    with app.app_context():
        yield app


def run(database_url):
    """Every directory measurement at every size; returns the result rows."""
    rows = []
    with scratch_database(database_url, "ses_bench_directory") as url, _app(url) as app:
        from flask_migrate import upgrade

        from app.directory.operations import rebuild_directory
        from app.extensions import db

        upgrade()
        cycle_id, district_ids = _base()
        built = 0
        for size in SIZES:
            add_providers(built, size, cycle_id=cycle_id, district_ids=district_ids)
            built = size
            rebuild_directory()
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")  # what autovacuum does after a load
            district_id = _busiest_district(district_ids)
            if not ONLY_THROUGHPUT:
                rows.extend(directory_rows(app, size, district_id))
            rows.extend(throughput_rows(url, size, district_id))
            print(f"directory bench: {size:,} providers measured", file=sys.stderr)
        db.session.remove()
        db.engine.dispose()
    return rows
