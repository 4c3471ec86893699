"""Every lifecycle of the product as a transition table, one `Machine` each.

The application's table lives in `workflows/transitions.py` (the product's central workflow);
this module adds the records that move around it - violations, complaints, monitoring visits and
their corrective action plans, reviewers' score sheets, conditions of an approval, removal cases
and appeals, and the background import of an outcome upload - and collects all of them in
`MACHINES`, keyed by machine name. The app moves every one of them through the same engine
(`workflows.engine.next_state(..., machine=...)`).

Moves that leave the state as it is (an investigation note on an open complaint, a member
appointed to a committee) are rows too: the table then says in which states they are allowed and
the engine refuses them elsewhere with the same kind of sentence.

Creation is not a move: a new record starts in its machine's first state (the enum's first
member), which the model uses as its default.
"""

from __future__ import annotations

from workflows import transitions as application_table
from workflows.machine import Machine, rows
from workflows.states import (
    APPLICATION_DECIDED,
    AppealState,
    ApplicationState,
    ComplaintState,
    ConditionState,
    CorrectiveActionState,
    RemovalCaseState,
    ScoreSheetState,
    UploadJobState,
    ViolationState,
    VisitState,
)

__all__ = [
    "APPEAL",
    "APPLICATION",
    "COMPLAINT",
    "CONDITION",
    "CORRECTIVE_ACTION",
    "MACHINES",
    "REMOVAL_CASE",
    "SCORE_SHEET",
    "UPLOAD_JOB",
    "VIOLATION",
    "VISIT",
]

APPLICATION = Machine(
    name="application",
    noun="application",
    states=ApplicationState,
    transitions=application_table.TRANSITIONS,
    events=application_table.EVENTS,
    state_phrases=application_table.STATE_PHRASES,
    guard_messages=application_table.GUARD_MESSAGES,
    terminal=frozenset(
        {ApplicationState.DENIED, ApplicationState.EXPIRED, ApplicationState.WITHDRAWN}
    ),
    decided=APPLICATION_DECIDED,
)

V = ViolationState
_UNDECIDED = (V.ALLEGED, V.NOTIFIED, V.INVESTIGATING)
# 002 "Resulting Action": cited, the provider notified, investigated, confirmed or dismissed.
VIOLATION = Machine(
    name="violation",
    noun="violation",
    states=ViolationState,
    transitions=tuple(
        rows((V.ALLEGED,), "notify_provider", V.NOTIFIED, ("coordinator", "system"))
        + rows(_UNDECIDED, "record_investigation", V.INVESTIGATING, ("coordinator",))
        + rows(_UNDECIDED, "confirm_violation", V.CONFIRMED, ("coordinator",))
        + rows(_UNDECIDED, "dismiss_violation", V.DISMISSED, ("coordinator",))
    ),
    events={
        "notify_provider": ("send the notice of violation", "notified"),
        "record_investigation": ("record the investigation", "investigated"),
        "confirm_violation": ("confirm the violation", "confirmed"),
        "dismiss_violation": ("dismiss the violation", "dismissed"),
    },
    state_phrases={
        V.ALLEGED: "alleged",
        V.NOTIFIED: "notified to the provider",
        V.INVESTIGATING: "under investigation",
        V.CONFIRMED: "confirmed",
        V.DISMISSED: "dismissed",
    },
    terminal=frozenset({V.CONFIRMED, V.DISMISSED}),
    decided=frozenset({V.CONFIRMED, V.DISMISSED}),
)

C = ComplaintState
COMPLAINT = Machine(
    name="complaint",
    noun="complaint",
    states=ComplaintState,
    transitions=tuple(
        rows((C.OPEN,), "record_investigation", C.OPEN, ("coordinator",))
        + rows((C.OPEN,), "dismiss_complaint", C.DISMISSED, ("coordinator",))
        + rows((C.OPEN,), "cite_from_complaint", C.VIOLATION, ("coordinator",))
    ),
    events={
        "record_investigation": ("record the investigation", "investigated"),
        "dismiss_complaint": ("dismiss the complaint", "dismissed"),
        "cite_from_complaint": ("cite a violation from the complaint", "turned into a violation"),
    },
    state_phrases={
        C.OPEN: "open",
        C.DISMISSED: "dismissed",
        C.VIOLATION: "already turned into a violation",
    },
    terminal=frozenset({C.DISMISSED, C.VIOLATION}),
    decided=frozenset({C.DISMISSED, C.VIOLATION}),
)

M = VisitState
# 001 monitoring: the visit's ratings may be corrected until the report is issued; the report
# closes the visit at once when every indicator was Met, otherwise when every plan is accepted.
VISIT = Machine(
    name="visit",
    noun="monitoring visit",
    states=VisitState,
    transitions=tuple(
        rows(
            (M.SCHEDULED, M.RECORDED),
            "record_visit",
            M.RECORDED,
            ("coordinator",),
            ("visit_date_reached", "every_indicator_rated"),
        )
        + rows(
            (M.RECORDED,),
            "issue_report",
            M.REPORT_ISSUED,
            ("coordinator",),
            ("some_indicator_not_met",),
        )
        + rows(
            (M.RECORDED,),
            "issue_report_all_met",
            M.CLOSED,
            ("coordinator",),
            ("every_indicator_met",),
        )
        + rows(
            (M.REPORT_ISSUED,), "close_visit", M.CLOSED, ("coordinator",), ("every_plan_accepted",)
        )
    ),
    events={
        "record_visit": ("record the visit", "recorded"),
        "issue_report": ("issue the monitoring report", "reported on"),
        "issue_report_all_met": ("issue the monitoring report", "reported on and closed"),
        "close_visit": ("close the visit", "closed"),
    },
    state_phrases={
        M.SCHEDULED: "scheduled",
        M.RECORDED: "recorded",
        M.REPORT_ISSUED: "reported on",
        M.CLOSED: "closed",
    },
    guard_messages={
        "visit_date_reached": "the visit date has not come yet",
        "every_indicator_rated": "every indicator must be rated Met or Not Met",
        "some_indicator_not_met": "no indicator was rated Not Met",
        "every_indicator_met": "an indicator was rated Not Met",
        "every_plan_accepted": "not every corrective action plan has been accepted",
    },
    terminal=frozenset({M.CLOSED}),
)

A = CorrectiveActionState
CORRECTIVE_ACTION = Machine(
    name="corrective_action",
    noun="corrective action plan",
    states=CorrectiveActionState,
    transitions=tuple(
        rows((A.OPEN, A.RECEIVED), "submit_corrective_plan", A.RECEIVED, ("provider",))
        + rows((A.RECEIVED,), "accept_corrective_plan", A.ACCEPTED, ("coordinator",))
    ),
    events={
        "submit_corrective_plan": ("submit the plan", "submitted"),
        "accept_corrective_plan": ("accept the plan", "accepted"),
    },
    state_phrases={A.OPEN: "still awaited", A.RECEIVED: "submitted", A.ACCEPTED: "accepted"},
    terminal=frozenset({A.ACCEPTED}),
    decided=frozenset({A.ACCEPTED}),
)

SS = ScoreSheetState
# DESIGN section 5: a submitted score sheet is locked.
SCORE_SHEET = Machine(
    name="score_sheet",
    noun="score sheet",
    states=ScoreSheetState,
    transitions=tuple(
        rows((SS.DRAFT,), "save_score_sheet", SS.DRAFT, ("reviewer",))
        + rows(
            (SS.DRAFT,),
            "submit_score_sheet",
            SS.SUBMITTED,
            ("reviewer",),
            ("every_criterion_scored",),
        )
    ),
    events={
        "save_score_sheet": ("save the score sheet", "saved"),
        "submit_score_sheet": ("submit the score sheet", "submitted"),
    },
    state_phrases={SS.DRAFT: "a draft", SS.SUBMITTED: "submitted"},
    guard_messages={"every_criterion_scored": "every criterion must be scored"},
    terminal=frozenset({SS.SUBMITTED}),
)

K = ConditionState
CONDITION = Machine(
    name="condition",
    noun="condition",
    states=ConditionState,
    transitions=tuple(
        rows((K.OPEN,), "condition_evidence", K.OPEN, ("provider",))
        + rows((K.OPEN,), "condition_met", K.MET, ("coordinator",))
        + rows((K.OPEN,), "condition_overdue", K.OVERDUE, ("system",))
    ),
    events={
        "condition_evidence": ("upload evidence for the condition", "given evidence"),
        "condition_met": ("record the condition as met", "met"),
        "condition_overdue": ("mark the condition overdue", "overdue"),
    },
    state_phrases={K.OPEN: "open", K.MET: "met", K.OVERDUE: "overdue"},
    terminal=frozenset({K.MET, K.OVERDUE}),
)

R = RemovalCaseState
# 002 "Policy for Removal": the review committee recommends, the department decides.
REMOVAL_CASE = Machine(
    name="removal_case",
    noun="removal case",
    states=RemovalCaseState,
    transitions=tuple(
        rows((R.OPEN,), "record_recommendation", R.OPEN, ("coordinator",))
        + rows((R.OPEN,), "remove", R.REMOVED, ("coordinator",))
        + rows((R.OPEN,), "not_remove", R.NOT_REMOVED, ("coordinator",))
    ),
    events={
        "record_recommendation": (
            "record the committee's recommendation",
            "given a recommendation",
        ),
        "remove": ("remove the provider", "decided with removal"),
        "not_remove": ("close the case without removal", "closed without removal"),
    },
    state_phrases={
        R.OPEN: "open",
        R.REMOVED: "decided with removal",
        R.NOT_REMOVED: "closed without removal",
    },
    terminal=frozenset({R.REMOVED, R.NOT_REMOVED}),
    decided=frozenset({R.REMOVED, R.NOT_REMOVED}),
)

P = AppealState
# 002 "Appeals Process": the department reviews (rescind, or retain and convene the committee);
# the committee of 3 to 5 hears the provider and decides, finally.
APPEAL = Machine(
    name="appeal",
    noun="appeal",
    states=AppealState,
    transitions=tuple(
        rows((P.FILED,), "rescind", P.RESCINDED, ("coordinator",))
        + rows((P.FILED,), "retain", P.COMMITTEE, ("coordinator",))
        + rows((P.COMMITTEE,), "appoint_member", P.COMMITTEE, ("coordinator",))
        + rows((P.COMMITTEE,), "replace_member", P.COMMITTEE, ("coordinator",), ("before_hearing",))
        + rows((P.COMMITTEE,), "remove_member", P.COMMITTEE, ("coordinator",), ("before_hearing",))
        + rows((P.COMMITTEE,), "record_hearing", P.COMMITTEE, ("coordinator", "committee"))
        + rows(
            (P.COMMITTEE,),
            "uphold",
            P.UPHELD,
            ("committee",),
            ("enough_members", "hearing_recorded"),
        )
        + rows(
            (P.COMMITTEE,),
            "overturn",
            P.OVERTURNED,
            ("committee",),
            ("enough_members", "hearing_recorded"),
        )
    ),
    events={
        "rescind": ("rescind the removal", "rescinded"),
        "retain": ("retain the removal", "sent to the appeals committee"),
        "appoint_member": ("appoint a committee member", "given a committee member"),
        "replace_member": ("replace a committee member", "given a new committee member"),
        "remove_member": ("remove a committee member", "left with one member fewer"),
        "record_hearing": ("record the hearing", "heard"),
        "uphold": ("uphold the removal", "decided: removal upheld"),
        "overturn": ("overturn the removal", "decided: removal overturned"),
    },
    state_phrases={
        P.FILED: "filed",
        P.RESCINDED: "settled by rescinding the removal",
        P.COMMITTEE: "before the appeals committee",
        P.UPHELD: "decided (upheld)",
        P.OVERTURNED: "decided (overturned)",
    },
    guard_messages={
        "before_hearing": "members can only change before the hearing",
        "enough_members": "the committee needs at least 3 members to decide",
        "hearing_recorded": "the hearing must be recorded first",
    },
    terminal=frozenset({P.RESCINDED, P.UPHELD, P.OVERTURNED}),
    decided=frozenset({P.RESCINDED, P.UPHELD, P.OVERTURNED}),
)

J = UploadJobState
# DESIGN.md section 12: a large upload is imported by the task queue, all or nothing; a task the
# queue delivers twice finds the job no longer queued and is refused.
UPLOAD_JOB = Machine(
    name="upload_job",
    noun="outcome upload",
    states=UploadJobState,
    transitions=tuple(
        rows((J.QUEUED,), "start_import", J.RUNNING, ("system",))
        + rows((J.RUNNING,), "finish_import", J.DONE, ("system",))
        + rows((J.RUNNING,), "fail_import", J.FAILED, ("system",))
    ),
    events={
        "start_import": ("start the import", "started"),
        "finish_import": ("finish the import", "imported"),
        "fail_import": ("fail the import", "failed"),
    },
    state_phrases={
        J.QUEUED: "queued",
        J.RUNNING: "being imported",
        J.DONE: "imported",
        J.FAILED: "refused for errors",
    },
    terminal=frozenset({J.DONE, J.FAILED}),
    decided=frozenset({J.DONE, J.FAILED}),
)

MACHINES: dict[str, Machine] = {
    machine.name: machine
    for machine in (
        APPLICATION,
        VIOLATION,
        COMPLAINT,
        VISIT,
        CORRECTIVE_ACTION,
        SCORE_SHEET,
        CONDITION,
        REMOVAL_CASE,
        APPEAL,
        UPLOAD_JOB,
    )
}
