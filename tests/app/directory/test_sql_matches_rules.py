"""The SQL directory returns exactly what the rules say, for every filter combination, on
generated data, and still does after approve / remove / expire / rescind / overturn taken
through the operations.

The oracle is the directory's former Python filter (it read every approved application and
filtered the listings in memory), kept here with the two filters added since (state, language)
and the keyword rule of the full-text search: every word typed begins a word of the text.
"""

import itertools
import random
from dataclasses import replace
from datetime import date

import pytest

from app.appeals.operations.committee import appoint_members, decide_appeal, record_hearing
from app.appeals.operations.filing import file_appeal, review_appeal
from app.appeals.operations.removal import decide_removal, open_case_by_hand
from app.directory.operations import keyword_words, languages_of, rebuild_directory
from app.directory.queries import DirectoryFilters, matching_listings, search
from app.directory.queries.listing import listing_from
from app.extensions import db
from app.models import Application, Condition, DirectoryListing
from app.renewals.sweep import expire_ended_terms
from app.reviews.operations.conditions import meet_condition
from workflows.policy import load_policy

SUBJECTS = ("reading", "math", "science", "Art")
SPANS = ("K-2", "3-5", "6-8", "9-12")
WORDS = (
    "phonics",
    "algebra",
    "Reading",
    "math",
    "coaching",
    "tutoring",
    "after-school",
    "online",
    "3rd",
    "grade",
    "Lectura",
    "matemáticas",
    "e-mail",
    "Tutor_Club",
    "x2",
)
LANGUAGES = ("", "Spanish", "Spanish, Hmong", "hmong and Somali", "SPANISH; Arabic", "ninguno")
STATES = ("approved",) * 5 + ("denied", "removed", "conditional", "expired", "draft")


# --- the oracle -------------------------------------------------------------------------------


def _prefix_of_a_word(word, words):
    return any(w.startswith(word) for w in words)


def rule_matches(filters, listing, state):
    """The former Python filter (app/directory/queries/__init__.py) with state, language and the
    word-prefix keyword rule."""
    if filters.district_id is not None and filters.district_id not in listing.district_ids:
        return False
    if filters.subject and filters.subject not in listing.subjects_by_grade:
        return False
    if filters.grade_span:
        spans = (
            listing.subjects_by_grade.get(filters.subject, ())
            if filters.subject
            else listing.grade_spans
        )
        if filters.grade_span not in spans:
            return False
    if filters.mode and filters.mode not in listing.modes:
        return False
    if (filters.ell and not listing.serves_ell) or (filters.swd and not listing.serves_swd):
        return False
    if filters.state and filters.state != state:
        return False
    if filters.language and filters.language.casefold() not in languages_of(listing.languages):
        return False
    text_words = keyword_words(listing.keyword_text())
    return all(_prefix_of_a_word(w, text_words) for w in keyword_words(filters.q or ""))


def rule_listings(filters):
    """What the rules list: each organization's latest approved application, by name."""
    latest = {}
    for application in db.session.scalars(
        db.select(Application)
        .where(Application.state == "approved")
        .order_by(Application.approved_on, Application.id)
    ):
        latest[application.organization_id] = application
    listed = [(listing_from(a), load_policy(a.cycle.policy_code).state) for a in latest.values()]
    listed.sort(key=lambda pair: (pair[0].name.casefold(), pair[0].organization_id))
    return [
        replace(listing, summary="", program_description="")  # shown on its own page only
        for listing, state in listed
        if rule_matches(filters, listing, state)
    ]


# --- generated data ---------------------------------------------------------------------------


def _program(rng):
    subjects = {
        s: rng.sample(SPANS, rng.randint(1, 3)) for s in rng.sample(SUBJECTS, rng.randint(0, 3))
    }
    if rng.random() < 0.1:
        subjects["reading"] = "K-2"  # a hand-edited record: one span as text
    modes = rng.choice([["in_person"], ["online"], ["in_person", "online"], [], "online"])
    return {
        "subjects_by_grade": subjects,
        "modes": modes,
        "serves_ell": rng.choice([True, False, "yes", "no", 1]),
        "serves_swd": rng.choice([True, False, "Y", None]),
        "description": " ".join(rng.sample(WORDS, rng.randint(0, 4))),
        "hourly_rate": rng.choice(["38.00", "45.5", None, "lots"]),
    }


def _summary(rng):
    return {
        "languages": rng.choice(LANGUAGES),
        "summary": ", ".join(rng.sample(WORDS, rng.randint(0, 2))),
    }


@pytest.fixture
def generated(make_district, make_org, make_cycle, make_application):
    """About forty applications over six districts, two states and every listed/unlisted state,
    some organizations with two approvals (the later one is listed), names that tie casefolded."""
    rng = random.Random(20091)
    districts = [
        make_district(f"District {c}", f"{i}-1", state="SD" if i < 4 else "MA")
        for i, c in enumerate("ABCDEF")
    ]
    cycles = [make_cycle("sd-2009"), make_cycle("ma-2011")]
    names = ["Acme Tutors", "acme tutors", "Bright", "Zeta Learning", "Ébano", "alpha", "Beta"]
    apps = []
    for n in range(30):
        org = make_org(f"{rng.choice(names)} {rng.choice(['', n])}".strip())
        for second in range(rng.choice([1, 1, 1, 2])):
            state = "approved" if second else rng.choice(STATES)
            apps.append(
                make_application(
                    state,
                    organization=org,
                    cycle=rng.choice(cycles),
                    service_area=rng.sample(districts, rng.randint(1, 3)),
                    program=_program(rng),
                    service_summary=_summary(rng),
                    program_description=" ".join(rng.sample(WORDS, 3)),
                    approved_on=date(2009, 7, 1 + second) if state != "draft" else None,
                )
            )
    return {"districts": districts, "apps": apps, "rng": rng}


def _filter_space(district_ids):
    return {
        "district_id": [None, *district_ids, 999999],
        "subject": [None, *SUBJECTS, "astrology"],
        "grade_span": [None, *SPANS],
        "mode": [None, "in_person", "online"],
        "ell": [False, True],
        "swd": [False, True],
        "language": [None, "spanish", "Hmong", "somali", "arabic", "klingon"],
        "state": [None, "SD", "MA", "NC"],
        "q": [
            None,
            "phon",
            "ALGEBRA coach",
            "3rd",
            "tutor school",
            "zzz",
            "read-ing",
            "lect",
            "matem",
            "mail e",
            "club",
            "%",
            "x2 ",
            "acme",
        ],
    }


def _combinations(rng, district_ids, count):
    """Each filter value alone, every pair of filters at one value each, and `count` random
    combinations of all of them."""
    space = _filter_space(district_ids)
    singles = [DirectoryFilters(**{k: v}) for k, values in space.items() for v in values]
    pairs = [
        DirectoryFilters(**{a: rng.choice(space[a][1:]), b: rng.choice(space[b][1:])})
        for a, b in itertools.combinations(space, 2)
    ]
    randoms = [
        DirectoryFilters(**{k: rng.choice(v) for k, v in space.items()}) for _ in range(count)
    ]
    return [DirectoryFilters(), *singles, *pairs, *randoms]


def assert_sql_matches_rules(generated, count=120):
    district_ids = [d.id for d in generated["districts"]]
    for number, filters in enumerate(_combinations(generated["rng"], district_ids, count)):
        expected = rule_listings(filters)
        assert matching_listings(filters) == expected, filters
        page = search(filters, page=1, per_page=4)
        assert (page.total, page.items) == (len(expected), expected[:4]), filters
        if number % 10 == 0:  # every page of some of them
            last = max(1, -(-len(expected) // 3))
            pages = [search(filters, page=p, per_page=3).items for p in range(1, last + 2)]
            assert list(itertools.chain(*pages[:-1])) == expected
            assert pages[-1] == pages[-2]  # a page past the end shows the last page


# --- the tests --------------------------------------------------------------------------------


def test_every_filter_combination_matches_the_rules(generated):
    assert db.session.scalar(db.select(db.func.count()).select_from(DirectoryListing)) > 10
    assert_sql_matches_rules(generated)


def test_a_rebuild_gives_the_same_directory(generated):
    before = matching_listings(DirectoryFilters())
    assert rebuild_directory() == len(before)
    db.session.commit()
    assert matching_listings(DirectoryFilters()) == before
    assert_sql_matches_rules(generated, count=20)


def test_edits_of_listed_data_show_at_once(generated):
    listed_ids = set(db.session.scalars(db.select(DirectoryListing.application_id)))
    application = next(a for a in generated["apps"] if a.id in listed_ids)
    application.program = dict(application.program, description="Quantum gardening")
    application.organization.name = "Renamed Provider"
    db.session.commit()
    (found,) = matching_listings(DirectoryFilters(q="quantum garden"))
    assert (found.name, found.organization_id) == ("Renamed Provider", application.organization_id)
    assert_sql_matches_rules(generated, count=20)


@pytest.fixture
def people(make_user):
    return {
        "coordinator": make_user("coordinator"),
        "committee": [make_user("committee") for _ in range(3)],
    }


def _provider(make_user, application):
    return make_user("provider", organization=application.organization)


def test_operations_keep_the_directory_right(generated, people, make_user, make_application):
    coordinator = people["coordinator"]
    apps = generated["apps"]
    listed_ids = set(db.session.scalars(db.select(DirectoryListing.application_id)))
    listed = [a for a in apps if a.id in listed_ids]

    # approve: the last condition of a conditional approval is met
    conditional = make_application(
        "conditional",
        program={"description": "Vendor code soon"},
        service_area=generated["districts"][:1],
    )
    condition = Condition(
        application=conditional,
        kind="vendor_code",
        description="Vendor code",
        due_on=date(2009, 8, 1),
    )
    db.session.add(condition)
    db.session.commit()
    assert matching_listings(DirectoryFilters(q="vendor")) == []
    meet_condition(
        condition, entry="V-123", met_on=date(2009, 7, 2), actor=coordinator, today=date(2009, 7, 2)
    )
    db.session.commit()
    assert [x.application_id for x in matching_listings(DirectoryFilters(q="vendor"))] == [
        conditional.id
    ]
    assert_sql_matches_rules(generated, count=30)

    # remove, then rescind on the department's review of the appeal
    target = listed[0]
    case = _remove(target, coordinator)
    assert_sql_matches_rules(generated, count=30)
    appeal = file_appeal(
        case,
        letter="We did not.",
        files=[],
        actor=_provider(make_user, target),
        today=date(2009, 7, 6),
    )
    db.session.commit()
    review_appeal(
        appeal,
        rescind=True,
        reviewed_on=date(2009, 7, 8),
        notes="Evidence holds",
        actor=coordinator,
        today=date(2009, 7, 8),
    )
    db.session.commit()
    assert target.state == "approved"
    assert_sql_matches_rules(generated, count=30)

    # remove, then the appeals committee overturns
    target = listed[1]
    case = _remove(target, coordinator)
    appeal = file_appeal(
        case,
        letter="Please reconsider.",
        files=[],
        actor=_provider(make_user, target),
        today=date(2009, 7, 6),
    )
    review_appeal(
        appeal,
        rescind=False,
        reviewed_on=date(2009, 7, 8),
        notes="Retained",
        actor=coordinator,
        today=date(2009, 7, 8),
    )
    appoint_members(appeal, people["committee"], actor=coordinator, today=date(2009, 7, 9))
    record_hearing(
        appeal,
        held_on=date(2009, 7, 10),
        mode="written",
        notes="Read",
        actor=people["committee"][0],
        today=date(2009, 7, 10),
    )
    db.session.commit()
    assert_sql_matches_rules(generated, count=30)
    decide_appeal(
        appeal,
        uphold=False,
        votes_for=2,
        votes_against=1,
        reasons="Not proven",
        actor=people["committee"][0],
        today=date(2009, 7, 11),
    )
    db.session.commit()
    assert target.state == "approved"
    assert_sql_matches_rules(generated, count=30)

    # expire: the sweep ends a term
    listed[2].term_ends_on = date(2010, 6, 30)
    db.session.commit()
    expire_ended_terms(date(2010, 7, 1))
    db.session.commit()
    assert listed[2].state == "expired"
    assert_sql_matches_rules(generated, count=30)


def _remove(application, coordinator):
    case = open_case_by_hand(
        application,
        grounds="violations",
        summary="Two violations",
        actor=coordinator,
        today=date(2009, 6, 25),
    )
    decide_removal(
        case, remove=True, reason="Second violation", actor=coordinator, today=date(2009, 6, 30)
    )
    db.session.commit()
    assert application.state == "removed"
    assert application.id not in {x.application_id for x in matching_listings(DirectoryFilters())}
    return case


def test_rebuild_directory_command_refills_emptied_tables(generated, runner):
    before = matching_listings(DirectoryFilters())
    for model in (
        "directory_listing_districts",
        "directory_listing_subjects",
        "directory_listing_languages",
        "directory_listings",
    ):
        db.session.execute(db.text(f"DELETE FROM {model}"))
    db.session.commit()
    assert matching_listings(DirectoryFilters()) == []
    result = runner.invoke(args=["ses", "rebuild-directory"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{len(before)} provider(s) listed."
    assert matching_listings(DirectoryFilters()) == before
