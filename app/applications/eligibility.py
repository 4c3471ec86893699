"""Who may be a provider and who may apply: the reasons a registration or an application is
refused, in sentences that cite their source.

* 004 "Eligible Service Providers": "if a district has been identified for improvement, the
  district cannot be a supplemental service provider"; "if a public school is identified for
  school improvement, corrective action, or restructuring, the school cannot be an approved
  supplemental service provider". A school making AYP in a district in improvement may apply.
* 003 "Debarment Certification" (E.O. 12549): a debarred or suspended organization cannot be
  approved, so it cannot start or submit an application.
"""

SOURCE = "004 \"Eligible Service Providers\""
STATUS_PHRASES = {"improvement": "school improvement", "corrective_action": "corrective action",
                  "restructuring": "restructuring"}


def eligibility_refusal(district, school):
    """Why an organization that is `district` or `school` cannot be a provider, or None."""
    if district is not None and district.in_improvement:
        return (f"{district.label} is identified for improvement, so the district cannot be a "
                f"supplemental service provider ({SOURCE}).")
    if school is not None and school.improvement_status in STATUS_PHRASES:
        phrase = STATUS_PHRASES[school.improvement_status]
        return (f"{school.name} ({school.district.label}) is identified for {phrase}, so the "
                f"school cannot be an approved supplemental service provider ({SOURCE}).")
    return None


def organization_refusal(organization):
    """Why `organization` may not start or submit an application now, or None."""
    if organization.debarred:
        return (f"{organization.name} is recorded as debarred or suspended from doing business "
                "with the Federal Government, so it cannot apply (E.O. 12549; 003 \"Debarment "
                "Certification\"). Contact the SES office if this is wrong.")
    return eligibility_refusal(organization.district, organization.school)
