"""Who may do what: predicates `can_<verb>(user, obj)`.

Role checks live here; state checks (may this application be edited now?) live in the workflow
table and the operations. Every view calls one of these and answers 403 when it is false.
"""


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_coordinator(user):
    """The SES coordinator administers everything."""
    return _signed_in(user) and user.has_role("coordinator")


def can_manage_users(user):
    """Create accounts and assign roles."""
    return is_coordinator(user)


def can_manage_reference_data(user):
    """Keep districts, schools, contacts and improvement lists; import provider lists."""
    return is_coordinator(user)


def can_view_organization(user, organization):
    """Coordinators, and the organization's own provider users."""
    if is_coordinator(user):
        return True
    return (_signed_in(user) and user.has_role("provider")
            and user.organization_id is not None and user.organization_id == organization.id)


def can_edit_organization(user, organization):
    """The organization's own provider users, and coordinators."""
    return can_view_organization(user, organization)


def _active_assignment(user, application):
    """The user's assignment to `application` that has not ended in a declared conflict."""
    from app.models import ReviewerAssignment
    from app.extensions import db

    return db.session.scalar(
        db.select(ReviewerAssignment).where(
            ReviewerAssignment.application_id == application.id,
            ReviewerAssignment.reviewer_id == user.id,
            ReviewerAssignment.conflict_status != "conflict",
        ).order_by(ReviewerAssignment.read_number.desc()).limit(1)
    )


def can_view_application(user, application):
    """The applying organization's provider users; once submitted, coordinators, reviewers
    assigned to it who declared no conflict, and members of a committee hearing its appeal.
    Nothing of a draft is visible to the state (DESIGN.md section 4)."""
    if not _signed_in(user):
        return False
    if can_edit_application(user, application):
        return True
    if application.state == "draft":
        return False
    if is_coordinator(user):
        return True
    if user.has_role("reviewer"):
        assignment = _active_assignment(user, application)
        if assignment is not None and assignment.conflict_status == "no_conflict":
            return True
    if user.has_role("committee"):
        return sits_on_committee_for(user, application)
    return False


def sits_on_committee_for(user, application):
    """True when `user` is on the appeals committee of an appeal about `application`."""
    from app.extensions import db
    from app.models import Appeal, CommitteeMember, RemovalCase

    return db.session.scalar(
        db.select(CommitteeMember.id)
        .join(Appeal, CommitteeMember.appeal_id == Appeal.id)
        .join(RemovalCase, Appeal.removal_case_id == RemovalCase.id)
        .where(CommitteeMember.user_id == user.id, RemovalCase.application_id == application.id)
        .limit(1)
    ) is not None


def can_edit_application(user, application):
    """Only the applying organization's provider users (the state decides when: workflow)."""
    return (_signed_in(user) and user.has_role("provider")
            and user.organization_id == application.organization_id)


def can_view_district(user, district):
    """Coordinators, and the district's own district users."""
    if is_coordinator(user):
        return True
    return (_signed_in(user) and user.has_role("district")
            and user.district_id is not None and user.district_id == district.id)


def can_view_letter(user, letter):
    """The addressed organization's providers or district's users, and coordinators."""
    if is_coordinator(user):
        return True
    if letter.organization_id is not None and letter.organization is not None \
            and letter.district_id is None:
        return can_view_organization(user, letter.organization)
    if letter.district_id is not None:
        return can_view_district(user, letter.district)
    return False


def can_view_audit_log(user):
    """The audit log is for the coordinator."""
    return is_coordinator(user)


# Applications (issue 4, provider side): registration is public (rate limited).

def can_apply_for(user, organization):
    """Start an application: only the organization's own provider users."""
    return (_signed_in(user) and user.has_role("provider")
            and user.organization_id is not None and user.organization_id == organization.id)


def can_withdraw_application(user, application):
    """Only the applying organization's provider users withdraw (the state decides when)."""
    return can_edit_application(user, application)


def can_view_versions(user, application):
    """Submitted versions and what changed: whoever may view the application."""
    return can_view_application(user, application)


# ---- Reviews and decisions (issue 4) --------------------------------------------------------


def can_manage_reviews(user):
    """Cycles, closure days, reviewer assignment, aggregated scores and decisions: the
    coordinator's."""
    return is_coordinator(user)


def can_review(user):
    """A reviewer has a review queue."""
    return _signed_in(user) and user.has_role("reviewer")


def owns_assignment(user, assignment):
    """The assignment is this reviewer's (whatever its conflict status)."""
    return can_review(user) and assignment.reviewer_id == user.id


def can_score(user, assignment):
    """The assigned reviewer, once no conflict is declared, fills the score sheet."""
    return owns_assignment(user, assignment) and assignment.conflict_status == "no_conflict"


def can_record_interview(user, application):
    """Interview notes: the coordinator, and reviewers who may open the application."""
    if is_coordinator(user):
        return True
    return can_review(user) and can_view_application(user, application)


def can_view_conditions(user, application):
    """The conditions of an approval: the coordinator and the organization's provider users."""
    return can_view_organization(user, application.organization)


def can_file_condition_evidence(user, application):
    """Only the organization's own provider users upload evidence for a condition."""
    return can_edit_application(user, application)


def can_view_condition_evidence(user, document):
    """An evidence file: the coordinator and the uploading organization's provider users."""
    if is_coordinator(user):
        return True
    return (_signed_in(user) and user.has_role("provider")
            and user.organization_id == document.organization_id)



# ---- Letters and directory (issue 4) --------------------------------------------------------


def can_list_letters(user):
    """The letters page: coordinators (all letters), provider users (their organization's) and
    district users (their district's)."""
    return _signed_in(user) and user.has_role("coordinator", "provider", "district")


def is_letter_addressee(user, letter):
    """A provider user of the organization a letter is addressed to (not a district's copy):
    the reader whose first opening is the portal receipt (002 "Appeal")."""
    return (_signed_in(user) and user.has_role("provider") and letter.district_id is None
            and user.organization_id is not None
            and user.organization_id == letter.organization_id)


def can_record_letter_receipt(user, letter):
    """Only the coordinator enters a certified-mail receipt date."""
    return is_coordinator(user)


def can_resend_letter(user, letter):
    """Only the coordinator sends a letter's e-mail again."""
    return is_coordinator(user)


# ---- Monitoring: violations, complaints, visits (issue 5) -----------------------------------


def _own_provider(user, organization_id):
    """A provider user of the organization `organization_id`."""
    return (_signed_in(user) and user.has_role("provider")
            and user.organization_id is not None and user.organization_id == organization_id)


def _own_district(user, district_id):
    """A district user of the district `district_id`."""
    return (_signed_in(user) and user.has_role("district")
            and user.district_id is not None and user.district_id == district_id)


def can_list_violations(user):
    """Coordinators see the register; provider users see their organization's violations."""
    return is_coordinator(user) or (_signed_in(user) and user.has_role("provider")
                                    and user.organization_id is not None)


def can_view_violation(user, violation):
    """Coordinators, and the cited organization's provider users (read-only)."""
    return is_coordinator(user) or _own_provider(user, violation.organization_id)


def can_manage_violations(user):
    """Cite, investigate, confirm or dismiss violations and see their evidence: the coordinator."""
    return is_coordinator(user)


def can_list_complaints(user):
    """Coordinators see every complaint; district users their district's."""
    return is_coordinator(user) or (_signed_in(user) and user.has_role("district")
                                     and user.district_id is not None)


def can_file_complaint(user):
    """District users file complaints and withdrawal reports for their own district."""
    return _signed_in(user) and user.has_role("district") and user.district_id is not None


def can_view_complaint(user, complaint):
    """Coordinators, and the filing district's users."""
    return is_coordinator(user) or _own_district(user, complaint.district_id)


def can_resolve_complaint(user, complaint):
    """Only the coordinator investigates, dismisses or turns a complaint into a violation."""
    return is_coordinator(user)


def can_list_visits(user):
    """Coordinators see every monitoring visit; provider users their organization's."""
    return can_list_violations(user)


def can_view_visit(user, visit):
    """Coordinators, and the visited organization's provider users."""
    return is_coordinator(user) or _own_provider(user, visit.application.organization_id)


def can_manage_visits(user):
    """Schedule and record visits, issue reports, accept plans: the coordinator."""
    return is_coordinator(user)


def can_submit_corrective_plan(user, action):
    """The visited organization's provider users submit its corrective action plans."""
    return _own_provider(user, action.visit.application.organization_id)


# ---- Outcome data and effectiveness (issue 5) -----------------------------------------------


def can_upload_outcomes(user, district):
    """Coordinators for any district; district users for their own (DESIGN.md section 9)."""
    return can_view_district(user, district)


def can_list_outcome_uploads(user):
    """Coordinators (every district) and district users (their own district's)."""
    return is_coordinator(user) or (_signed_in(user) and user.has_role("district")
                                    and user.district_id is not None)


def can_view_outcome_upload(user, upload):
    """An upload is seen by coordinators and by its own district's users only."""
    return can_view_district(user, upload.district)


def can_view_upload_job(user, job):
    """A background upload's progress and result: coordinators and its district's users."""
    return can_view_district(user, job.district)


def can_manage_api_tokens(user, district):
    """Issue or revoke a district system's upload token: coordinators, the district's users."""
    return can_view_district(user, district)


def can_view_effectiveness(user):
    """Effectiveness determinations and the data behind them are the coordinator's."""
    return is_coordinator(user)


def can_file_final_report(user):
    """Provider users (for their organization) and district users (for their district)."""
    return _signed_in(user) and (
        (user.has_role("provider") and user.organization_id is not None)
        or (user.has_role("district") and user.district_id is not None))


def can_list_final_reports(user):
    """Coordinators see every final report; filers see their own (see can_view_final_report)."""
    return is_coordinator(user) or can_file_final_report(user)


def can_view_final_report(user, report):
    """Coordinators; the provider's users for its own report; the filing district's users for
    a district's report (it holds student ids, so never the provider's)."""
    if is_coordinator(user):
        return True
    if report.filer == "provider":
        return (_signed_in(user) and user.has_role("provider")
                and user.organization_id == report.organization_id)
    return report.district_id is not None and _signed_in(user) and \
        user.has_role("district") and user.district_id == report.district_id


# ---- Removal, appeals, committees, deadlines (issue 5) --------------------------------------


def can_manage_removals(user):
    """Open and decide removal cases, review appeals, appoint committees: the coordinator."""
    return is_coordinator(user)


def can_view_removal_case(user, case):
    """The coordinator, the provider's own users (its own cases only), and the members of the
    committee hearing the case's appeal (the grounds are part of the appeal record)."""
    return (is_coordinator(user) or _own_provider(user, case.application.organization_id)
            or (case.appeal is not None and sits_on_appeal(user, case.appeal)))


def can_file_appeal(user, case):
    """Only the removed provider's own users file its appeal."""
    return _own_provider(user, case.application.organization_id)


def sits_on_appeal(user, appeal):
    """True when `user` holds the committee role and is appointed to this appeal's committee."""
    return (_signed_in(user) and user.has_role("committee")
            and any(member.user_id == user.id for member in appeal.members))


def can_view_appeal(user, appeal):
    """The coordinator, the appealing provider's users, and the members of its committee."""
    return (is_coordinator(user) or sits_on_appeal(user, appeal)
            or _own_provider(user, appeal.removal_case.application.organization_id))


def can_record_hearing(user, appeal):
    """The coordinator or a member of the appeal's committee."""
    return is_coordinator(user) or sits_on_appeal(user, appeal)


def can_decide_appeal(user, appeal):
    """Only a member of this appeal's committee records the committee's decision."""
    return sits_on_appeal(user, appeal)


def can_view_deadlines(user):
    """The deadlines dashboard and its calendar feed are the coordinator's."""
    return is_coordinator(user)
