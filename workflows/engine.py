"""A small engine over the transition table (workflows/transitions.py).

The model follows Hypha's funds workflows (HyphaApp/hypha ``hypha/apply/funds/workflows``): the
workflow is data - every state lists the events that leave it, who may take them and what must
hold - and one interpreter answers two questions about it:

* ``allowed_events(state, role, machine=...)``: which events a role may take from a state
  (ignoring guards), so a page shows only the buttons that can apply;
* ``next_state(state, event, role, guards, machine=...)``: the state an event leads to, or
  ``InvalidTransition``
  with a sentence saying why not: the event does not exist, does not apply in this state, is not
  this role's to take, or a guard does not hold.

Unlike Hypha there are no generated methods: the table is read, never turned into code, so a grep
for an event name finds every place that uses it. Guards are evaluated by the caller, who knows the
records (deadlines, score sheets, conditions); a guard left out of the mapping counts as failed,
so forgetting to check something refuses the move instead of allowing it.

Every lifecycle is a `workflows.machine.Machine` (`workflows.lifecycles.MACHINES`); the functions
take the machine as a keyword and default to the application's, the product's central workflow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from workflows.lifecycles import APPLICATION, MACHINES
from workflows.machine import ROLE_LABELS, ROLES, Machine, Transition
from workflows.transitions import EVENTS, TRANSITIONS

__all__ = [
    "APPLICATION",
    "EVENTS",
    "MACHINES",
    "ROLES",
    "TRANSITIONS",
    "InvalidTransition",
    "Transition",
    "allowed_events",
    "find_transition",
    "guard_message",
    "next_state",
]


class InvalidTransition(Exception):
    """A refused move. ``reason`` is a sentence for people; ``guard`` the first failed guard."""

    def __init__(
        self, reason: str, *, guard: str | None = None, failed_guards: Iterable[str] = ()
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.guard = guard
        self.failed_guards = tuple(failed_guards)

    def __str__(self) -> str:
        return self.reason


def guard_message(guard: str, machine: Machine = APPLICATION) -> str:
    """Why a move is refused when ``guard`` does not hold."""
    return machine.guard_messages.get(guard, f"the check {guard!r} did not pass")


def _state(state: StrEnum | str, machine: Machine) -> StrEnum:
    try:
        return machine.state(state)
    except ValueError:
        raise InvalidTransition(f"{state!r} is not {_a(machine.noun)} state.") from None


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _role(role: str) -> str:
    if role not in ROLES:
        raise InvalidTransition(f"{role!r} is not a role; the roles are {', '.join(ROLES)}.")
    return role


def allowed_events(state: StrEnum | str, role: str, *, machine: Machine = APPLICATION) -> list[str]:
    """The events ``role`` may take from ``state`` (guards not evaluated), in table order."""
    state, role = _state(state, machine), _role(role)
    return [t.event for t in machine.transitions if t.from_state == state and role in t.roles]


def find_transition(
    state: StrEnum | str, event: str, *, machine: Machine = APPLICATION
) -> Transition | None:
    """The row for ``event`` from ``state``, or None."""
    state = _state(state, machine)
    for row in machine.transitions:
        if row.from_state == state and row.event == event:
            return row
    return None


def _join_or(words: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _wrong_state(state: StrEnum, event: str, machine: Machine) -> InvalidTransition:
    phrases = machine.state_phrases
    sources = list(
        dict.fromkeys(phrases[t.from_state] for t in machine.transitions if t.event == event)
    )
    became = machine.events[event][1]
    return InvalidTransition(
        f"{machine.article_noun} that is {phrases[state]} cannot be {became}; "
        f"only {_a(machine.noun)} that is {_join_or(sources)} can."
    )


def _wrong_role(row: Transition, role: str, machine: Machine) -> InvalidTransition:
    allowed = _join_or([ROLE_LABELS[r] for r in sorted(row.roles, key=ROLES.index)])
    return InvalidTransition(
        f"Only {allowed} can {machine.events[row.event][0]}; {ROLE_LABELS[role]} cannot."
    )


def next_state(
    state: StrEnum | str,
    event: str,
    role: str,
    guards: Mapping[str, bool] | None = None,
    *,
    machine: Machine = APPLICATION,
) -> StrEnum:
    """The state ``event`` taken by ``role`` leads to from ``state``, or ``InvalidTransition``.

    ``guards`` maps guard names to whether they hold; a guard the row needs but the mapping lacks
    counts as failed. Checks run in order: event known, event applies to the state, role allowed,
    guards hold.
    """
    if event not in machine.events:
        raise InvalidTransition(f"There is no event called {event!r} for {_a(machine.noun)}.")
    state, role = _state(state, machine), _role(role)
    row = find_transition(state, event, machine=machine)
    if row is None:
        raise _wrong_state(state, event, machine)
    if role not in row.roles:
        raise _wrong_role(row, role, machine)
    guards = guards or {}
    failed = [g for g in row.guards if not guards.get(g)]
    if failed:
        reasons = "; ".join(guard_message(g, machine) for g in failed)
        raise InvalidTransition(
            f"The {machine.noun} cannot be {machine.events[event][1]}: {reasons}.",
            guard=failed[0],
            failed_guards=failed,
        )
    return row.to_state
