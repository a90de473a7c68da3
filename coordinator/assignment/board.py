"""The caseload board: every volunteer's current caseload, plus the communities nobody has."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coordinator.assignment.programme import load_programme
from coordinator.db import Database
from coordinator.domain import HealthBand


@dataclass(frozen=True, slots=True)
class BoardEntry:
    """One community on the board."""

    community_id: int
    name: str
    band: HealthBand
    help_requested: bool
    pinned: bool = False
    reason: str = ""
    ends_on: date | None = None


@dataclass(frozen=True, slots=True)
class BoardColumn:
    """A volunteer's caseload (``facilitator_id`` None: the unassigned communities)."""

    facilitator_id: int | None
    name: str
    time_zone: str
    capacity: int
    active: bool
    entries: tuple[BoardEntry, ...]

    @property
    def load(self) -> int:
        """How many communities the caseload holds."""
        return len(self.entries)


def caseload_board(database: Database) -> list[BoardColumn]:
    """Unassigned communities first, then active volunteers by name, then inactive ones."""
    with database.reading() as session:
        programme = load_programme(session)
    by_volunteer: dict[int, list[BoardEntry]] = {v.id: [] for v in programme.volunteers}
    communities = {c.id: c for c in programme.communities}
    served: set[int] = set()
    for a in programme.assignments:
        c = communities.get(a.community_id)
        if c is None or a.facilitator_id not in by_volunteer:
            continue
        served.add(c.id)
        by_volunteer[a.facilitator_id].append(
            BoardEntry(c.id, c.name, c.band, c.help_requested, a.pinned, a.reason, a.ends_on)
        )
    open_entries = tuple(
        BoardEntry(c.id, c.name, c.band, c.help_requested)
        for c in sorted(programme.communities, key=lambda c: c.name.casefold())
        if c.active and c.id not in served
    )
    columns = [BoardColumn(None, "Unassigned", "", 0, True, open_entries)]
    for v in sorted(programme.volunteers, key=lambda v: (not v.active, v.name.casefold(), v.id)):
        entries = sorted(by_volunteer[v.id], key=lambda e: e.name.casefold())
        columns.append(
            BoardColumn(v.id, v.name, v.week.time_zone, v.capacity, v.active, tuple(entries))
        )
    return columns
