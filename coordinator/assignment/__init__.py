"""Caseload assignment: an exact optimisation over overlap, language, topics, need and capacity.

Public entry points (each write is one transaction with audit entries):

- ``propose(database, rebalance=False, start=None, progress=None) -> Proposal``
- ``propose_handover(database, within_days=30, rotate=True, today=None) -> Proposal``
- ``ending_soon(database, within_days=30, today=None) -> list[EndingAssignment]``
- ``accept_proposal(database, proposal) -> AcceptResult``
- ``move_assignment(database, community_id, facilitator_id, on=None) -> int``
- ``set_pinned(database, community_id, pinned) -> None``
- ``assess_pair(database, community_id, facilitator_id, on=None) -> PairAssessment``
- ``caseload_board(database) -> list[BoardColumn]`` (what the Caseloads page shows)
"""

from coordinator.assignment.board import BoardColumn, BoardEntry, caseload_board
from coordinator.assignment.engine import (
    EndingAssignment,
    Progress,
    ending_soon,
    plan,
    propose,
    propose_handover,
)
from coordinator.assignment.operations import (
    AcceptResult,
    AssignmentError,
    PairAssessment,
    StaleProposalError,
    accept_and_schedule,
    accept_proposal,
    assess_pair,
    move_assignment,
    reschedule,
    set_pinned,
    unassign,
)
from coordinator.assignment.proposal import (
    ChangeKind,
    Proposal,
    ProposalMode,
    ProposedAssignment,
    UnassignedCommunity,
)

__all__ = [
    "AcceptResult",
    "AssignmentError",
    "BoardColumn",
    "BoardEntry",
    "ChangeKind",
    "EndingAssignment",
    "PairAssessment",
    "Progress",
    "Proposal",
    "ProposalMode",
    "ProposedAssignment",
    "StaleProposalError",
    "UnassignedCommunity",
    "accept_and_schedule",
    "accept_proposal",
    "assess_pair",
    "caseload_board",
    "ending_soon",
    "move_assignment",
    "plan",
    "propose",
    "propose_handover",
    "reschedule",
    "set_pinned",
    "unassign",
]
