"""Every lifecycle's table, every (state, event, role) allowed or refused, without a database.

``SPECS`` restates each machine's table independently of workflows/lifecycles.py, from the
documents and DESIGN.md: (from state, event) -> (to state, roles, guards). Each combination of a
machine's states x events x roles is checked against it, with the kind of refusal.
"""

import itertools

import pytest

from workflows.engine import MACHINES, InvalidTransition, allowed_events, next_state
from workflows.machine import ROLES
from workflows.states import AppealState as P
from workflows.states import ComplaintState as C
from workflows.states import ConditionState as K
from workflows.states import CorrectiveActionState as A
from workflows.states import RemovalCaseState as R
from workflows.states import ScoreSheetState as SS
from workflows.states import UploadJobState as J
from workflows.states import ViolationState as V
from workflows.states import VisitState as M

CO, SYS = {"coordinator"}, {"system"}
UNDECIDED = (V.ALLEGED, V.NOTIFIED, V.INVESTIGATING)
DECIDE_APPEAL = ("enough_members", "hearing_recorded")

SPECS = {
    "violation": {
        (V.ALLEGED, "notify_provider"): (V.NOTIFIED, CO | SYS, ()),
        **{(s, "record_investigation"): (V.INVESTIGATING, CO, ()) for s in UNDECIDED},
        **{(s, "confirm_violation"): (V.CONFIRMED, CO, ()) for s in UNDECIDED},
        **{(s, "dismiss_violation"): (V.DISMISSED, CO, ()) for s in UNDECIDED},
    },
    "complaint": {
        (C.OPEN, "record_investigation"): (C.OPEN, CO, ()),
        (C.OPEN, "dismiss_complaint"): (C.DISMISSED, CO, ()),
        (C.OPEN, "cite_from_complaint"): (C.VIOLATION, CO, ()),
    },
    "visit": {
        (M.SCHEDULED, "record_visit"): (
            M.RECORDED,
            CO,
            ("visit_date_reached", "every_indicator_rated"),
        ),
        (M.RECORDED, "record_visit"): (
            M.RECORDED,
            CO,
            ("visit_date_reached", "every_indicator_rated"),
        ),
        (M.RECORDED, "issue_report"): (M.REPORT_ISSUED, CO, ("some_indicator_not_met",)),
        (M.RECORDED, "issue_report_all_met"): (M.CLOSED, CO, ("every_indicator_met",)),
        (M.REPORT_ISSUED, "close_visit"): (M.CLOSED, CO, ("every_plan_accepted",)),
    },
    "corrective_action": {
        (A.OPEN, "submit_corrective_plan"): (A.RECEIVED, {"provider"}, ()),
        (A.RECEIVED, "submit_corrective_plan"): (A.RECEIVED, {"provider"}, ()),
        (A.RECEIVED, "accept_corrective_plan"): (A.ACCEPTED, CO, ()),
    },
    "score_sheet": {
        (SS.DRAFT, "save_score_sheet"): (SS.DRAFT, {"reviewer"}, ()),
        (SS.DRAFT, "submit_score_sheet"): (SS.SUBMITTED, {"reviewer"}, ("every_criterion_scored",)),
    },
    "condition": {
        (K.OPEN, "condition_evidence"): (K.OPEN, {"provider"}, ()),
        (K.OPEN, "condition_met"): (K.MET, CO, ()),
        (K.OPEN, "condition_overdue"): (K.OVERDUE, SYS, ()),
    },
    "removal_case": {
        (R.OPEN, "record_recommendation"): (R.OPEN, CO, ()),
        (R.OPEN, "remove"): (R.REMOVED, CO, ()),
        (R.OPEN, "not_remove"): (R.NOT_REMOVED, CO, ()),
    },
    "appeal": {
        (P.FILED, "rescind"): (P.RESCINDED, CO, ()),
        (P.FILED, "retain"): (P.COMMITTEE, CO, ()),
        (P.COMMITTEE, "appoint_member"): (P.COMMITTEE, CO, ()),
        (P.COMMITTEE, "replace_member"): (P.COMMITTEE, CO, ("before_hearing",)),
        (P.COMMITTEE, "remove_member"): (P.COMMITTEE, CO, ("before_hearing",)),
        (P.COMMITTEE, "record_hearing"): (P.COMMITTEE, CO | {"committee"}, ()),
        (P.COMMITTEE, "uphold"): (P.UPHELD, {"committee"}, DECIDE_APPEAL),
        (P.COMMITTEE, "overturn"): (P.OVERTURNED, {"committee"}, DECIDE_APPEAL),
    },
    "upload_job": {
        (J.QUEUED, "start_import"): (J.RUNNING, SYS, ()),
        (J.RUNNING, "finish_import"): (J.DONE, SYS, ()),
        (J.RUNNING, "fail_import"): (J.FAILED, SYS, ()),
    },
}


def _cases():
    for name, spec in SPECS.items():
        machine = MACHINES[name]
        events = sorted({event for _, event in spec})
        for state, event, role in itertools.product(list(machine.states), events, ROLES):
            yield name, state, event, role


def test_every_machine_is_specified_row_for_row():
    assert set(MACHINES) == set(SPECS) | {"application"}
    for name, spec in SPECS.items():
        table = {
            (t.from_state, t.event): (t.to_state, set(t.roles), t.guards)
            for t in MACHINES[name].transitions
        }
        assert table == spec, name


@pytest.mark.parametrize(("name", "state", "event", "role"), list(_cases()))
def test_every_state_event_role(name, state, event, role):
    machine = MACHINES[name]
    row = SPECS[name].get((state, event))
    allowed = row is not None and role in row[1]
    assert (event in allowed_events(state, role, machine=machine)) is allowed
    if not allowed:
        with pytest.raises(InvalidTransition) as refusal:
            next_state(state, event, role, {}, machine=machine)
        message = str(refusal.value)
        if row is None:  # the event does not leave this state
            assert " cannot be " in message and message.startswith(machine.article_noun)
        else:  # the event is someone else's to take
            assert message.startswith("Only ") and message.endswith(" cannot.")
        return
    to_state, _roles, guards = row
    assert next_state(state, event, role, dict.fromkeys(guards, True), machine=machine) == to_state
    for guard in guards:
        failing = dict.fromkeys(guards, True) | {guard: False}
        with pytest.raises(InvalidTransition) as refusal:
            next_state(state, event, role, failing, machine=machine)
        assert refusal.value.guard == guard
        assert machine.guard_messages[guard] in str(refusal.value)


@pytest.mark.parametrize("name", sorted(MACHINES))
def test_terminal_states_have_no_way_out(name):
    machine = MACHINES[name]
    for state in machine.terminal:
        assert all(not allowed_events(state, role, machine=machine) for role in ROLES)


def test_refusals_read_as_sentences():
    violation = MACHINES["violation"]
    with pytest.raises(
        InvalidTransition,
        match=(
            "^A violation that is confirmed cannot be dismissed; only a violation that is "
            "alleged, notified to the provider or under investigation can.$"
        ),
    ):
        next_state("confirmed", "dismiss_violation", "coordinator", machine=violation)
    with pytest.raises(
        InvalidTransition,
        match=("^Only the appeals committee can uphold the removal; the SES coordinator cannot.$"),
    ):
        next_state("committee", "uphold", "coordinator", machine=MACHINES["appeal"])
    with pytest.raises(
        InvalidTransition,
        match=(
            "^The appeal cannot be decided: removal upheld: the hearing must be recorded first.$"
        ),
    ):
        next_state(
            "committee", "uphold", "committee", {"enough_members": True}, machine=MACHINES["appeal"]
        )
    with pytest.raises(InvalidTransition, match="is not a monitoring visit state"):
        next_state("open", "close_visit", "coordinator", machine=MACHINES["visit"])
    with pytest.raises(InvalidTransition, match="no event called 'approve' for a complaint"):
        next_state("open", "approve", "coordinator", machine=MACHINES["complaint"])
