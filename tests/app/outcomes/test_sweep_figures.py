"""The set-based effectiveness figures against the pure rules (issue 9): on generated outcome
data, every stored result equals `workflows.effectiveness.year_status` applied to counts made
here in Python from the generated rows (distinct students across districts; 001 "Report SES
data to the Department"; DESIGN.md section 6), and a second run writes nothing."""

import random

from app.extensions import db
from app.models import AuditEntry, EffectivenessResult
from workflows.effectiveness import year_status
from workflows.policy import load_policy

from .conftest import row
from .test_sweep_outcomes import sweep, upload

IMPROVED = {"exceeded", "met", "progress_not_met"}
HOURS = ("completed", "completed", "parent_ended", "provider_ended")
ACHIEVEMENT = ("exceeded", "met", "progress_not_met", "no_progress")


def generated(world, seed):
    """{(district, year): [row dict]} for ACME (both districts) and BETA (Sioux Falls), two
    subjects, two years; some students reported by both districts."""
    rng = random.Random(seed)
    data = {}
    for year in (2009, 2010):
        for provider, districts in (("ACME", ("sioux", "rapid")), ("BETA", ("sioux",))):
            for subject in ("math", "reading"):
                share = rng.choice((0.3, 0.5, 0.7, 0.9))  # of completers who improve
                for n in range(rng.randrange(4, 40)):
                    student = f"{provider}-{subject}-{year}-{n}"
                    status = "served" if rng.random() < 0.9 else "applied_not_served"
                    hours = rng.choice(HOURS) if status == "served" else "provider_did_not_serve"
                    achievement = (
                        ""
                        if hours != "completed"
                        else rng.choice(ACHIEVEMENT[:3])
                        if rng.random() < share
                        else "no_progress"
                    )
                    record = {
                        "student": student,
                        "provider": provider,
                        "subject": subject,
                        "status": status,
                        "hours": hours,
                        "achievement": achievement,
                    }
                    reporters = [rng.choice(districts)]
                    if len(districts) > 1 and rng.random() < 0.2:
                        reporters = list(districts)  # the same student from both districts
                    for district in reporters:
                        data.setdefault((district, year), []).append(record)
    return data


def expected_results(world, data):
    """{(organization_id, subject, year): (served, completed, improved, status)} by the rules."""
    policy = load_policy("sd-2009")
    ids = {"ACME": world["acme"].id, "BETA": world["beta"].id}
    students = {}
    for (_, year), records in data.items():
        for r in records:
            sets = students.setdefault(
                (ids[r["provider"]], r["subject"], year), (set(), set(), set())
            )
            if r["status"] == "served":
                sets[0].add(r["student"])
                if r["hours"] == "completed":
                    sets[1].add(r["student"])
                    if r["achievement"] in IMPROVED:
                        sets[2].add(r["student"])
    return {
        key: (len(s), len(c), len(i), year_status(len(c), len(i), policy))
        for key, (s, c, i) in students.items()
    }


def stored():
    return {
        (r.organization_id, r.subject, r.program_year): (
            r.served,
            r.completed,
            r.improved,
            r.status,
        )
        for r in db.session.scalars(db.select(EffectivenessResult))
    }


def test_set_based_results_equal_the_pure_rules_on_generated_data(world, runner):
    current = {}  # each upload replaces its district's year: what is stored now
    for seed in (1, 2, 3):
        data = generated(world, seed)
        current.update(data)
        for (district, year), records in data.items():
            upload(
                world[district],
                year,
                *(
                    row(
                        student=r["student"],
                        provider=r["provider"],
                        subject=r["subject"],
                        status=r["status"],
                        start=f"{year}-10" if r["status"] == "served" else "",
                        end=f"{year + 1}-04" if r["status"] == "served" else "",
                        hours=r["hours"],
                        achievement=r["achievement"],
                    )
                    for r in records
                ),
            )
        sweep(runner, "2011-07-15")
        expected = expected_results(world, current)
        assert stored() == expected
        assert {status for *_, status in expected.values()} >= {"contributed", "not_contributed"}
        audits = db.session.scalar(db.select(db.func.count()).select_from(AuditEntry))
        sweep(runner, "2011-07-15")  # the second run the same day writes nothing
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == audits
        assert stored() == expected
