"""What every letter carries besides its body: the state's letterhead and signer (the pack's
`[letterhead]`, overridden per state by the SES_LETTERHEAD configuration), the districts copied
and the way the letter is delivered.

The pack is the letter's application's; a letter without one goes by its district's state, else
the deployment's default pack.
"""

from flask import current_app

from app.core.policy import default_policy, policy_for_district, policy_of

# Letters whose news the districts of the service area receive at the same time, in their own
# notice (app/appeals: removal, rescission, reinstatement): the provider's copy names them.
COPIED_KINDS = frozenset({"removal_notice", "review_outcome", "committee_decision"})
# Letters whose receipt starts a clock (002 "Appeal": ten working days after receipt of the
# notice of removal) go by certified mail as well, so receipt can be proven.
CERTIFIED_KINDS = frozenset({"removal_notice"})
PORTAL = "Sent through the SES portal"
CERTIFIED = "Sent by certified mail and through the SES portal"


def letter_policy(application=None, district=None):
    """The policy pack a letter is written under."""
    if application is not None:
        return policy_of(application)
    if district is not None:
        return policy_for_district(district)
    return default_policy()


def letterhead_for(policy):
    """The pack's letterhead with this deployment's overrides for its state."""
    overrides = (current_app.config.get("SES_LETTERHEAD") or {}).get(policy.state, {})
    return policy.letterhead.merged(overrides)


def copied_districts(kind, application, district):
    """The districts named on the "cc:" line: the service area, on the provider's copy of a
    letter the districts are also sent."""
    if kind not in COPIED_KINDS or application is None or district is not None:
        return []
    return sorted(application.service_area, key=lambda d: d.name)


def delivery_method(kind):
    """The delivery line under the signature."""
    return CERTIFIED if kind in CERTIFIED_KINDS else PORTAL


def letter_frame(kind, *, application=None, district=None):
    """The template values every letter gets: letterhead, cc list, delivery method, policy."""
    policy = letter_policy(application, district)
    return {
        "letterhead": letterhead_for(policy),
        "policy": policy,
        "copied_districts": copied_districts(kind, application, district),
        "delivery_method": delivery_method(kind),
    }


def appeal_due(letter):
    """(received_on, due_on) of a notice of removal once its receipt is known, else None. The
    notice itself was written before receipt ("10 working days after your receipt"); the portal
    page and the PDF add the date (002 "Appeal")."""
    if letter.kind != "removal_notice" or letter.removal_case_id is None:
        return None
    from app.appeals.operations.filing import (
        appeal_window,  # late: the appeals area imports this package
    )
    from app.extensions import db
    from app.models import RemovalCase

    window = appeal_window(db.session.get(RemovalCase, letter.removal_case_id))
    if window is None or window.received_on is None or window.due_on is None:
        return None
    return window.received_on, window.due_on
