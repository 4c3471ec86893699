"""Policy packs: one product, many states (shared/DESIGN.md section 2).

Every number, deadline, catalog and holiday correction a state's rules need lives in
``workflows/policies/<code>.toml``, each value with a comment naming its source document. This
module loads a pack into an immutable ``Policy`` and validates it on load: a missing, mistyped or
unknown value raises ``PolicyError`` naming the file and the key.

    >>> from datetime import date
    >>> policy = load_policy("sd-2009")
    >>> policy.due_date("appeal_filing", date(2009, 7, 2))
    datetime.date(2009, 7, 17)
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from workflows.packfile import read_toml
from workflows.policy_model import (
    REMINDER_KINDS,
    ConditionKind,
    DeadlineRule,
    Effectiveness,
    Letterhead,
    Limits,
    Policy,
    PolicyError,
    ViolationKind,
)
from workflows.policy_reader import build_policy

__all__ = [
    "DEFAULT_POLICY",
    "POLICY_DIR",
    "REMINDER_KINDS",
    "ConditionKind",
    "DeadlineRule",
    "Effectiveness",
    "Letterhead",
    "Limits",
    "Policy",
    "PolicyError",
    "ViolationKind",
    "available_policies",
    "load_policy",
    "load_policy_file",
]

POLICY_DIR = Path(__file__).parent / "policies"
DEFAULT_POLICY = "sd-2009"
_CODE = re.compile(r"^[a-z]{2}-[0-9]{4}$")


def available_policies() -> tuple[str, ...]:
    """Codes of the packs shipped in ``workflows/policies``."""
    return tuple(sorted(p.stem for p in POLICY_DIR.glob("*.toml")))


@cache
def load_policy(code: str = DEFAULT_POLICY) -> Policy:
    """Load the pack called ``code`` (e.g. "sd-2009"); unknown or malformed -> PolicyError."""
    if not isinstance(code, str) or not _CODE.match(code):
        raise PolicyError(f"{code!r} is not a policy pack code (expected e.g. 'sd-2009')")
    path = POLICY_DIR / f"{code}.toml"
    if not path.is_file():
        known = ", ".join(available_policies())
        raise PolicyError(f"There is no policy pack {code!r}; known packs: {known}")
    return load_policy_file(path)


def load_policy_file(path: Path | str) -> Policy:
    """Load and validate a pack file; its ``code`` must match the file name."""
    path = Path(path)
    top = read_toml(path, PolicyError)
    policy = build_policy(top)
    if policy.code != path.stem:
        top.fail("code", f"is {policy.code!r} but the file is named {path.name}")
    return policy
