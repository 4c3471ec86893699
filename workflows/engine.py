"""A small engine over the transition table (workflows/transitions.py).

The model follows Hypha's funds workflows (HyphaApp/hypha ``hypha/apply/funds/workflows``): the
workflow is data - every state lists the events that leave it, who may take them and what must
hold - and one interpreter answers two questions about it:

* ``allowed_events(state, role)``: which events a role may take from a state (ignoring guards), so
  a page shows only the buttons that can apply;
* ``next_state(state, event, role, guards)``: the state an event leads to, or ``InvalidTransition``
  with a sentence saying why not: the event does not exist, does not apply in this state, is not
  this role's to take, or a guard does not hold.

Unlike Hypha there are no generated methods: the table is read, never turned into code, so a grep
for an event name finds every place that uses it. Guards are evaluated by the caller, who knows the
records (deadlines, score sheets, conditions); a guard left out of the mapping counts as failed,
so forgetting to check something refuses the move instead of allowing it.
"""

from __future__ import annotations

from collections.abc import Mapping

from workflows.states import ApplicationState
from workflows.transitions import (
    EVENTS,
    GUARD_MESSAGES,
    ROLE_LABELS,
    ROLES,
    STATE_PHRASES,
    TRANSITIONS,
    Transition,
)

__all__ = [
    "EVENTS",
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

    def __init__(self, reason: str, *, guard: str | None = None, failed_guards=()) -> None:
        super().__init__(reason)
        self.reason = reason
        self.guard = guard
        self.failed_guards = tuple(failed_guards)

    def __str__(self) -> str:
        return self.reason


def guard_message(guard: str) -> str:
    """Why a move is refused when ``guard`` does not hold."""
    return GUARD_MESSAGES.get(guard, f"the check {guard!r} did not pass")


def _state(state: ApplicationState | str) -> ApplicationState:
    try:
        return ApplicationState(state)
    except ValueError:
        raise InvalidTransition(f"{state!r} is not an application state.") from None


def _role(role: str) -> str:
    if role not in ROLES:
        raise InvalidTransition(f"{role!r} is not a role; the roles are {', '.join(ROLES)}.")
    return role


def allowed_events(state: ApplicationState | str, role: str) -> list[str]:
    """The events ``role`` may take from ``state`` (guards not evaluated), in table order."""
    state, role = _state(state), _role(role)
    return [t.event for t in TRANSITIONS if t.from_state == state and role in t.roles]


def find_transition(state: ApplicationState | str, event: str) -> Transition | None:
    """The row for ``event`` from ``state``, or None."""
    state = _state(state)
    for row in TRANSITIONS:
        if row.from_state == state and row.event == event:
            return row
    return None


def _join_or(words: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _wrong_state(state: ApplicationState, event: str) -> InvalidTransition:
    sources = [STATE_PHRASES[t.from_state] for t in TRANSITIONS if t.event == event]
    became = EVENTS[event][1]
    return InvalidTransition(
        f"An application that is {STATE_PHRASES[state]} cannot be {became}; "
        f"only an application that is {_join_or(sources)} can."
    )


def _wrong_role(row: Transition, role: str) -> InvalidTransition:
    allowed = _join_or([ROLE_LABELS[r] for r in sorted(row.roles, key=ROLES.index)])
    return InvalidTransition(
        f"Only {allowed} can {EVENTS[row.event][0]}; {ROLE_LABELS[role]} cannot."
    )


def next_state(
    state: ApplicationState | str,
    event: str,
    role: str,
    guards: Mapping[str, bool] | None = None,
) -> ApplicationState:
    """The state ``event`` taken by ``role`` leads to from ``state``, or ``InvalidTransition``.

    ``guards`` maps guard names to whether they hold; a guard the row needs but the mapping lacks
    counts as failed. Checks run in order: event known, event applies to the state, role allowed,
    guards hold.
    """
    if event not in EVENTS:
        raise InvalidTransition(f"There is no event called {event!r}.")
    state, role = _state(state), _role(role)
    row = find_transition(state, event)
    if row is None:
        raise _wrong_state(state, event)
    if role not in row.roles:
        raise _wrong_role(row, role)
    guards = guards or {}
    failed = [g for g in row.guards if not guards.get(g)]
    if failed:
        reasons = "; ".join(guard_message(g) for g in failed)
        raise InvalidTransition(
            f"The application cannot be {EVENTS[event][1]}: {reasons}.",
            guard=failed[0],
            failed_guards=failed,
        )
    return row.to_state
