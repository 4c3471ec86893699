"""Two people (or two district systems) doing the same thing at the same moment, through the
HTTP interface, on a real PostgreSQL database: each round releases two threads together (a
`threading.Barrier`), each with its own test client, signed-in user and database connection.

- approve vs deny of one application: exactly one decision, one decision letter and one audit
  move out of under_review; the other coordinator gets a 409 refusal;
- two uploads of the same district and program year: both succeed, one after the other; exactly
  the later upload's rows remain, its row_count matches them and it reports replacing the
  other's; never a 5xx;
- two appeal filings of one removal: one appeal, the other filing a 409 refusal.

SQLite is skipped: the in-memory test database is one connection shared by every thread, so
nothing would run concurrently (the app serializes SQLite writers with BEGIN IMMEDIATE).
"""

import threading
from datetime import UTC, date, datetime

import pytest

from app.appeals.operations.removal import decide_removal, open_removal_case
from app.boundary import DUPLICATE_MESSAGE
from app.extensions import db
from app.models import (
    Appeal,
    Application,
    AuditEntry,
    Decision,
    Letter,
    OutcomeRecord,
    OutcomeUpload,
    ReviewerAssignment,
)
from app.outcomes.operations.tokens import issue_token
from app.reviews.operations import assign_reviewers, declare_conflict, start_review
from app.reviews.operations.scoring import submit_sheet
from tests.app.outcomes.conftest import csv_bytes, year_rows
from tests.app.reviews.conftest import SD_HIGH
from tests.conftest import Auth
from tests.dbutil import IS_POSTGRES

pytestmark = pytest.mark.skipif(not IS_POSTGRES, reason="races need a real PostgreSQL server")

ROUNDS = 20
NOW = datetime(2009, 5, 1, 15, 0, tzinfo=UTC)
PROGRAM = {
    "subjects_by_grade": {"reading": ["3-5"], "math": ["3-5"]},
    "min_students_per_site": 1,
    "max_students_per_site": 12,
    "place_of_service": ["school"],
    "modes": ["in_person"],
    "delivery": "group",
    "hours_per_week": 2,
    "total_hours": 30,
    "session_minutes": 60,
    "students_per_instructor": 4,
    "hourly_rate": "38.00",
    "pricing": "per hour attended",
    "transportation": "none needed",
    "exit_criteria": "grade-level benchmark met",
    "description": "Small-group tutoring.",
    "serves_ell": True,
    "serves_swd": True,
}


def race(*actions):
    """Run each action in its own thread, all released at once; returns their results (an
    exception raised by an action is returned in its place)."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        barrier.wait(timeout=30)
        try:
            results[index] = action()
        except Exception as error:  # reported by the test's assertions
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


class Actor:
    """A signed-in browser of its own: a test client with its CSRF token read once."""

    def __init__(self, app, email):
        self.client = app.test_client()
        auth = Auth(self.client)
        with app.app_context():  # its own `g`: Flask-WTF keeps the CSRF token there
            assert auth.login(email).status_code == 302, email
            self.token = auth.token()

    def post(self, path, data, **kwargs):
        return self.client.post(path, data={**data, "csrf_token": self.token}, **kwargs)


def _settle():
    """End the main thread's transaction so the racers see (and lock) committed rows only."""
    db.session.commit()
    db.session.expire_all()


def _refused_by_the_lock(results):
    """The 409 came from the operation's re-read under the lock, not only from a unique key."""
    for result in results:
        if result.status_code == 409:
            assert DUPLICATE_MESSAGE.split(",")[0] not in result.get_data(as_text=True)


def _statuses(results):
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    return sorted(r.status_code for r in results)


def _under_review(make_application, org, coordinator, reviewers):
    """An application under review with three submitted score sheets recommending approval."""
    application = make_application("submitted", organization=org, program=PROGRAM)
    assign_reviewers(application, [r.id for r in reviewers], actor=coordinator)
    start_review(application, actor=coordinator)
    for assignment in db.session.scalars(
        db.select(ReviewerAssignment).filter_by(application_id=application.id)
    ).all():
        declare_conflict(assignment, conflict=False, note="", actor=assignment.reviewer, now=NOW)
        submit_sheet(assignment, SD_HIGH, {}, actor=assignment.reviewer, now=NOW)
    db.session.commit()
    return application.id


def test_approve_against_deny(app, make_user, make_org, make_application):
    app.config["FIXED_TODAY"] = "2009-05-01"
    coordinators = [make_user("coordinator", name=name) for name in ("Ann Approve", "Dan Deny")]
    reviewers = [make_user("reviewer") for _ in range(3)]
    org = make_org("Bright Futures Tutoring", contact_email="director@bright.example")
    approver, denier = (Actor(app, c.email) for c in coordinators)
    for _ in range(ROUNDS):
        application_id = _under_review(make_application, org, coordinators[0], reviewers)
        _settle()
        path = f"/review/applications/{application_id}/decide"
        results = race(
            lambda path=path: approver.post(path, {"outcome": "approve"}),
            lambda path=path: denier.post(
                path, {"outcome": "deny", "reason": "The budget is not credible."}
            ),
        )
        assert _statuses(results) == [302, 409], [
            r.get_data(as_text=True)[:300] for r in results if r.status_code != 302
        ]
        _refused_by_the_lock(results)
        db.session.expire_all()
        [decision] = db.session.scalars(
            db.select(Decision).filter_by(application_id=application_id)
        ).all()
        state = db.session.get(Application, application_id).state
        assert state == {"approve": "approved", "deny": "denied"}[decision.outcome]
        winner = results[0] if decision.outcome == "approve" else results[1]
        assert winner.status_code == 302
        letters = db.session.scalars(
            db.select(Letter.kind).where(
                Letter.application_id == application_id,
                Letter.kind.in_(("decision_approved", "decision_denied")),
            )
        ).all()
        assert letters == [
            {"approve": "decision_approved", "deny": "decision_denied"}[decision.outcome]
        ]
        moves = db.session.scalars(
            db.select(AuditEntry.event).filter_by(
                entity="applications", entity_id=application_id, from_state="under_review"
            )
        ).all()
        assert moves == [decision.outcome]


def test_two_uploads_of_one_district_and_year(
    app, make_org, make_district, make_application, make_user
):
    app.config["FIXED_TODAY"] = "2010-07-20"
    districts = [make_district(f"District {n}", f"90-{n}") for n in range(ROUNDS // 2)]
    acme = make_org("Acme Tutoring", code="ACME")
    make_application("approved", organization=acme, service_area=districts)
    coordinator = make_user("coordinator")
    tokens = [issue_token(d, "SIS", actor=coordinator)[1] for d in districts]
    db.session.commit()
    bodies = [
        csv_bytes(*year_rows("ACME", 2009, completed=size, improved=1, prefix=prefix))
        for size, prefix in ((3, "A"), (5, "B"))
    ]
    clients = [app.test_client(), app.test_client()]
    for number in range(ROUNDS):  # each district: first with no earlier upload, then a replace
        district, token = districts[number // 2], tokens[number // 2]
        _settle()
        results = race(
            *(
                lambda c=c, b=b, token=token: c.post(
                    "/api/outcomes/2009",
                    data=b,
                    headers={"Authorization": f"Bearer {token}"},
                    content_type="text/csv",
                )
                for c, b in zip(clients, bodies, strict=True)
            )
        )
        assert _statuses(results) == [201, 201]  # the second waits for the first, then replaces
        db.session.expire_all()
        [upload] = db.session.scalars(
            db.select(OutcomeUpload).filter_by(district_id=district.id, program_year=2009)
        ).all()
        stored = db.session.scalars(
            db.select(OutcomeRecord.upload_id).filter_by(district_id=district.id, program_year=2009)
        ).all()
        assert upload.row_count in (3, 5)
        assert len(stored) == upload.row_count and set(stored) == {upload.id}
        last = next(r.json for r in results if r.json["rows"] == upload.row_count)
        assert last["replaced_rows"] == 8 - upload.row_count  # it replaced the other's rows


def test_two_appeal_filings(app, make_user, make_org, make_district, make_application):
    district = make_district("Sioux Falls", "49-5")
    coordinator = make_user("coordinator")
    providers = [make_user("provider") for _ in range(2)]
    actors = None
    for _ in range(ROUNDS):
        org = make_org()
        application = make_application("approved", organization=org, service_area=[district])
        for provider in providers:
            provider.organization = org
        case, _ = open_removal_case(
            application,
            grounds="violations",
            actor=None,
            summary="Second confirmed violation.",
            today=date(2009, 6, 25),
        )
        decide_removal(
            case,
            remove=True,
            reason="Two confirmed violations.",
            actor=coordinator,
            today=date(2009, 6, 30),
        )
        case_id = case.id
        db.session.commit()
        actors = actors or [Actor(app, p.email) for p in providers]
        app.config["FIXED_TODAY"] = "2009-07-17"
        _settle()
        path = f"/appeals/cases/{case_id}/appeal"
        results = race(
            *(
                lambda a=a, path=path: a.post(
                    path,
                    {"letter": "The violations were not ours."},
                    content_type="multipart/form-data",
                )
                for a in actors
            )
        )
        assert _statuses(results) == [302, 409], [
            r.get_data(as_text=True)[:300] for r in results if r.status_code != 302
        ]
        _refused_by_the_lock(results)
        db.session.expire_all()
        assert (
            len(db.session.scalars(db.select(Appeal).filter_by(removal_case_id=case_id)).all()) == 1
        )
        assert db.session.get(Application, application.id).state == "appealed"
