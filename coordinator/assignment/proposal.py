"""What the engine proposes: a diff against the current caseloads, with reasons."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class ProposalMode(enum.StrEnum):
    """What a proposal was asked to do."""

    ASSIGN = "assign"  # place communities that have no volunteer; everything else stays
    REBALANCE = "rebalance"  # also move unpinned assignments when clearly better
    HANDOVER = "handover"  # successors for caseloads that end soon


class ChangeKind(enum.StrEnum):
    """How one community's caseload entry changes."""

    ADDED = "added"
    MOVED = "moved"
    EXTENDED = "extended"  # hand-over to the same volunteer: the assignment runs longer
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class ProposedAssignment:
    """One caseload entry of the proposal and why it was chosen."""

    kind: ChangeKind
    community_id: int
    community_name: str
    facilitator_id: int
    facilitator_name: str
    starts_on: date
    ends_on: date
    reason: str
    overlap_minutes: float | None = None
    previous_facilitator_id: int | None = None
    previous_facilitator_name: str | None = None
    assignment_id: int | None = None  # the existing assignment kept, moved or handed over
    pinned: bool = False

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-friendly fields."""
        return {
            "kind": self.kind.value,
            "community_id": self.community_id,
            "community": self.community_name,
            "facilitator_id": self.facilitator_id,
            "facilitator": self.facilitator_name,
            "previous_facilitator_id": self.previous_facilitator_id,
            "previous_facilitator": self.previous_facilitator_name,
            "assignment_id": self.assignment_id,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
            "overlap_minutes_per_week": (
                None if self.overlap_minutes is None else round(self.overlap_minutes, 1)
            ),
            "pinned": self.pinned,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class UnassignedCommunity:
    """A community the proposal leaves without a volunteer, and why."""

    community_id: int
    community_name: str
    reasons: tuple[str, ...]
    priority: tuple[str, ...] = ()
    previous_facilitator_id: int | None = None
    previous_facilitator_name: str | None = None
    previous_ends_on: date | None = None  # when the current volunteer's entry ends

    @property
    def reason(self) -> str:
        """All reasons as one sentence."""
        return "; ".join(self.reasons)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-friendly fields."""
        return {
            "community_id": self.community_id,
            "community": self.community_name,
            "reasons": list(self.reasons),
            "priority": list(self.priority),
            "previous_facilitator_id": self.previous_facilitator_id,
            "previous_facilitator": self.previous_facilitator_name,
            "previous_ends_on": (
                None if self.previous_ends_on is None else self.previous_ends_on.isoformat()
            ),
        }


@dataclass(frozen=True)
class Proposal:
    """A proposed set of caseloads: a diff to accept or reject as a whole."""

    mode: ProposalMode
    start: date
    changes: tuple[ProposedAssignment, ...]
    unassigned: tuple[UnassignedCommunity, ...]
    objective: float  # total cost in points (lower is better)
    fingerprint: str  # of the data it was computed on; accepting checks it is unchanged
    solver_rounds: int = 0
    notes: tuple[str, ...] = field(default=())

    def of_kind(self, kind: ChangeKind) -> list[ProposedAssignment]:
        """The changes of one kind, in proposal order."""
        return [c for c in self.changes if c.kind == kind]

    @property
    def added(self) -> list[ProposedAssignment]:
        """New assignments."""
        return self.of_kind(ChangeKind.ADDED)

    @property
    def moved(self) -> list[ProposedAssignment]:
        """Communities that change volunteer."""
        return self.of_kind(ChangeKind.MOVED)

    @property
    def extended(self) -> list[ProposedAssignment]:
        """Hand-overs to the same volunteer."""
        return self.of_kind(ChangeKind.EXTENDED)

    @property
    def unchanged(self) -> list[ProposedAssignment]:
        """Assignments that stay as they are."""
        return self.of_kind(ChangeKind.UNCHANGED)

    @property
    def has_changes(self) -> bool:
        """Whether accepting would write anything."""
        return any(c.kind != ChangeKind.UNCHANGED for c in self.changes)

    def summary(self) -> str:
        """One line: counts per kind."""
        parts = [
            f"{len(self.added)} added",
            f"{len(self.moved)} moved",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.unassigned)} unassigned",
        ]
        if self.extended:
            parts.insert(2, f"{len(self.extended)} extended")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The whole proposal as plain JSON-friendly data."""
        return {
            "mode": self.mode.value,
            "start": self.start.isoformat(),
            "objective": round(self.objective, 2),
            "fingerprint": self.fingerprint,
            "summary": {
                "added": len(self.added),
                "moved": len(self.moved),
                "extended": len(self.extended),
                "unchanged": len(self.unchanged),
                "unassigned": len(self.unassigned),
            },
            "added": [c.to_json() for c in self.added],
            "moved": [c.to_json() for c in self.moved],
            "extended": [c.to_json() for c in self.extended],
            "unchanged": [c.to_json() for c in self.unchanged],
            "unassigned": [u.to_json() for u in self.unassigned],
            "notes": list(self.notes),
        }
