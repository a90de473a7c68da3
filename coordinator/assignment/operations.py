"""Changes to caseloads: accept a proposal, move, pin; each is one transaction with an audit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from coordinator import audit
from coordinator.assignment.programme import (
    add_months,
    community_row,
    current_fingerprint,
    volunteer_row,
)
from coordinator.assignment.proposal import ChangeKind, Proposal, ProposalMode, ProposedAssignment
from coordinator.assignment.reasons import format_duration, pair_reason
from coordinator.db import Database
from coordinator.domain import AssignmentStatus
from coordinator.models import Assignment, AuditEntry, Community, Facilitator
from coordinator.scheduling.build import BuildReport, build_schedule
from coordinator.settings import load_settings
from coordinator.worktime import overlap_minutes_per_week

CHUNK = 500  # ids per IN (...) list, well under every backend's parameter limit


class AssignmentError(Exception):
    """A caseload change that cannot be made; the message is meant for a person."""


class StaleProposalError(AssignmentError):
    """The data changed after the proposal was computed; propose again."""


@dataclass(frozen=True)
class AcceptResult:
    """What accepting a proposal wrote."""

    added: int
    moved: int
    extended: int


@dataclass(frozen=True)
class PairAssessment:
    """How well one volunteer fits one community, and what is wrong with the pair."""

    community_id: int
    community_name: str
    facilitator_id: int
    facilitator_name: str
    overlap_minutes: float
    speaks_language: bool
    load: int
    capacity: int
    problems: tuple[str, ...]
    reason: str

    @property
    def acceptable(self) -> bool:
        """No hard constraint is broken."""
        return not self.problems


def _load_assignments(session: Session, ids: Iterable[int]) -> dict[int, Assignment]:
    wanted = sorted(set(ids))
    found: dict[int, Assignment] = {}
    for lo in range(0, len(wanted), CHUNK):
        chunk = wanted[lo : lo + CHUNK]
        found.update(
            (a.id, a) for a in session.scalars(select(Assignment).where(Assignment.id.in_(chunk)))
        )
    return found


def _audit_row(
    actor: str, action: str, entity_id: int | None, summary: str, changes: dict
) -> dict[str, Any]:
    return {
        "action": action,
        "entity": "assignment",
        "entity_id": entity_id,
        "summary": summary,
        "changes": changes,
        "actor": actor,
    }


def _new_row(change: ProposedAssignment) -> dict[str, Any]:
    return {
        "facilitator_id": change.facilitator_id,
        "community_id": change.community_id,
        "starts_on": change.starts_on,
        "ends_on": change.ends_on,
        "status": AssignmentStatus.ACTIVE,
        "pinned": change.pinned,
        "reason": change.reason,
    }


def accept_proposal(database: Database, proposal: Proposal) -> AcceptResult:
    """Apply a proposal in one transaction, refusing it if the data changed meanwhile."""
    with database.unit_of_work() as session:
        return _accept(session, proposal)


def _accept(session: Session, proposal: Proposal) -> AcceptResult:
    """Apply ``proposal`` in the caller's transaction (refused if the data changed)."""
    if current_fingerprint(session) != proposal.fingerprint:
        raise StaleProposalError(
            "Caseloads or volunteers changed after this proposal was made; propose again."
        )
    writes = [c for c in proposal.changes if c.kind != ChangeKind.UNCHANGED]
    olds = _load_assignments(session, (c.assignment_id for c in writes if c.assignment_id))
    inserts: list[ProposedAssignment] = []
    audits: list[dict[str, Any]] = []
    actor = audit.current_actor()
    for change in writes:
        old = olds.get(change.assignment_id) if change.assignment_id else None
        if change.kind == ChangeKind.ADDED:
            inserts.append(change)
        elif old is not None and change.kind == ChangeKind.EXTENDED:
            audits.append(
                _audit_row(
                    actor,
                    "update",
                    old.id,
                    f"Extended {change.community_name} with {change.facilitator_name}",
                    {"ends_on": [old.ends_on.isoformat(), change.ends_on.isoformat()]},
                )
            )
            old.ends_on = change.ends_on
        elif old is not None and change.kind == ChangeKind.MOVED:
            summary = (
                f"Moved {change.community_name} from {change.previous_facilitator_name} "
                f"to {change.facilitator_name}"
            )
            if proposal.mode != ProposalMode.HANDOVER and old.starts_on >= change.starts_on:
                # Not started yet: re-point the entry instead of ending it on day zero.
                changes = {"facilitator_id": [old.facilitator_id, change.facilitator_id]}
                old.facilitator_id = change.facilitator_id
                old.reason, old.ends_on = change.reason, change.ends_on
                audits.append(_audit_row(actor, "update", old.id, summary, changes))
                continue
            old.status = AssignmentStatus.ENDED
            if proposal.mode != ProposalMode.HANDOVER:
                old.ends_on = change.starts_on
            ended = {"status": ["active", "ended"]}
            audits.append(_audit_row(actor, "update", old.id, summary, ended))
            inserts.append(change)
    # Ended rows must be flushed before their successors: one active row per community.
    session.flush()
    if inserts:
        # Core executemany: thousands of rows in one statement batch, no ORM bookkeeping.
        session.execute(insert(Assignment.__table__), [_new_row(c) for c in inserts])
        new_ids = dict(
            session.execute(
                select(Assignment.community_id, Assignment.id).where(
                    Assignment.status == AssignmentStatus.ACTIVE
                )
            ).all()
        )
        for change in inserts:
            audits.append(
                _audit_row(
                    actor,
                    "create",
                    new_ids[change.community_id],
                    f"Assigned {change.community_name} to {change.facilitator_name}: "
                    f"{change.reason}",
                    {"facilitator_id": [change.previous_facilitator_id, change.facilitator_id]},
                )
            )
    summary = f"Accepted {proposal.mode} proposal: {proposal.summary()}"
    audits.append({**_audit_row(actor, "accept", None, summary, {}), "entity": "proposal"})
    session.execute(insert(AuditEntry.__table__), audits)
    return AcceptResult(len(proposal.added), len(proposal.moved), len(proposal.extended))


def _active_assignment(session: Session, community_id: int) -> Assignment | None:
    return session.scalar(
        select(Assignment).where(
            Assignment.community_id == community_id,
            Assignment.status == AssignmentStatus.ACTIVE,
        )
    )


def _assess(
    session: Session, community: Community, volunteer: Facilitator, day: date
) -> PairAssessment:
    settings = load_settings(session)
    c_row, v_row = community_row(community, settings), volunteer_row(volunteer)
    end = add_months(day, settings.hand_holding_months)
    overlap = overlap_minutes_per_week(c_row.host_week, v_row.week, day, end - timedelta(days=1))
    spoken = {lang.strip().casefold() for lang in v_row.languages}
    speaks = not c_row.language or c_row.language.casefold() in spoken
    load = (
        session.scalar(
            select(func.count(Assignment.id)).where(
                Assignment.facilitator_id == volunteer.id,
                Assignment.status == AssignmentStatus.ACTIVE,
                Assignment.community_id != community.id,
            )
        )
        or 0
    )
    problems = []
    if overlap < settings.min_overlap_minutes:
        problems.append(
            f"only {format_duration(overlap)} shared working time a week with the host "
            f"(at least {format_duration(settings.min_overlap_minutes)} is needed)"
        )
    if not speaks:
        problems.append(f"{volunteer.name} does not speak {c_row.language}")
    if not v_row.available_on(day):
        state = "inactive" if not volunteer.active else f"not available on {day.isoformat()}"
        problems.append(f"{volunteer.name} is {state}")
    if load >= volunteer.capacity:
        problems.append(f"{volunteer.name} is full ({load}/{volunteer.capacity})")
    return PairAssessment(
        community_id=community.id,
        community_name=community.name,
        facilitator_id=volunteer.id,
        facilitator_name=volunteer.name,
        overlap_minutes=overlap,
        speaks_language=speaks,
        load=load,
        capacity=volunteer.capacity,
        problems=tuple(problems),
        reason=pair_reason(c_row, v_row, overlap, day),
    )


def _get_pair(
    session: Session, community_id: int, facilitator_id: int
) -> tuple[Community, Facilitator]:
    community = session.get(Community, community_id)
    volunteer = session.get(Facilitator, facilitator_id)
    if community is None:
        raise AssignmentError(f"There is no community #{community_id}.")
    if volunteer is None:
        raise AssignmentError(f"There is no volunteer #{facilitator_id}.")
    return community, volunteer


def assess_pair(
    database: Database, community_id: int, facilitator_id: int, *, on: date | None = None
) -> PairAssessment:
    """Overlap, language, availability and load of one pair (for a drag-and-drop warning)."""
    with database.reading() as session:
        community, volunteer = _get_pair(session, community_id, facilitator_id)
        return _assess(session, community, volunteer, on or date.today())


def move_assignment(
    database: Database, community_id: int, facilitator_id: int, *, on: date | None = None
) -> int:
    """Give a community to a volunteer by hand (ends the old entry); returns the entry id."""
    day = on or date.today()
    with database.unit_of_work() as session:
        community, volunteer = _get_pair(session, community_id, facilitator_id)
        current = _active_assignment(session, community_id)
        if current is not None and current.facilitator_id == facilitator_id:
            return current.id
        assessment = _assess(session, community, volunteer, day)
        reason = f"placed by hand; {assessment.reason}"
        end = add_months(day, load_settings(session).hand_holding_months)
        pinned = current.pinned if current is not None else False
        if current is not None and current.starts_on >= day:
            changes = {"facilitator_id": [current.facilitator_id, facilitator_id]}
            current.facilitator_id, current.reason = facilitator_id, reason
            session.flush()
            audit.record(
                session,
                "update",
                "assignment",
                current.id,
                f"Moved {community.name} to {volunteer.name} by hand",
                changes,
            )
            _reschedule(session, [community_id], day)
            return current.id
        previous = None
        if current is not None:
            previous = current.facilitator_id
            current.status, current.ends_on = AssignmentStatus.ENDED, day
            session.flush()
            audit.record(
                session,
                "update",
                "assignment",
                current.id,
                f"Ended {community.name} with #{previous} (moved by hand)",
                {"status": ["active", "ended"]},
            )
        entry = Assignment(
            facilitator_id=facilitator_id,
            community_id=community_id,
            starts_on=day,
            ends_on=end,
            pinned=pinned,
            reason=reason,
        )
        session.add(entry)
        session.flush()
        audit.record(
            session,
            "create",
            "assignment",
            entry.id,
            f"Assigned {community.name} to {volunteer.name} by hand",
            {"facilitator_id": [previous, facilitator_id]},
        )
        _reschedule(session, [community_id], day)
        return entry.id


def unassign(database: Database, community_id: int, *, on: date | None = None) -> None:
    """Take a community out of its caseload: the entry ends (or goes, if not yet started)."""
    day = on or date.today()
    with database.unit_of_work() as session:
        current = _active_assignment(session, community_id)
        if current is None:
            raise AssignmentError("This community is not in any caseload.")
        name = session.get(Community, community_id).name  # type: ignore[union-attr]
        if current.starts_on >= day:
            # Never started: nothing happened that history must keep.
            audit.record(session, "delete", "assignment", current.id, f"Unassigned {name}")
            session.delete(current)
        else:
            current.status, current.ends_on = AssignmentStatus.ENDED, day
            audit.record(
                session,
                "update",
                "assignment",
                current.id,
                f"Unassigned {name}",
                {"status": ["active", "ended"], "ends_on": [None, day.isoformat()]},
            )
        session.flush()
        _reschedule(session, [community_id], day)


def reschedule(
    database: Database, community_ids: Iterable[int], *, start: date | None = None
) -> BuildReport:
    """Bring the check-ins of these communities in line with their caseloads (one transaction).

    New entries get series, ended ones stop from ``start`` on; logged occurrences stay.
    """
    with database.unit_of_work() as session:
        return _reschedule(session, community_ids, start or date.today())


def _reschedule(session: Session, community_ids: Iterable[int], start: date) -> BuildReport:
    ids = session.scalars(
        select(Assignment.id).where(Assignment.community_id.in_(list(community_ids)))
    ).all()
    months = load_settings(session).hand_holding_months
    return build_schedule(session, start=start, months=months, assignment_ids=ids)


def accept_and_schedule(
    database: Database, proposal: Proposal, *, start: date | None = None
) -> tuple[AcceptResult, BuildReport]:
    """Accept a proposal and schedule the check-ins of every community it touched.

    One transaction: the new caseloads and their check-ins are written together or not at all.
    """
    writes = [c for c in proposal.changes if c.kind != ChangeKind.UNCHANGED]
    first = start or date.today()
    with database.unit_of_work() as session:
        result = _accept(session, proposal)
        if proposal.mode != ProposalMode.HANDOVER:
            return result, _reschedule(session, [c.community_id for c in writes], first)
        # A hand-over happens on each caseload's own planned end: the outgoing volunteer
        # keeps the check-ins up to that day and the successor's begin on it.
        by_day: dict[date, list[int]] = defaultdict(list)
        for change in writes:
            by_day[max(change.starts_on, first)].append(change.community_id)
        reports = [_reschedule(session, ids, day) for day, ids in sorted(by_day.items())]
    return result, _merged(reports, first)


def _merged(reports: Sequence[BuildReport], start: date) -> BuildReport:
    """One report for several builds (one per hand-over day)."""
    merged = BuildReport(start, max((r.horizon_end for r in reports), default=start))
    for report in reports:
        merged.changes.extend(report.changes)
        merged.unchanged += report.unchanged
    return merged


def set_pinned(database: Database, community_id: int, pinned: bool) -> None:
    """Pin (keep through every re-run and rebalance) or unpin a community's assignment."""
    with database.unit_of_work() as session:
        current = _active_assignment(session, community_id)
        if current is None:
            raise AssignmentError("Only a community with a volunteer can be pinned.")
        if current.pinned == pinned:
            return
        current.pinned = pinned
        changes = audit.changes_of(current)
        session.flush()
        audit.record(
            session,
            "update",
            "assignment",
            current.id,
            f"{'Pinned' if pinned else 'Unpinned'} {current.community.name}",
            changes,
        )
