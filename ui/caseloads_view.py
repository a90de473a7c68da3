"""Caseloads page: one card per volunteer (load bar + communities), drag and drop, proposals.

The page is thin: the board comes from ``coordinator.assignment.caseload_board``; moving,
pinning, assessing a pair, proposing and accepting are core calls. Proposals run on the thread
pool (``run_task``) and come back by queued signal, with a progress bar meanwhile.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coordinator.assignment import (
    AcceptResult,
    AssignmentError,
    Proposal,
    accept_and_schedule,
    assess_pair,
    move_assignment,
    propose,
    set_pinned,
    unassign,
)
from coordinator.assignment.board import BoardColumn, caseload_board
from coordinator.db import Database
from coordinator.domain import HealthBand
from coordinator.scheduling.build import BuildReport
from coordinator_ui.caseloads_model import (
    COMMUNITY_ID_ROLE,
    PINNED_ROLE,
    CaseloadsModel,
)
from coordinator_ui.pages import Page
from coordinator_ui.proposal_panel import ProposalPanel
from coordinator_ui.theme import BAND_COLORS
from coordinator_ui.workers import Task, run_task

log = logging.getLogger(__name__)

BANDS_SHOWN = (HealthBand.DORMANT, HealthBand.QUIET, HealthBand.ACTIVE, HealthBand.REALLY_ACTIVE)
CARD_WIDTH = 250
MAX_ROWS = 12  # longer caseloads scroll inside their card


class CaseloadList(QListView):
    """One caseload's communities; drag source and drop target; P or the menu pins."""

    def __init__(self, page: CaseloadsView) -> None:
        super().__init__()
        self.page = page
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_P and not event.modifiers():
            self.page.toggle_pin(self.currentIndex())
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if not index.isValid():
            return
        menu = QMenu(self)
        pinned = bool(index.data(PINNED_ROLE))
        action = menu.addAction("Unpin\tP" if pinned else "Pin (keep through re-runs)\tP")
        action.setEnabled(self.page.can_pin(index))
        if menu.exec(event.globalPos()) is action:
            self.page.toggle_pin(index)


class CaseloadCard(QFrame):
    """Header (name, zone, load bar n/capacity) over the list of communities."""

    def __init__(self, page: CaseloadsView, column: BoardColumn, row: int) -> None:
        super().__init__()
        self.setObjectName("CaseloadCard")
        self.setFixedWidth(CARD_WIDTH)
        self.column = column
        self.name = QLabel(column.name)
        self.name.setObjectName("CardTitle")
        detail = (
            "Drag onto a volunteer to assign"
            if column.facilitator_id is None
            else (column.time_zone + ("" if column.active else " · inactive"))
        )
        self.detail = QLabel(detail)
        self.detail.setObjectName("Muted")
        self.load_bar = QProgressBar()
        self.load_bar.setTextVisible(True)
        self.load_bar.setFixedHeight(16)
        self.list = CaseloadList(page)
        self.list.setModel(page.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.name)
        layout.addWidget(self.detail)
        layout.addWidget(self.load_bar)
        layout.addWidget(self.list)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        self.update_column(column, page.model.index(row, 0))

    def update_column(self, column: BoardColumn, root: QModelIndex) -> None:
        """Show ``column`` (after a model reset the list must be re-rooted)."""
        self.column = column
        self.list.setRootIndex(root)
        if column.facilitator_id is None:
            self.load_bar.setVisible(False)
            self.name.setText(f"Unassigned ({column.load})")
        else:
            self.load_bar.setMaximum(max(column.capacity, column.load, 1))
            self.load_bar.setValue(column.load)
            self.load_bar.setFormat(f"{column.load} / {column.capacity}")
            state = (
                "over"
                if column.load > column.capacity
                else ("full" if column.load == column.capacity else "room")
            )
            chunk = {"over": "#d9363e", "full": "#d99a1e", "room": "#3aa76d"}[state]
            self.load_bar.setProperty("state", state)
            self.load_bar.setStyleSheet(
                "QProgressBar { border: 1px solid #e2e6ee; border-radius: 4px; background: "
                "#f3f5f9; text-align: center; font-size: 8pt; }"
                f"QProgressBar::chunk {{ background: {chunk}; border-radius: 3px; }}"
            )
        rows = max(column.load, 1 if column.facilitator_id is None else column.capacity, 3)
        row_height = max(self.list.fontMetrics().height() + 10, self.list.iconSize().height() + 8)
        # A fixed grid makes every row as wide as the card, so long names end in "…".
        self.list.setGridSize(QSize(CARD_WIDTH - 34, row_height))
        self.list.setFixedHeight(min(rows, MAX_ROWS) * row_height + 6)
        self.adjustSize()


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

        title = QLabel("Caseloads")
        title.setObjectName("PageTitle")
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("PageSubtitle")
        self.legend = QLabel(
            "  ".join(
                f"<span style='color:{BAND_COLORS[band]}'>●</span> {band}"
                for band in (*BANDS_SHOWN, HealthBand.UNKNOWN)
            )
            + "  ·  <b>bold</b>: pinned (P)"
        )
        self.legend.setObjectName("Muted")
        self.propose_button = QPushButton("Propose assignments")
        self.propose_button.setProperty("primary", True)
        self.propose_button.setToolTip("Compute the best caseloads (runs in the background)")
        self.propose_button.clicked.connect(self.start_proposal)
        self.rebalance = QCheckBox("Rebalance (may move unpinned communities)")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(180)
        self.progress.hide()
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(title)
        titles.addWidget(self.subtitle)
        titles.addWidget(self.legend)
        head.addLayout(titles, 1)
        head.addWidget(self.progress)
        head.addWidget(self.rebalance)
        head.addWidget(self.propose_button)

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
            self.cards = [CaseloadCard(self, column, row) for row, column in enumerate(columns)]
            self._columns_shown = 0
            self._arrange()
        placed = sum(c.load for c in columns if c.facilitator_id is not None)
        volunteers = sum(1 for c in columns if c.facilitator_id is not None and c.active)
        self.subtitle.setText(
            f"{volunteers} active volunteers · {placed} communities in caseloads · "
            f"{columns[0].load if columns else 0} unassigned"
        )

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
        self.propose_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.status_message.emit("Computing a proposal…")
        self.task = run_task(
            propose,
            self.database,
            rebalance=self.rebalance.isChecked(),
            progress_keyword="progress",
            on_done=self.show_proposal,
            on_error=self.proposal_failed,
            on_progress=self.show_progress,
        )

    def show_progress(self, done: int, total: int) -> None:
        """Progress reported by the engine."""
        self.progress.setValue(round(100 * done / total) if total else 0)

    def _finished(self) -> None:
        self.task = None
        self.progress.hide()
        self.propose_button.setEnabled(True)

    def show_proposal(self, proposal: Proposal) -> None:
        """Show the proposal as a diff with Accept / Reject."""
        self._finished()
        self.panel.show_proposal(proposal)
        height = self.splitter.height()
        self.splitter.setSizes([height * 11 // 20, height * 9 // 20])
        self.status_message.emit(f"Proposal: {proposal.summary()}.")

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
        self.progress.setRange(0, 0)  # busy: accepting and scheduling report no steps
        self.progress.show()
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
        self._finished()
        self.progress.setRange(0, 100)
        self.panel.setEnabled(True)
        self._close_panel()
        self._changed(
            f"Accepted: {result.added} added, {result.moved} moved; check-ins: {report.summary()}."
        )

    def accept_failed(self, error: BaseException) -> None:
        """Accepting failed (e.g. the data changed meanwhile): nothing was half-written."""
        self._finished()
        self.progress.setRange(0, 100)
        self.panel.setEnabled(True)
        if isinstance(error, AssignmentError):
            QMessageBox.warning(self, "Proposal out of date", str(error))
            self._close_panel()
            self.reload()
            return
        log.error("accepting the proposal failed", exc_info=error)
        QMessageBox.critical(self, "Accepting failed", str(error))

    def reject_current(self) -> None:
        """Drop the shown proposal; nothing is written."""
        self._close_panel()
        self.status_message.emit("Proposal rejected; nothing changed.")

    def _close_panel(self) -> None:
        self.panel.clear()
        self.splitter.setSizes([self.splitter.height(), 0])
