"""The proposal as a diff (added / moved / unchanged / unassigned, with reasons) to accept."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from coordinator.assignment import Proposal

HEADERS = ("Community", "Volunteer", "Before", "Why")
# Group title, colour of its marker; unchanged rows are listed but collapsed.
GROUPS = (
    ("added", "Added", "#3aa76d"),
    ("moved", "Moved", "#2f5bea"),
    ("extended", "Extended", "#2f5bea"),
    ("unassigned", "Unassigned", "#d9363e"),
    ("unchanged", "Unchanged", "#8a94a6"),
)


def _row(*texts: str) -> list[QStandardItem]:
    items = [QStandardItem(text) for text in texts]
    for item in items:
        item.setEditable(False)
        item.setToolTip(texts[-1])
    return items


def proposal_model(proposal: Proposal) -> QStandardItemModel:
    """A read-only tree: one group per kind of change, one row per community."""
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(list(HEADERS))
    for key, title, color in GROUPS:
        if key == "unassigned":
            rows = [
                _row(u.community_name, "—", "", u.reason or "no volunteer fits")
                for u in proposal.unassigned
            ]
        else:
            rows = [
                _row(
                    c.community_name,
                    c.facilitator_name,
                    (c.previous_facilitator_name or "") if key != "unchanged" else "",
                    c.reason,
                )
                for c in getattr(proposal, key)
            ]
        if not rows:
            continue
        group = QStandardItem(f"{title} ({len(rows)})")
        group.setEditable(False)
        group.setForeground(QColor(color))
        font = group.font()
        font.setBold(True)
        group.setFont(font)
        group.setData(key, Qt.ItemDataRole.UserRole)
        for row in rows:
            group.appendRow(row)
        model.appendRow([group, *_row("", "", "")])
    return model


class ProposalPanel(QFrame):
    """Shows one proposal; the page decides what Accept and Reject do."""

    accept_clicked = Signal()
    reject_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProposalPanel")
        self.setStyleSheet(
            "QFrame#ProposalPanel { background: #ffffff; border: 1px solid #e2e6ee;"
            " border-radius: 10px; }"
        )
        self.proposal: Proposal | None = None
        self.title = QLabel("Proposal")
        self.title.setObjectName("SectionTitle")
        self.summary = QLabel("")
        self.summary.setObjectName("Muted")
        self.accept_button = QPushButton("Accept")
        self.accept_button.setProperty("primary", True)
        self.accept_button.setToolTip("Apply every change of the proposal in one transaction")
        self.reject_button = QPushButton("Reject")
        self.accept_button.clicked.connect(self.accept_clicked)
        self.reject_button.clicked.connect(self.reject_clicked)
        self.tree = QTreeView()
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.summary, 1)
        head.addWidget(self.reject_button)
        head.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(head)
        layout.addWidget(self.tree)

    def show_proposal(self, proposal: Proposal) -> None:
        """Fill the tree and expand the groups that change something."""
        self.proposal = proposal
        model = proposal_model(proposal)
        old = self.tree.model()
        self.tree.setModel(model)
        if old is not None:
            old.deleteLater()
        for row in range(model.rowCount()):
            key = model.item(row).data(Qt.ItemDataRole.UserRole)
            self.tree.setExpanded(model.index(row, 0), key != "unchanged")
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        mode = {"assign": "New caseloads", "rebalance": "Rebalance", "handover": "Hand-over"}
        self.title.setText(f"{mode.get(proposal.mode.value, 'Proposal')} from {proposal.start}")
        self.summary.setText(proposal.summary())
        self.accept_button.setEnabled(proposal.has_changes)
        self.show()

    def clear(self) -> None:
        """Forget the proposal and hide."""
        self.proposal = None
        self.hide()
