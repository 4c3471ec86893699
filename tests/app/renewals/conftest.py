"""A `walk` driver for the two-year walks: the coordinator, reviewers, providers and districts
each act through the HTTP interface (cycles, applications, review, decisions, uploads) and the
daily sweep runs through the CLI, with the clock pinned to each day in turn (FIXED_TODAY)."""

import io
import re
import traceback
from datetime import date

import pytest

from app.extensions import db
from app.models import Application, Cycle
from tests.app.applications.conftest import complete_program, complete_sections
from tests.app.outcomes.conftest import csv_bytes, year_rows
from tests.app.reviews.conftest import Flow, text_of
from workflows.policy import load_policy


class Walk:
    """One pack's world: a coordinator, reviewers, and helpers for each step of a year."""

    def __init__(self, app, auth, client, runner, make_user, policy_code):
        self.app, self.auth, self.client, self.runner = app, auth, client, runner
        self.make_user, self.policy = make_user, load_policy(policy_code)
        self.people = {"coordinator": make_user("coordinator", email="coord@example.gov")}
        self.reviewers = [
            make_user("reviewer", email=f"rev{n}@example.gov")
            for n in range(self.policy.min_reviewers)
        ]
        self.flow = Flow(auth, client, self.people)
        # A walk signs in dozens of times a "minute": the sign-in limit is tested elsewhere.
        app.config["LOGIN_RATE_LIMIT"] = "10000 per minute"

    def at(self, day):
        """Pin the app's clock to `day` (YYYY-MM-DD)."""
        self.app.config["FIXED_TODAY"] = day
        return self

    def as_user(self, user):
        self.flow.as_user(user)
        return self

    def post(self, path, data=None, **kwargs):
        return self.auth.post(path, data or {}, **kwargs)

    # Cycles -------------------------------------------------------------------------------
    def cycle_form(self, cycle, **edits):
        """The cycle form's fields for `cycle` (times in the pack's time zone) with `edits`."""
        tz = self.policy.tzinfo

        def local(instant):
            return instant.astimezone(tz).strftime("%Y-%m-%d %H:%M") if instant else ""

        def day(value):
            return value.isoformat() if value else ""

        data = {
            "name": cycle.name,
            "policy_code": cycle.policy_code,
            "opens_on": day(cycle.opens_on),
            "due_at": local(cycle.due_at),
            "review_starts_on": day(cycle.review_starts_on),
            "review_ends_on": day(cycle.review_ends_on),
            "revision_due_at": local(cycle.revision_due_at),
            "announcement_on": day(cycle.announcement_on),
            "kind": cycle.kind,
            "per_pupil_allotment": str(cycle.per_pupil_allotment or ""),
            "deliberation_meeting_on": day(cycle.deliberation_meeting_on),
        }
        data.update(edits)
        return data

    def new_cycle(self, **fields):
        """The coordinator creates a cycle on the new-cycle form; returns it."""
        self.as_user(self.people["coordinator"])
        page = self.client.get("/review/cycles/new").get_data(as_text=True)
        default = re.search(r'<option selected value="([^"]+)"', page)
        assert default and default.group(1) == self.app.config["DEFAULT_POLICY"]
        response = self.post("/review/cycles/new", {"policy_code": self.policy.code, **fields})
        assert response.status_code == 302, text_of(response)
        return db.session.scalar(db.select(Cycle).order_by(Cycle.id.desc()).limit(1))

    def copy_cycle(self, cycle, **edits):
        """The coordinator copies `cycle` for next year, then saves the copy with `edits`."""
        self.as_user(self.people["coordinator"])
        response = self.post(f"/review/cycles/{cycle.id}/copy", token_from="/review/cycles")
        assert response.status_code == 302, text_of(response)
        copy_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
        copy = db.session.get(Cycle, copy_id)
        if edits:
            response = self.post(f"/review/cycles/{copy.id}", self.cycle_form(copy, **edits))
            assert response.status_code == 302, text_of(response)
            db.session.expire(copy)
        return copy

    # Applications -------------------------------------------------------------------------
    def start(self, provider, cycle):
        """The provider starts (or renews) in `cycle`; returns the response."""
        self.as_user(provider)
        org_id = provider.organization_id
        return self.post(
            f"/organizations/{org_id}/applications",
            {"cycle_id": cycle.id},
            token_from=f"/organizations/{org_id}",
        )

    def started(self, response):
        assert response.status_code == 302, text_of(response)
        return int(response.headers["Location"].split("/applications/")[1].split("/")[0])

    def save(self, application_id, section, data):
        response = self.post(
            f"/applications/{application_id}/sections/{section}",
            data,
            token_from=f"/applications/{application_id}",
        )
        assert response.status_code == 302, (section, text_of(response))

    def attach(self, application_id):
        response = self.post(
            f"/applications/{application_id}/attachments",
            {
                "kind": "financial_information",
                "file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "audit.pdf"),
            },
            token_from=f"/applications/{application_id}",
            content_type="multipart/form-data",
        )
        assert response.status_code == 302, text_of(response)

    def fill(self, application_id, districts, **program):
        """Every section of a new application, complete and valid, and its attachment."""
        self.save(application_id, "program", complete_program([d.id for d in districts], **program))
        for section, data in complete_sections(self.policy.code).items():
            self.save(application_id, section, data)
        self.attach(application_id)

    def submit(self, application_id):
        return self.post(
            f"/applications/{application_id}/submit", token_from=f"/applications/{application_id}"
        )

    def apply(self, provider, cycle, districts, **program):
        """Start, fill and submit a new application; returns its id."""
        application_id = self.started(self.start(provider, cycle))
        self.fill(application_id, districts, **program)
        assert self.submit(application_id).status_code == 302
        return application_id

    def review(self, application_id, answers):
        """Every reviewer declares no conflict and submits `answers`."""
        application = db.session.get(Application, application_id)
        self.flow.review(application, self.reviewers, [answers] * len(self.reviewers))

    def decide(self, application_id, **data):
        return self.flow.decide(db.session.get(Application, application_id), **data)

    def approve_each(self, application_ids, answers, term_ends_on):
        """Review and approve each application; each approval runs through `term_ends_on`."""
        for application_id in application_ids:
            self.review(application_id, answers)
            assert self.decide(application_id, outcome="approve").status_code == 302
            assert db.session.get(Application, application_id).term_ends_on == term_ends_on

    # Outcome data and the sweep ------------------------------------------------------------
    def report_year(self, district_user, year, improved, *, sweep_on):
        """The district reports `year` ({provider code: improved of 12 completers}); the sweep
        runs on `sweep_on` and determines it."""
        lines = []
        for code, count in improved.items():
            lines += rows(code, year, completed=12, improved=count)
        self.at(sweep_on)
        self.upload(district_user, year, lines)
        return self.sweep(sweep_on)

    def upload(self, district_user, year, lines):
        """A district uploads its outcome data for program `year` on the upload page."""
        self.as_user(district_user)
        response = self.post(
            "/outcomes/uploads",
            {"program_year": str(year), "file": (io.BytesIO(csv_bytes(*lines)), "outcomes.csv")},
            token_from="/outcomes/uploads",
            content_type="multipart/form-data",
        )
        assert response.status_code == 302, text_of(response)

    def sweep(self, day):
        result = self.runner.invoke(args=["ses", "sweep", "--today", day])
        assert result.exit_code == 0, result.output + (
            "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
        )
        return result.output

    def state(self, application_id):
        return db.session.get(Application, application_id).state


def populate(walk, make_org, make_district, state, districts, orgs):
    """Districts [(name, code)] of `state`, organizations [(code, name)] each with a provider
    user, and a district user for the first district: (districts, orgs, providers, user)."""
    made = [make_district(name, code, state=state) for name, code in districts]
    by_code = {
        code: make_org(name, code=code, contact_email=f"office@{code.lower()}.example.org")
        for code, name in orgs
    }
    providers = {
        code: walk.make_user("provider", organization=org, email=f"pat@{code.lower()}.example.org")
        for code, org in by_code.items()
    }
    user = walk.make_user("district", district=made[0], email=f"{state.lower()}@example.gov")
    return made, by_code, providers, user


def past_approvals(
    make_cycle, make_application, policy_code, orgs, districts, approved_on, term_ends_on
):
    """Approvals from before the walk (now expired), so the providers' record starts there."""
    past = make_cycle(
        policy_code,
        name=f"{policy_code} earlier round",
        opens_on=approved_on.replace(month=3, day=1),
    )
    for org in orgs:
        make_application(
            "expired",
            organization=org,
            cycle=past,
            service_area=districts,
            approved_on=approved_on,
            term_ends_on=term_ends_on,
        )


@pytest.fixture
def walk_for(app, auth, client, runner, make_user):
    """walk_for("sd-2009") -> a Walk under that pack."""

    def factory(policy_code):
        return Walk(app, auth, client, runner, make_user, policy_code)

    return factory


def rows(code, year, *, completed, improved, subject="reading", prefix=None):
    """A provider's outcome rows for one program year (see tests/app/outcomes/conftest)."""
    return year_rows(
        code,
        year,
        completed=completed,
        improved=improved,
        subject=subject,
        prefix=prefix or f"{code}-",
    )


__all__ = ["Walk", "rows", "date", "text_of"]
