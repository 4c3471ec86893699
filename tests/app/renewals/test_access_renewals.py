"""Who may copy a cycle and start a renewal: the copy is the coordinator's (CSRF required, every
other role refused); a renewal is started only by the organization's own provider users, in a
round open to it, and a malformed cycle id is refused, never a 500."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.extensions import db
from app.models import Application, AuditEntry, Cycle

CENTRAL = ZoneInfo("America/Chicago")
# No new GET pages (tests/app/test_access.py merges every MATRIX): copying a cycle and starting
# a renewal are POST-only actions, tested below; the pages they show are existing ones.
MATRIX = {}


@pytest.fixture
def setup(app, make_user, make_org, make_cycle, make_application, make_district):
    app.config["FIXED_TODAY"] = "2011-03-15"
    district = make_district()
    org = make_org("Prairie Learning")
    approval = make_application(
        "approved",
        organization=org,
        service_area=[district],
        program={"subjects_by_grade": {"reading": ["3-5"]}},
    )
    renewals = make_cycle(
        name="SD 2011 renewals",
        kind="renewal",
        opens_on=date(2011, 3, 1),
        due_at=datetime(2011, 4, 11, 17, tzinfo=CENTRAL),
        revision_due_at=datetime(2011, 5, 16, 17, tzinfo=CENTRAL),
    )
    users = {
        role: make_user(role, email=f"{role}@example.gov")
        for role in ("coordinator", "reviewer", "district", "committee")
    }
    users["provider"] = make_user("provider", organization=org, email="provider@example.gov")
    users["other_provider"] = make_user(
        "provider", organization=make_org("Other"), email="other@example.gov"
    )
    return {"approval": approval, "renewals": renewals, "org": org, "users": users}


@pytest.mark.parametrize("role", ["reviewer", "district", "committee", "provider"])
def test_only_the_coordinator_copies_a_cycle(setup, auth, role):
    auth.login(f"{role}@example.gov")
    response = auth.post(f"/review/cycles/{setup['renewals'].id}/copy", token_from="/home")
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(Cycle)) == 2


def test_copy_needs_csrf_and_an_existing_cycle_and_is_audited(setup, auth, client):
    auth.login("coordinator@example.gov")
    assert client.post(f"/review/cycles/{setup['renewals'].id}/copy").status_code == 400
    assert auth.post("/review/cycles/999/copy", token_from="/home").status_code == 404
    response = auth.post(f"/review/cycles/{setup['renewals'].id}/copy", token_from="/home")
    assert response.status_code == 302
    copy = db.session.scalar(db.select(Cycle).order_by(Cycle.id.desc()).limit(1))
    assert (copy.name, copy.kind, copy.opens_on) == (
        "SD 2012 renewals",
        "renewal",
        date(2012, 3, 1),
    )
    entry = db.session.scalar(db.select(AuditEntry).filter_by(event="copy_cycle"))
    assert entry.entity_id == copy.id and "SD 2011 renewals" in entry.reason


def test_anonymous_copy_is_sent_to_sign_in(setup, auth, client):
    assert client.post(f"/review/cycles/{setup['renewals'].id}/copy").status_code == 400
    response = auth.post(f"/review/cycles/{setup['renewals'].id}/copy", token_from="/auth/login")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Cycle)) == 2  # no copy


def test_another_organization_cannot_start_its_renewal(setup, auth):
    auth.login("other@example.gov")
    response = auth.post(
        f"/organizations/{setup['org'].id}/applications",
        {"cycle_id": setup["renewals"].id},
        token_from="/home",
    )
    assert response.status_code == 403


@pytest.mark.parametrize("raw", ["abc", "99999999999999999999", "-1", "", "999"])
def test_a_malformed_or_unknown_cycle_id_is_refused_or_means_the_latest(setup, auth, raw):
    auth.login("provider@example.gov")
    response = auth.post(
        f"/organizations/{setup['org'].id}/applications", {"cycle_id": raw}, token_from="/home"
    )
    assert response.status_code == 302
    renewals = db.session.scalars(
        db.select(Application).where(Application.renews_id == setup["approval"].id)
    ).all()
    # An unreadable id means the latest open round (the renewal round); an unknown one is refused.
    assert len(renewals) == (0 if raw == "999" else 1)


def test_the_provider_renews_once_per_round(setup, auth):
    auth.login("provider@example.gov")
    path = f"/organizations/{setup['org'].id}/applications"
    first = auth.post(path, {"cycle_id": setup["renewals"].id}, token_from="/home")
    assert first.status_code == 302 and "/applications/" in first.headers["Location"]
    again = auth.post(path, {"cycle_id": setup["renewals"].id}, token_from="/home")
    assert "/organizations/" in again.headers["Location"]
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(Application)
            .where(Application.renews_id == setup["approval"].id)
        )
        == 1
    )


def test_renewal_letters_name_the_approval_they_renew(setup, app):
    """Each outcome's letter of a renewal says what it renews (conditional, revisions)."""
    from app.letters.operations.service import issue_letter

    approval = setup["approval"]
    renewal = Application(
        organization=setup["org"],
        cycle=setup["renewals"],
        state="draft",
        renews=approval,
        program={},
        narrative={},
        assurances={},
        pack_fields={},
        service_summary={},
    )
    db.session.add(renewal)
    db.session.flush()
    with app.test_request_context():
        for kind in ("decision_conditional", "revision_request"):
            letter = issue_letter(
                kind,
                subject="x",
                today=date(2011, 5, 2),
                organization=setup["org"],
                application=renewal,
                context={
                    "conditions": [],
                    "comments": [],
                    "decision": type("D", (), {"feedback": "f"})(),
                    "policy": None,
                    "revision_due_at": None,
                },
            )
            assert (
                "This is the renewal of the approval that runs through June 30, 2011"
                in " ".join(letter.body_html.split())
            ), kind


def test_a_renewal_denied_by_the_sweep_gets_its_letter(setup, make_application, runner):
    """Revisions not resubmitted by the revision date: the sweep denies the renewal, and the
    letter names the approval it would have renewed (which stays in force to its term)."""
    renewal = make_application(
        "revisions_needed",
        organization=setup["org"],
        cycle=setup["renewals"],
        renews=setup["approval"],
    )
    result = runner.invoke(args=["ses", "sweep", "--today", "2011-05-17"])
    assert result.exit_code == 0, result.output
    assert db.session.get(Application, renewal.id).state == "denied"
    assert db.session.get(Application, setup["approval"].id).state == "approved"
    from app.models import Letter

    letter = db.session.scalar(db.select(Letter).filter_by(application_id=renewal.id))
    assert "This was a renewal of the approval that runs through June 30, 2011" in " ".join(
        letter.body_html.split()
    )
