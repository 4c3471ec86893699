"""Who may upload and read outcome data, effectiveness and final reports."""

from app.core.permissions import can_view_district, is_coordinator, signed_in


def can_upload_outcomes(user, district):
    """Coordinators for any district; district users for their own (DESIGN.md section 9)."""
    return can_view_district(user, district)


def can_list_outcome_uploads(user):
    """Coordinators (every district) and district users (their own district's)."""
    return is_coordinator(user) or (
        signed_in(user) and user.has_role("district") and user.district_id is not None
    )


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
    return signed_in(user) and (
        (user.has_role("provider") and user.organization_id is not None)
        or (user.has_role("district") and user.district_id is not None)
    )


def can_list_final_reports(user):
    """Coordinators see every final report; filers see their own (see can_view_final_report)."""
    return is_coordinator(user) or can_file_final_report(user)


def can_view_final_report(user, report):
    """Coordinators; the provider's users for its own report; the filing district's users for
    a district's report (it holds student ids, so never the provider's)."""
    if is_coordinator(user):
        return True
    if report.filer == "provider":
        return (
            signed_in(user)
            and user.has_role("provider")
            and user.organization_id == report.organization_id
        )
    return (
        report.district_id is not None
        and signed_in(user)
        and user.has_role("district")
        and user.district_id == report.district_id
    )
