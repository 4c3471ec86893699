"""The rules on the command line: `flask ses due-date | working-days | policy`."""

import pytest


def test_due_date_prints_the_appeal_deadline(runner):
    # 002 "Appeal": ten working days after receipt; July 3, 2009 is the observed Independence Day.
    result = runner.invoke(args=["ses", "due-date", "sd-2009", "appeal_filing", "2009-07-02"])
    assert result.exit_code == 0
    assert result.output.strip() == "2009-07-17"


def test_working_days_counts_start_excluded_end_included(runner):
    result = runner.invoke(args=["ses", "working-days", "sd-2009", "2009-07-02", "2009-07-17"])
    assert result.output.strip() == "10"


def test_policy_prints_a_table(runner):
    result = runner.invoke(args=["ses", "policy", "nc-2009"])
    assert result.exit_code == 0
    assert "insurance_proof" in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["due-date", "xx-1999", "appeal_filing", "2009-07-02"], "xx-1999"),
        (["due-date", "sd-2009", "no_such_rule", "2009-07-02"], "no_such_rule"),
        (["due-date", "sd-2009", "appeal_filing", "2009-13-45"], "not a date"),
        (["working-days", "sd-2009", "yesterday", "2009-07-17"], "not a date"),
    ],
)
def test_bad_input_is_a_clear_error(runner, args, message):
    result = runner.invoke(args=["ses", *args])
    assert result.exit_code != 0
    assert message in result.output


def test_every_area_cli_module_is_listed_and_exists():
    """A new `app/<area>/cli.py` cannot be forgotten, and a listed one cannot be missing."""
    from pathlib import Path

    from app.cli import AREA_COMMANDS

    app_dir = Path(__file__).resolve().parents[2] / "app"
    found = {f"app.{path.parent.name}.cli" for path in app_dir.glob("*/cli.py")}
    assert set(AREA_COMMANDS) == found
