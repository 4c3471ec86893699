"""Policy packs: the contract values, deadline rules and validation on load (DESIGN.md 2, 11)."""

from datetime import date
from pathlib import Path

import pytest

from workflows.policy import (
    POLICY_DIR,
    Policy,
    PolicyError,
    available_policies,
    load_policy,
    load_policy_file,
)
from workflows.policy_reader import SHARED_RULES

PACKS = ("sd-2009", "nc-2009", "ma-2011")


def test_available():
    assert available_policies() == ("ma-2011", "nc-2009", "sd-2009")


@pytest.mark.parametrize("code", PACKS)
def test_every_pack_loads_with_shared_rules(code):
    policy = load_policy(code)
    assert isinstance(policy, Policy) and policy.code == code
    assert set(SHARED_RULES) <= set(policy.deadlines)
    assert "missing_final_report" in policy.violation_kinds
    assert policy.violation_window_years == 2
    assert policy.final_report_due == {"provider": (6, 15), "district": (6, 30)}
    assert policy.rubric == code
    assert policy.describe()[0] == ("code", code)
    assert ("deadline: appeal_filing", "10 working days after notice received") in policy.describe()
    for rule in policy.deadlines.values():
        assert rule.source and rule.description


def test_south_dakota_contract_values():
    """004 "Application Process and Timeline", "Basic Program Information", "Reporting"."""
    sd = load_policy("sd-2009")
    assert (sd.state, sd.name, sd.timezone, sd.holiday_subdivision) == (
        "SD",
        "South Dakota 2009",
        "America/Chicago",
        "SD",
    )
    assert sd.program_year_start == (7, 1)
    assert sd.approval_term_years == 2 and sd.min_reviewers == 3 and sd.uses_interview
    assert sd.application_fields == () and dict(sd.condition_kinds) == {}
    assert sd.limits.students_per_instructor == 4
    assert sd.limits.min_session_minutes == 30
    assert sd.limits.description_max_sentences == 3
    assert sd.limits.statewide_refused and sd.limits.fee_cap is None
    assert sd.limits.abstract_max_words is None and sd.limits.min_hours is None
    assert sd.subjects == ("reading", "math")
    assert sd.grade_spans == ("K-2", "3-5", "6-8", "9-12")
    assert sd.violation_kinds["assurance_breach"].immediate
    assert not sd.violation_kinds["missing_final_report"].immediate
    assert sd.effectiveness.min_completers == 10
    assert len(sd.monitoring_indicators) >= 5


def test_north_carolina_contract_values():
    """003 slides: ratio 6, 30 hours, fee cap, 75-word abstracts, insurance proof condition."""
    nc = load_policy("nc-2009")
    assert nc.timezone == "America/New_York" and not nc.uses_interview
    assert nc.application_fields == (
        "abstract_en",
        "abstract_es",
        "procedure_agreement",
        "debarment_certification",
    )
    assert nc.limits.students_per_instructor == 6
    assert dict(nc.limits.min_hours) == {"group": 30, "individual": 30}
    assert nc.limits.fee_cap == "per_pupil_over_min_hours"
    assert nc.limits.abstract_max_words == 75
    assert nc.condition_kinds["insurance_proof"].deadline_rule == "insurance_proof"
    # 003 "Proof of Insurance": 5 business days after the Deliberation Meeting (Mon 2009-12-21;
    # Dec 24, 25, 28 are State holidays).
    assert nc.due_date("insurance_proof", date(2009, 12, 21)) == date(2009, 12, 31)


def test_massachusetts_contract_values():
    """001: 25 h group / 22 h individual, vendor code condition, Sept 1 contract year."""
    ma = load_policy("ma-2011")
    assert dict(ma.limits.min_hours) == {"group": 25, "individual": 22}
    assert ma.condition_kinds["vendor_code"].deadline_rule is None
    assert ma.program_year_start == (9, 1)
    assert "science" in ma.subjects


def test_due_dates_of_each_rule_kind():
    sd = load_policy("sd-2009")
    # 002 "Appeal": ten working days after receipt (Fri 2009-07-03 is a holiday).
    assert sd.due_date("appeal_filing", date(2009, 7, 2)) == date(2009, 7, 17)
    # 002 "Appeals Committee Review": 10 working days after a review on 2009-11-20 (Thanksgiving
    # 11-26 skipped): Nov 23, 24, 25, 27, 30, Dec 1, 2, 3, 4, 7.
    assert sd.due_date("appeal_committee_decision", date(2009, 11, 20)) == date(2009, 12, 7)
    # "within 20 days of the review": 2009-12-05 + 20 = Fri 2009-12-25 (Christmas) -> Mon 12-28.
    assert sd.due_date("appeal_provider_notice", date(2009, 12, 5)) == date(2009, 12, 28)
    # 2009-12-06 + 20 = Sat 2009-12-26 -> Mon 2009-12-28.
    assert sd.due_date("appeal_provider_notice", date(2009, 12, 6)) == date(2009, 12, 28)
    # a working day is not moved: 2009-12-01 + 20 = Mon 2009-12-21.
    assert sd.due_date("appeal_provider_notice", date(2009, 12, 1)) == date(2009, 12, 21)
    # 001 schedule: report ~3 weeks, response ~5 weeks after a visit on Tue 2010-03-02.
    assert sd.due_date("monitoring_report", date(2010, 3, 2)) == date(2010, 3, 23)
    assert sd.due_date("monitoring_response", date(2010, 3, 2)) == date(2010, 4, 6)


def test_unknown_rule_is_a_policy_error():
    with pytest.raises(PolicyError, match="no deadline rule 'insurance_proof'"):
        load_policy("sd-2009").due_date("insurance_proof", date(2009, 7, 2))


@pytest.mark.parametrize("code", ["tx-2009", "sd-2010", "../sd-2009", "", None])
def test_unknown_pack(code):
    with pytest.raises(PolicyError):
        load_policy(code)


def test_program_year():
    sd, ma = load_policy("sd-2009"), load_policy("ma-2011")
    assert sd.program_year_of(date(2009, 6, 30)) == 2008
    assert sd.program_year_of(date(2009, 7, 1)) == 2009
    assert ma.program_year_of(date(2011, 8, 31)) == 2010
    assert ma.program_year_of(date(2011, 9, 1)) == 2011
    assert sd.final_report_dates(2009) == {
        "provider": date(2010, 6, 15),
        "district": date(2010, 6, 30),
    }
    assert ma.final_report_dates(2011)["provider"] == date(2012, 6, 15)
    assert sd.program_year_start_date(2009) == date(2009, 7, 1)


def test_describe_lists_conditions_and_indicators():
    rows = dict(load_policy("nc-2009").describe())
    assert rows["condition: insurance_proof"].endswith("(due: insurance_proof)")
    assert rows["limit: fee cap"] == "per_pupil_over_min_hours"
    assert rows["deadline: insurance_proof"] == "5 working days after deliberation meeting"
    assert "monitoring indicator: health_safety" in rows


def test_policy_is_immutable():
    sd = load_policy("sd-2009")
    with pytest.raises(AttributeError):
        sd.min_reviewers = 1
    with pytest.raises(TypeError):
        sd.deadlines["appeal_filing"] = None


SD_TEXT = (POLICY_DIR / "sd-2009.toml").read_text()


def broken_pack(tmp_path: Path, old: str, new: str) -> Path:
    assert old in SD_TEXT
    path = tmp_path / "sd-2009.toml"
    path.write_text(SD_TEXT.replace(old, new, 1))
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "approval_term_years = 2",
            'approval_term_years = "two"',
            "sd-2009.toml: approval_term_years: expected a whole number",
        ),
        (
            "approval_term_years = 2",
            "approval_term_yaers = 2",
            "sd-2009.toml: approval_term_years: missing",
        ),
        (
            "students_per_instructor = 4",
            "students_per_instructor = 4\nstudent_ratio = 4",
            "sd-2009.toml: limits: unknown key(s) student_ratio",
        ),
        (
            'unit = "working_days"',
            'unit = "business_days"',
            "sd-2009.toml: deadlines.appeal_filing.unit: "
            "expected one of working_days, calendar_days",
        ),
        (
            'timezone = "America/Chicago"',
            'timezone = "America/Pierre"',
            "sd-2009.toml: timezone: unknown time zone",
        ),
        (
            "program_year_start = [7, 1]",
            "program_year_start = [2, 30]",
            "sd-2009.toml: program_year_start: expected [month, day]",
        ),
        (
            "[deadlines.corrective_action_plan]",
            "[deadlines.corrective_action_plam]",
            "sd-2009.toml: deadlines: missing rule(s) corrective_action_plan",
        ),
        (
            "[violations.kinds.missing_final_report]",
            "[violations.kinds.late_report]",
            "violations.kinds: must include missing_final_report",
        ),
        ("count = 10", "count = 0", "deadlines.appeal_filing.count: must be at least 1"),
        ('subdivision = "SD"', 'subdivision = "XX"', "holidays.subdivision"),
        ('code = "sd-2009"', 'code = "sd-2010"', "code: is 'sd-2010' but the file is named"),
        ("immediate = false", 'immediate = "no"', "immediate: expected true or false"),
        ('code = "sd-2009"', "code = ", "sd-2009.toml: cannot be read"),
    ],
)
def test_malformed_pack_names_file_and_key(tmp_path, old, new, message):
    with pytest.raises(PolicyError) as error:
        load_policy_file(broken_pack(tmp_path, old, new))
    assert message in str(error.value)
