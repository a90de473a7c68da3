"""Caseloads page: one card per volunteer (load bar + communities), drag and drop, proposals.

The page is thin: the board comes from ``coordinator.assignment.caseload_board``; moving,
pinning, assessing a pair, proposing (new caseloads, rebalance, or successors for caseloads
ending soon) and accepting are core calls. Proposals run on the thread pool (``run_task``) and
come back by queued signal, with a progress bar meanwhile.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coordinator.assignment import (
    AcceptResult,
    AssignmentError,
    EndingAssignment,
    Progress,
    Proposal,
    ProposalMode,
    accept_and_schedule,
    assess_pair,
    ending_soon,
    move_assignment,
    propose,
    propose_handover,
    set_pinned,
    unassign,
)
from coordinator.assignment.board import BoardColumn, caseload_board
from coordinator.db import Database
from coordinator.domain import HealthBand
from coordinator.reporting.charts import BAND_COLOURS
from coordinator.scheduling.build import BuildReport
from coordinator_ui.caseload_cards import CARD_WIDTH, CaseloadCard
from coordinator_ui.caseloads_model import (
    COMMUNITY_ID_ROLE,
    PINNED_ROLE,
    CaseloadsModel,
)
from coordinator_ui.pages import Page
from coordinator_ui.proposal_controls import ProposalControls, ProposalRequest
from coordinator_ui.proposal_panel import ProposalPanel, nothing_to_hand_over
from coordinator_ui.workers import Task, run_task

log = logging.getLogger(__name__)

CARDS_PER_TURN = 40  # cards built per turn of the event loop (a few tens of ms)

BANDS_SHOWN = (HealthBand.DORMANT, HealthBand.QUIET, HealthBand.ACTIVE, HealthBand.REALLY_ACTIVE)
LOOK_AHEAD_DAYS = 3660  # when nothing ends soon, how far to look for the next end to name


def propose_successors(
    database: Database, request: ProposalRequest, today: date, progress: Progress
) -> tuple[Proposal, list[EndingAssignment]]:
    """Worker: the hand-over proposal; when it is empty, also what ends next (to say so)."""
    proposal = propose_handover(
        database,
        within_days=request.within_days,
        rotate=request.rotate,
        today=today,
        progress=progress,
    )
    if proposal.has_changes or proposal.unassigned:
        return proposal, []
    return proposal, ending_soon(database, within_days=LOOK_AHEAD_DAYS, today=today)


class CaseloadsView(Page):
    """Caseload board with drag and drop, pins and proposals off the GUI thread."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(database, parent)
        self.model = CaseloadsModel(self)
        # Queued: the drop callback returns before the page reloads the model.
        self.model.move_requested.connect(self.request_move, Qt.ConnectionType.QueuedConnection)
        self.model.unassign_requested.connect(
            self.request_unassign, Qt.ConnectionType.QueuedConnection
        )
        self.cards: list[CaseloadCard] = []
        self.task: Task | None = None
        self._columns_shown = 0
        # Cards still to build (a large board is built a few at a time; see ``_build_cards``).
        self._to_build: list[BoardColumn] = []

        title = QLabel("Caseloads")
        title.setObjectName("PageTitle")
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("PageSubtitle")
        self.legend = QLabel(
            "  ".join(
                f"<span style='color:{BAND_COLOURS[band]}'>●</span> {band}"
                for band in (*BANDS_SHOWN, HealthBand.UNKNOWN)
            )
            + "  ·  <b>bold</b>: pinned (P)"
        )
        self.legend.setObjectName("Muted")
        self.controls = ProposalControls()
        self.controls.propose_clicked.connect(self.start_proposal)
        self.propose_button = self.controls.propose_button
        self.progress = self.controls.progress
        self._request: ProposalRequest | None = None
        self._today = date.today()
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(title)
        titles.addWidget(self.subtitle)
        titles.addWidget(self.legend)
        head.addLayout(titles, 1)
        head.addWidget(self.controls, 0, Qt.AlignmentFlag.AlignBottom)

        self.board = QWidget()
        self.board.setObjectName("CaseloadBoard")
        self.grid = QGridLayout(self.board)
        self.grid.setSpacing(10)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.board)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.panel = ProposalPanel()
        self.panel.accept_clicked.connect(self.accept_current)
        self.panel.reject_clicked.connect(self.reject_current)
        self.panel.hide()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(self.panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(head)
        layout.addWidget(self.splitter, 1)
        self.setStyleSheet(
            "QFrame#CaseloadCard { background: #ffffff; border: 1px solid #e2e6ee;"
            " border-radius: 10px; } QLabel#CardTitle { font-weight: 600; }"
        )

    # --- board ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the board; keeps cards when the same caseloads are shown."""
        columns = caseload_board(self.database)
        self.model.set_board(columns)
        same = [c.column.facilitator_id for c in self.cards] == [c.facilitator_id for c in columns]
        if same:
            for row, (card, column) in enumerate(zip(self.cards, columns, strict=True)):
                card.update_column(column, self.model.index(row, 0))
        else:
            for card in self.cards:
                card.deleteLater()
            self.cards = []
            self._columns_shown = 0
            self._arrange()
            build_now = not self._to_build  # else a build is under way and takes the new list
            self._to_build = list(columns)
            if build_now:
                self._build_cards()
        placed = sum(c.load for c in columns if c.facilitator_id is not None)
        volunteers = sum(1 for c in columns if c.facilitator_id is not None and c.active)
        self.subtitle.setText(
            f"{volunteers} active volunteers · {placed} communities in caseloads · "
            f"{columns[0].load if columns else 0} unassigned"
        )

    def _build_cards(self) -> None:
        """Build the next few cards, then let the window breathe: 500 volunteers' cards take
        seconds to build, and the window must never freeze meanwhile."""
        while self._to_build:
            row = len(self.cards)
            card = CaseloadCard(self, self._to_build.pop(0), row)
            self.cards.append(card)
            per_row = max(1, self._columns_shown)
            self.grid.addWidget(card, row // per_row, row % per_row, Qt.AlignmentFlag.AlignTop)
            if len(self.cards) % CARDS_PER_TURN == 0 and self._to_build:
                self.status_message.emit(
                    f"Showing caseloads… {len(self.cards)} of "
                    f"{len(self.cards) + len(self._to_build)}"
                )
                QTimer.singleShot(0, self._build_cards)
                return
        if len(self.cards) > CARDS_PER_TURN:
            self.status_message.emit(f"{len(self.cards)} caseloads shown.")

    def _arrange(self) -> None:
        per_row = max(1, (self.scroll.viewport().width() - 10) // (CARD_WIDTH + 10))
        if per_row == self._columns_shown:
            return
        self._columns_shown = per_row
        for position, card in enumerate(self.cards):
            self.grid.addWidget(
                card, position // per_row, position % per_row, Qt.AlignmentFlag.AlignTop
            )

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._arrange()

    def card_for(self, facilitator_id: int | None) -> CaseloadCard | None:
        """The card showing a volunteer's caseload (None: the unassigned card)."""
        return next((c for c in self.cards if c.column.facilitator_id == facilitator_id), None)

    # --- moving and pinning --------------------------------------------------------------
    def request_move(self, community_id: int, facilitator_id: int) -> None:
        """A community was dropped on a volunteer: warn if the pair is poor, then move it."""
        try:
            assessment = assess_pair(self.database, community_id, facilitator_id)
            if not assessment.acceptable:
                answer = QMessageBox.warning(
                    self,
                    "Poor match",
                    f"{assessment.community_name} → {assessment.facilitator_name}:\n• "
                    + "\n• ".join(assessment.problems)
                    + "\n\nMove anyway?",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    self.status_message.emit("Move cancelled.")
                    return
            move_assignment(self.database, community_id, facilitator_id)
        except AssignmentError as exc:
            QMessageBox.warning(self, "Cannot move", str(exc))
            return
        self._changed(f"Moved {assessment.community_name} to {assessment.facilitator_name}.")

    def request_unassign(self, community_id: int) -> None:
        """A community was dropped on the Unassigned card: end its caseload entry."""
        try:
            unassign(self.database, community_id)
        except AssignmentError as exc:
            QMessageBox.warning(self, "Cannot unassign", str(exc))
            return
        self._changed("Taken out of its caseload; its future check-ins are cancelled.")

    def can_pin(self, index: QModelIndex) -> bool:
        """Only communities in a volunteer's caseload can be pinned."""
        return index.isValid() and index.parent().isValid() and index.parent().row() > 0

    def toggle_pin(self, index: QModelIndex) -> None:
        """Pin or unpin the community at ``index``."""
        if not self.can_pin(index):
            return
        community_id = int(index.data(COMMUNITY_ID_ROLE))
        pinned = not bool(index.data(PINNED_ROLE))
        set_pinned(self.database, community_id, pinned)
        name = self.model.data(index).replace("  (pinned)", "")
        self._changed(f"{'Pinned' if pinned else 'Unpinned'} {name}.")
        card = self.card_for(self.model.columns()[index.parent().row()].facilitator_id)
        if card is not None:
            card.list.setCurrentIndex(self.model.community_index(community_id))

    def _changed(self, message: str) -> None:
        self.reload()
        self.data_changed.emit()
        self.status_message.emit(message)

    # --- proposals -----------------------------------------------------------------------
    def start_proposal(self) -> None:
        """Run the engine on the thread pool; the result arrives in ``show_proposal``."""
        if self.task is not None:
            return
        request = self.controls.request()
        self._request, self._today = request, date.today()
        self.controls.set_busy(True)
        if request.mode == ProposalMode.HANDOVER:
            self.status_message.emit("Looking for successors…")
            self.task = run_task(
                propose_successors,
                self.database,
                request,
                self._today,
                progress_keyword="progress",
                on_done=self.show_successors,
                on_error=self.proposal_failed,
                on_progress=self.controls.show_progress,
            )
            return
        self.status_message.emit("Computing a proposal…")
        self.task = run_task(
            propose,
            self.database,
            rebalance=request.mode == ProposalMode.REBALANCE,
            progress_keyword="progress",
            on_done=self.show_proposal,
            on_error=self.proposal_failed,
            on_progress=self.controls.show_progress,
        )

    def show_progress(self, done: int, total: int) -> None:
        """Progress reported by the engine."""
        self.controls.show_progress(done, total)

    def _finished(self) -> None:
        self.task = None
        self.controls.set_busy(False)

    def show_proposal(self, proposal: Proposal, heading: str | None = None) -> None:
        """Show the proposal as a diff with Accept / Reject."""
        self._finished()
        self.panel.show_proposal(proposal, heading)
        height = self.splitter.height()
        self.splitter.setSizes([height * 11 // 20, height * 9 // 20])
        self.status_message.emit(f"Proposal: {self.panel.summary.text()}.")

    def show_successors(self, outcome: tuple[Proposal, list[EndingAssignment]]) -> None:
        """A hand-over proposal, or why there is nothing to hand over."""
        proposal, upcoming = outcome
        days = self._request.within_days if self._request else 0
        by = self._today + timedelta(days=days)
        if proposal.has_changes or proposal.unassigned:
            heading = f"Hand-over of caseloads ending by {by.isoformat()}"
            self.show_proposal(proposal, heading)
            return
        self._finished()
        title, text = nothing_to_hand_over(upcoming, days, self._today)
        self.panel.show_notice(title, text)
        notice = self.panel.heightForWidth(self.splitter.width())  # the text wraps
        notice = notice if notice > 0 else self.panel.sizeHint().height()
        self.splitter.setSizes([self.splitter.height() - notice, notice])
        self.status_message.emit(f"{title}: no caseload entry to hand over by {by.isoformat()}.")

    def proposal_failed(self, error: BaseException) -> None:
        """The engine raised: say so, keep the board as it is."""
        self._finished()
        log.error("proposal failed", exc_info=error)
        QMessageBox.critical(self, "Proposal failed", str(error))

    def accept_current(self) -> None:
        """Apply the shown proposal and schedule its check-ins, off the GUI thread."""
        proposal = self.panel.proposal
        if proposal is None or self.task is not None:
            return
        self.panel.setEnabled(False)
        self.controls.set_busy(True, steps=False)  # accepting and scheduling report no steps
        self.status_message.emit("Accepting and scheduling check-ins…")
        self.task = run_task(
            accept_and_schedule,
            self.database,
            proposal,
            on_done=self.accepted,
            on_error=self.accept_failed,
        )

    def accepted(self, outcome: tuple[AcceptResult, BuildReport]) -> None:
        """The proposal is in and its check-ins are scheduled."""
        result, report = outcome
        handover = self.panel.proposal is not None and (
            self.panel.proposal.mode == ProposalMode.HANDOVER
        )
        self._finished()
        self.panel.setEnabled(True)
        self._close_panel()
        if handover:
            done = f"Hand-over accepted: {result.moved} handed over" + (
                f", {result.extended} continue with their volunteer" if result.extended else ""
            )
        else:
            done = f"Accepted: {result.added} added, {result.moved} moved"
        self._changed(f"{done}; check-ins: {report.summary()}.")

    def accept_failed(self, error: BaseException) -> None:
        """Accepting failed (e.g. the data changed meanwhile): nothing was half-written."""
        self._finished()
        self.panel.setEnabled(True)
        if isinstance(error, AssignmentError):
            QMessageBox.warning(self, "Proposal out of date", str(error))
            self._close_panel()
            self.reload()
            return
        log.error("accepting the proposal failed", exc_info=error)
        QMessageBox.critical(self, "Accepting failed", str(error))

    def reject_current(self) -> None:
        """Drop the shown proposal (or close the notice); nothing is written."""
        notice = self.panel.showing_notice
        self._close_panel()
        if not notice:
            self.status_message.emit("Proposal rejected; nothing changed.")

    def _close_panel(self) -> None:
        self.panel.clear()
        self.splitter.setSizes([self.splitter.height(), 0])
