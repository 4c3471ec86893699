"""Demo data: the SD 2009 cycle (004 "Timeline"), the districts and schools of 004 "List of
Districts and Schools" (its 2008-09 School Improvement schools), a few real NC and MA districts,
an NC cycle taking applications, one account per role and a few providers at different stages.

The demo is seen on its training clock, DEMO_TODAY (the Makefile's `run` sets SES_TODAY to it):
May 11, 2009. That day the SD review is under way (one application with its three reviewers, one
returned for revisions due May 15, others decided on May 1) while the NC 2009-10 round is open,
so a provider can start an application and no deadline is years overdue.

Credentials are printed for the demo only. Running it again adds nothing new.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.applications.operations.demo_content import add_submission_records, fill_demo_application
from app.audit import record_change
from app.demo_districts import MA_DISTRICTS, NC_DISTRICTS, SD_2009_SCHOOLS
from app.extensions import db
from app.models import (
    Application,
    Cycle,
    District,
    Organization,
    ReviewerAssignment,
    School,
    SchoolYearStatus,
    User,
)
from workflows.states import APPLICATION_DECIDED
from workflows.states import ApplicationState as S

CENTRAL = ZoneInfo("America/Chicago")  # 004: "April 9, 2009, at 5:00 PM CST" (Pierre, SD)
EASTERN = ZoneInfo("America/New_York")  # nc-2009's time zone (Raleigh)
CYCLE_NAME = "South Dakota SES providers 2009"
NC_CYCLE_NAME = "North Carolina SES providers 2009-2010"
DEMO_TODAY = date(2009, 5, 11)  # the training clock of `make run` (see the module docstring)
SD_LIST_YEAR = 2008  # 004 "List of Districts and Schools": "the current 2008-09" list

DEMO_USERS = (
    # email, name, roles, password (demo only), organization code, district code
    (
        "coordinator@demo.sd.gov",
        "Beth Schiltz",
        ("coordinator",),
        "demo-coordinator-2009",
        None,
        None,
    ),
    ("reviewer1@demo.sd.gov", "Ruth Reviewer", ("reviewer",), "demo-reviewer-2009", None, None),
    ("reviewer2@demo.sd.gov", "Rob Reviewer", ("reviewer",), "demo-reviewer-2009", None, None),
    ("reviewer3@demo.sd.gov", "Rita Reviewer", ("reviewer",), "demo-reviewer-2009", None, None),
    ("committee1@demo.sd.gov", "Carl Committee", ("committee",), "demo-committee-2009", None, None),
    ("committee2@demo.sd.gov", "Cora Committee", ("committee",), "demo-committee-2009", None, None),
    ("committee3@demo.sd.gov", "Cy Committee", ("committee",), "demo-committee-2009", None, None),
    (
        "provider@demo.example.org",
        "Pat Provider",
        ("provider",),
        "demo-provider-2009",
        "prairie-learning",
        None,
    ),
    ("district@demo.k12.sd.us", "Dana District", ("district",), "demo-district-2009", None, "49-5"),
)

DEMO_ORGANIZATIONS = (
    # code, name, type, state of its 2009 application, service area district codes
    ("prairie-learning", "Prairie Learning Center", "non_profit", S.APPROVED, ("49-5", "51-4")),
    (
        "black-hills-tutors",
        "Black Hills Tutors LLC",
        "for_profit",
        S.UNDER_REVIEW,
        ("51-4", "51-2"),
    ),
    ("river-reading", "River Reading Partners", "non_profit", S.REVISIONS_NEEDED, ("66-1",)),
    ("east-river-math", "East River Math Academy", "for_profit", S.SUBMITTED, ("14-4", "05-1")),
    ("dakota-online", "Dakota Online Tutoring", "for_profit", S.DRAFT, ("49-5",)),
    ("plains-scholars", "Plains Scholars", "faith_based", S.DENIED, ("63-3",)),
)


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=CENTRAL)


def _get_or_add(model, lookup, **values):
    row = db.session.scalar(db.select(model).filter_by(**lookup))
    if row is None:
        row = model(**lookup, **values)
        db.session.add(row)
        db.session.flush()
        return row, True
    return row, False


def seed_districts():
    """The 004 list: its schools are in School Improvement in 2008-09 (recorded for that program
    year); their districts are not identified for improvement (004 lists schools, not
    districts). Then the NC and MA districts."""
    added = 0
    for name, code, school_name in SD_2009_SCHOOLS:
        district, new = _get_or_add(
            District, {"state": "SD", "code": code}, name=name, in_improvement=False
        )
        added += new
        school, new = _get_or_add(
            School,
            {"district_id": district.id, "name": school_name},
            improvement_status="improvement",
        )
        added += new
        _get_or_add(
            SchoolYearStatus,
            {"school_id": school.id, "program_year": SD_LIST_YEAR},
            status="improvement",
        )
    for state, districts in (("NC", NC_DISTRICTS), ("MA", MA_DISTRICTS)):
        for name, code in districts:
            added += _get_or_add(District, {"state": state, "code": code}, name=name)[1]
    return added


def seed_cycle():
    """The SD 2009 cycle: available Mar 2, due Apr 9 5:00 PM, revisions May 15, announced Jul 1."""
    cycle, new = _get_or_add(
        Cycle,
        {"name": CYCLE_NAME},
        policy_code="sd-2009",
        opens_on=date(2009, 3, 2),
        due_at=_at(date(2009, 4, 9), 17),
        review_starts_on=date(2009, 4, 21),
        review_ends_on=date(2009, 4, 30),
        revision_due_at=_at(date(2009, 5, 15), 17),
        announcement_on=date(2009, 7, 1),
    )
    return cycle, new


def seed_nc_cycle():
    """An NC round open on DEMO_TODAY (demo dates: 003 gives none), so a provider can apply."""
    return _get_or_add(
        Cycle,
        {"name": NC_CYCLE_NAME},
        policy_code="nc-2009",
        opens_on=date(2009, 5, 1),
        due_at=datetime.combine(date(2009, 6, 12), time(17, 0), tzinfo=EASTERN),
        review_starts_on=date(2009, 6, 15),
        review_ends_on=date(2009, 6, 26),
        revision_due_at=datetime.combine(date(2009, 7, 17), time(17, 0), tzinfo=EASTERN),
        announcement_on=date(2009, 8, 3),
    )


def seed_organizations(cycle):
    """The demo providers, each with one 2009 application in a different state."""
    added = 0
    districts = {d.code: d for d in db.session.scalars(db.select(District))}
    for code, name, org_type, state, area in DEMO_ORGANIZATIONS:
        org, new = _get_or_add(
            Organization,
            {"code": code},
            name=name,
            org_type=org_type,
            category="in_state",
            contact_email=f"office@{code}.example.org",
            contact_name="Program Director",
            ein="46-0000000",
            phone="605-555-0100",
            address="Pierre, SD 57501",
        )
        if not new:
            continue
        added += 1
        # Created in its demo state: creation is not a move (workflows/lifecycles.py).
        application = Application(
            organization=org,
            cycle=cycle,
            state=state.value,
            narrative={},
            service_summary={},
            assurances={},
            pack_fields={},
        )
        fill_demo_application(application, complete=state != S.DRAFT)
        application.service_area = [districts[c] for c in area]
        _stamp(application, state, cycle)
        db.session.add(application)
        db.session.flush()
        record_change(
            application, "seed_demo", actor=None, to_state=state.value, reason="demo data"
        )
    return added


def _stamp(application, state, cycle):
    """Give a seeded application the dates its state requires."""
    if state != S.DRAFT:
        application.submitted_at = cycle.due_at - timedelta(days=3)
    if state in APPLICATION_DECIDED:
        application.decided_at = _at(date(2009, 5, 1), 10)
    if state == S.REVISIONS_NEEDED:
        application.revision_due_at = cycle.revision_due_at
    if state == S.APPROVED:
        # Decided May 1, so the pinned demo date (DEMO_TODAY) sees a decision already taken; the
        # term still runs from the July 1 announcement
        # (app.reviews.operations.decisions.approval_term_end).
        application.approved_on = date(2009, 5, 1)
        application.term_ends_on = date(2011, 6, 30)  # 004: approval valid for two years


def seed_users():
    """One account per role (three reviewers, three committee members); returns credentials."""
    lines = []
    for email, name, roles, password, org_code, district_code in DEMO_USERS:
        user = db.session.scalar(db.select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, password_hash="")
            user.set_password(password)
            user.set_roles(roles)
            if org_code:
                user.organization = db.session.scalar(
                    db.select(Organization).where(Organization.code == org_code)
                )
            if district_code:
                user.district = db.session.scalar(
                    db.select(District).where(
                        District.state == "SD", District.code == district_code
                    )
                )
            db.session.add(user)
        lines.append(f"  {', '.join(roles):12} {email:28} {password}")
    return lines


def seed_submissions():
    """Version 1 and the financial attachment of every submitted demo application (004
    "Required Elements"), and the coordinator's feedback on the one returned for revisions."""
    coordinator = db.session.scalar(db.select(User).where(User.email == DEMO_USERS[0][0]))
    added = 0
    for application in db.session.scalars(
        db.select(Application)
        .join(Organization)
        .where(
            Organization.code.in_([o[0] for o in DEMO_ORGANIZATIONS]), Application.state != S.DRAFT
        )
    ):
        provider = next((u for u in application.organization.users if u.has_role("provider")), None)
        added += add_submission_records(
            application, provider_user=provider, coordinator=coordinator
        )
    return added


def seed_assignments():
    """The three demo reviewers on the application under review (first read, conflicts not yet
    declared), so a demo reviewer has a queue to work through."""
    application = db.session.scalar(
        db.select(Application)
        .join(Organization)
        .where(Organization.code == "black-hills-tutors", Application.state == S.UNDER_REVIEW)
    )
    coordinator = db.session.scalar(db.select(User).where(User.email == DEMO_USERS[0][0]))
    if application is None or coordinator is None:
        return
    for email in ("reviewer1@demo.sd.gov", "reviewer2@demo.sd.gov", "reviewer3@demo.sd.gov"):
        reviewer = db.session.scalar(db.select(User).where(User.email == email))
        _get_or_add(
            ReviewerAssignment,
            {"application_id": application.id, "reviewer_id": reviewer.id, "read_number": 1},
            assigned_by_id=coordinator.id,
        )


def seed():
    """Load everything missing; commit; return the lines to print."""
    districts = seed_districts()
    cycle, new_cycle = seed_cycle()
    new_cycle += seed_nc_cycle()[1]
    organizations = seed_organizations(cycle)
    credentials = seed_users()
    db.session.flush()
    seed_submissions()
    seed_assignments()
    db.session.commit()
    return [
        f"Demo data: {districts} district/school rows, {int(new_cycle)} cycle(s), "
        f"{organizations} provider organizations added.",
        "Demo sign-ins (demo only, never use in production):",
        *credentials,
    ]
