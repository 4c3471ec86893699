"""Human labels for the audit log (issue 11): "Monitoring visit #1" and "Visit scheduled"
instead of "monitoring_visits #1" and "schedule_visit", and a link to the record when it has a
page of its own."""

from flask import url_for

from workflows.engine import EVENTS

# table -> (label, endpoint of its page, the endpoint's id argument)
RECORDS = {
    "applications": ("Application", "applications.application", "application_id"),
    "organizations": ("Organization", "applications.organization", "org_id"),
    "cycles": ("Cycle", "reviews.edit_cycle", "cycle_id"),
    "violations": ("Violation", "monitoring.violation", "violation_id"),
    "monitoring_visits": ("Monitoring visit", "monitoring.visit", "visit_id"),
    "complaints": ("Complaint", "monitoring.complaint", "complaint_id"),
    "removal_cases": ("Removal case", "appeals.case", "case_id"),
    "appeals": ("Appeal", "appeals.appeal", "appeal_id"),
    "letters": ("Letter", "letters.show", "letter_id"),
    "outcome_uploads": ("Outcome data upload", "outcomes.upload", "upload_id"),
    "users": ("Account", "admin.edit_user", "user_id"),
    "reviewer_assignments": ("Reviewer assignment", None, None),
    "score_sheets": ("Score sheet", None, None),
    "decisions": ("Decision", None, None),
    "conditions": ("Condition", None, None),
    "closure_days": ("Closure day", None, None),
    "corrective_actions": ("Corrective action", None, None),
    "final_reports": ("Final report", None, None),
    "committee_members": ("Committee member", None, None),
    "documents": ("Document", None, None),
    "api_tokens": ("API token", None, None),
    "deadline_feed_tokens": ("Calendar feed address", None, None),
}

# events recorded outside the application's transition table, in the past tense
EVENT_LABELS = {
    "accept_corrective_plan": "Corrective action plan accepted",
    "add_closure_day": "Closure day added",
    "remove_closure_day": "Closure day removed",
    "add_evidence": "Evidence added",
    "appoint_member": "Committee member appointed",
    "assign_reviewer": "Reviewer assigned",
    "attach": "File attached",
    "detach": "File removed",
    "certified_mail_received": "Certified mail receipt recorded",
    "cite_violation": "Violation cited",
    "close_visit": "Visit closed",
    "condition_evidence": "Condition evidence filed",
    "condition_met": "Condition met",
    "create_cycle": "Cycle created",
    "update_cycle": "Cycle changed",
    "create_user": "Account created",
    "update_user": "Account changed",
    "declare_conflict": "Conflict of interest declared",
    "declare_no_conflict": "No conflict of interest declared",
    "determine_effectiveness": "Effectiveness determined",
    "dismiss_complaint": "Complaint dismissed",
    "email_resent": "E-mail sent again",
    "file_appeal": "Appeal filed",
    "file_complaint": "Complaint filed",
    "file_final_report": "Final report filed",
    "interview_note": "Interview notes recorded",
    "issue_api_token": "API token issued",
    "revoke_api_token": "API token revoked",
    "issue_feed_token": "Calendar feed address issued",
    "issue_report": "Report issued",
    "not_remove": "Decided not to remove",
    "notify_provider": "Provider notified",
    "open_removal_case": "Removal case opened",
    "opened_in_portal": "Opened in the portal",
    "record_hearing": "Hearing recorded",
    "record_investigation": "Investigation recorded",
    "record_recommendation": "Recommendation recorded",
    "record_visit": "Visit recorded",
    "register_organization": "Organization registered",
    "update_organization": "Organization changed",
    "schedule_visit": "Visit scheduled",
    "submit_corrective_plan": "Corrective action plan submitted",
    "submit_score_sheet": "Score sheet submitted",
    "upload_outcomes": "Outcome data uploaded",
    "seed_demo": "Demo data loaded",
    "fixture": "Record set up",
}


def record_label(entity, entity_id):
    """'Monitoring visit #1' for ("monitoring_visits", 1)."""
    label = RECORDS.get(entity, (entity.replace("_", " ").capitalize(),))[0]
    return f"{label} #{entity_id}"


def record_url(entity, entity_id):
    """The record's own page, or None when it has none."""
    _, endpoint, argument = RECORDS.get(entity, (None, None, None))
    return url_for(endpoint, **{argument: entity_id}) if endpoint and argument else None


def event_label(event):
    """'Visit scheduled' for "schedule_visit"; an application move by its table phrase
    ('Put under review'); anything else with its underscores turned into words."""
    if event in EVENT_LABELS:
        return EVENT_LABELS[event]
    if event in EVENTS:
        return EVENTS[event][1][:1].upper() + EVENTS[event][1][1:]
    return event.replace("_", " ").capitalize()


def state_label(state):
    """'under review' for "under_review" ('' for None)."""
    return (state or "").replace("_", " ")
