"""A lifecycle written as data: the states of one kind of record and the table of moves between
them (shared/DESIGN.md section 4; modelled on Hypha's funds workflows, without generated methods).

A `Machine` bundles what the engine (`workflows/engine.py`) needs to answer for one kind of
record - which events a role may take from a state, and where an event leads or why it is
refused - together with the wording that lets a refusal be a sentence:

* `noun`: how a sentence names one record ("application", "violation");
* `events`: event -> (what the actor does, what the record becomes);
* `state_phrases`: state -> how a sentence describes a record in it ("A violation that is ...");
* `guard_messages`: guard -> the reason a move is refused when the guard does not hold;
* `terminal`: states no event leaves; `decided`: states that record who decided and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["ROLES", "ROLE_LABELS", "Machine", "Transition", "rows"]

ROLES = ("provider", "reviewer", "coordinator", "committee", "district", "system")

ROLE_LABELS: dict[str, str] = {
    "provider": "the provider",
    "reviewer": "a reviewer",
    "coordinator": "the SES coordinator",
    "committee": "the appeals committee",
    "district": "a district",
    "system": "the daily sweep",
}


@dataclass(frozen=True)
class Transition:
    """One row: ``from_state`` --``event``--> ``to_state``, for ``roles``, if ``guards`` hold."""

    from_state: StrEnum
    event: str
    to_state: StrEnum
    roles: frozenset[str]
    guards: tuple[str, ...] = ()


def rows(
    froms: Iterable[StrEnum],
    event: str,
    to: StrEnum,
    roles: Iterable[str],
    guards: Iterable[str] = (),
) -> list[Transition]:
    """One row per state in ``froms`` (the same event, target, roles and guards)."""
    return [Transition(f, event, to, frozenset(roles), tuple(guards)) for f in froms]


@dataclass(frozen=True)
class Machine:
    """One lifecycle: its states, its transition table and the wording of its refusals."""

    name: str
    noun: str
    states: type[StrEnum]
    transitions: tuple[Transition, ...]
    events: Mapping[str, tuple[str, str]]
    state_phrases: Mapping[StrEnum, str]
    guard_messages: Mapping[str, str] = field(default_factory=dict)
    terminal: frozenset[StrEnum] = frozenset()
    decided: frozenset[StrEnum] = frozenset()

    def __post_init__(self) -> None:
        for row in self.transitions:
            if row.event not in self.events:
                raise ValueError(f"{self.name}: event {row.event!r} has no wording")
            if row.from_state in self.terminal:
                raise ValueError(f"{self.name}: terminal state {row.from_state} has a move")
            unknown = row.roles - set(ROLES)
            if unknown:
                raise ValueError(f"{self.name}: unknown roles {sorted(unknown)}")
            for guard in row.guards:
                if guard not in self.guard_messages:
                    raise ValueError(f"{self.name}: guard {guard!r} has no message")
        missing = [s for s in self.states if s not in self.state_phrases]
        if missing:
            raise ValueError(f"{self.name}: states without a phrase: {missing}")

    @property
    def article_noun(self) -> str:
        """'An application', 'A violation'."""
        article = "An" if self.noun[0] in "aeiou" else "A"
        return f"{article} {self.noun}"

    def state(self, value: StrEnum | str) -> StrEnum:
        """``value`` as one of this machine's states; ValueError if it is not one."""
        return self.states(value)
