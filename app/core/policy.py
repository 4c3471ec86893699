"""Which policy pack governs a record (shared/DESIGN.md section 2).

An application is judged under its cycle's pack; a district under its state's pack; anything
without a pack of its own (a page before any cycle exists, the sweep's letterhead) under the
configured default, `SES_POLICY` (config `DEFAULT_POLICY`).
"""

from flask import current_app

from workflows.policy import DEFAULT_POLICY, available_policies, load_policy


def default_policy():
    """The configured default pack (`SES_POLICY`, else the product's default)."""
    return load_policy(current_app.config.get("DEFAULT_POLICY", DEFAULT_POLICY))


def policy_of_cycle(cycle):
    """The pack `cycle` runs under; the default pack when there is no cycle."""
    return load_policy(cycle.policy_code) if cycle is not None else default_policy()


def policy_of(application=None):
    """The pack `application` is judged under (its cycle's); the default pack for none."""
    return policy_of_cycle(application.cycle if application is not None else None)


def policy_for_district(district):
    """The pack that governs `district`: the default pack if it is the district's state's, else
    the first pack of that state, else the default."""
    default = default_policy()
    if default.state == district.state:
        return default
    for code in available_policies():
        policy = load_policy(code)
        if policy.state == district.state:
            return policy
    return default
