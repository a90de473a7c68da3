"""The proposal as a diff (added / moved / unchanged / unassigned, with reasons) to accept."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

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

from coordinator.assignment import EndingAssignment, Proposal, ProposalMode

HEADERS = ("Community", "Volunteer", "Before", "Why")
# A hand-over also says from when the successor takes over (entries end on different days).
HANDOVER_HEADERS = ("Community", "Successor", "Until now", "From", "Why")
# Group title, colour of its marker; unchanged rows are listed but collapsed.
GROUPS = (
    ("added", "Added", "#3aa76d"),
    ("moved", "Moved", "#2f5bea"),
    ("extended", "Extended", "#2f5bea"),
    ("unassigned", "Unassigned", "#d9363e"),
    ("unchanged", "Unchanged", "#8a94a6"),
)
HANDOVER_TITLES = {
    "moved": "Handed over",
    "extended": "Continues with the same volunteer",
    "unassigned": "No successor",
}
MODE_TITLES = {"assign": "New caseloads", "rebalance": "Rebalance", "handover": "Hand-over"}


def _row(*texts: str) -> list[QStandardItem]:
    items = [QStandardItem(text) for text in texts]
    for item in items:
        item.setEditable(False)
        item.setToolTip(texts[-1])
    return items


def proposal_model(proposal: Proposal) -> QStandardItemModel:
    """A read-only tree: one group per kind of change, one row per community."""
    handover = proposal.mode == ProposalMode.HANDOVER
    model = QStandardItemModel()
    model.setHorizontalHeaderLabels(list(HANDOVER_HEADERS if handover else HEADERS))
    for key, title, color in GROUPS:
        rows = _group_rows(proposal, key, handover)
        if not rows:
            continue
        if handover:
            title = HANDOVER_TITLES.get(key, title)
        group = QStandardItem(f"{title} ({len(rows)})")
        group.setEditable(False)
        group.setForeground(QColor(color))
        font = group.font()
        font.setBold(True)
        group.setFont(font)
        group.setData(key, Qt.ItemDataRole.UserRole)
        for row in rows:
            group.appendRow(row)
        model.appendRow([group, *_row(*[""] * (model.columnCount() - 1))])
    return model


def _group_rows(proposal: Proposal, key: str, handover: bool) -> list[list[QStandardItem]]:
    """The rows of one group; a hand-over adds the day the successor starts."""
    rows = []
    if key == "unassigned":
        for u in proposal.unassigned:
            before = [u.previous_facilitator_name or ""]
            if handover:  # who has it until when (then nobody)
                before.append(_day(u.previous_ends_on))
            rows.append(_row(u.community_name, "—", *before, u.reason or "no volunteer fits"))
        return rows
    for c in getattr(proposal, key):
        before = (c.previous_facilitator_name or "") if key != "unchanged" else ""
        extra = (_day(c.starts_on) if key != "unchanged" else "",) if handover else ()
        rows.append(_row(c.community_name, c.facilitator_name, before, *extra, c.reason))
    return rows


def _day(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def handover_summary(proposal: Proposal) -> str:
    """One line in hand-over words: handed over, continuing, without successor."""
    parts = [f"{len(proposal.moved)} handed over"]
    if proposal.extended:
        parts.append(f"{len(proposal.extended)} continue with their volunteer")
    if proposal.unassigned:
        parts.append(f"{len(proposal.unassigned)} without a successor")
    return ", ".join(parts) + f" · {len(proposal.unchanged)} other caseload entries unchanged"


def nothing_to_hand_over(
    upcoming: Sequence[EndingAssignment], within_days: int, today: date
) -> tuple[str, str]:
    """Title and text when a hand-over finds nothing: what ends in the window, or next."""
    by = (today + timedelta(days=within_days)).isoformat()
    title = "Nothing to hand over"
    ending = [e for e in upcoming if e.days_left <= within_days]
    if ending:
        count = f"{len(ending)} caseload entries end"
        if len(ending) == 1:
            count = "1 caseload entry ends"
        if all(e.pinned for e in ending):
            why, which = ("it is", "it") if len(ending) == 1 else ("they are all", "one")
            return title, (
                f"{count} by {by}, but {why} pinned: pinned communities stay with their "
                f"volunteer. Unpin {which} (P on the board) to propose a successor."
            )
        return title, (
            f"{count} by {by}, but none can be handed over: pinned communities stay with "
            "their volunteer, and inactive communities get no successor."
        )
    text = f"No caseload entry ends within the next {_days(within_days)} (by {by})."
    later = next(iter(upcoming), None)
    if later is None:
        return title, text + " There are no caseloads yet."
    return title, (
        f"{text} The next to end is {later.community_name} with {later.facilitator_name} on "
        f"{later.ends_on.isoformat()}, in {_days(later.days_left)}: choose "
        f"{_days(later.days_left)} or more to propose its successor now."
    )


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
        # Instead of the tree when there is nothing to propose.
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.notice.hide()
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.summary, 1)
        head.addWidget(self.reject_button)
        head.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addLayout(head)
        layout.addWidget(self.tree)
        layout.addWidget(self.notice)

    @property
    def showing_notice(self) -> bool:
        """True while the panel says there is nothing to propose (no Accept)."""
        return self.proposal is None and self.isVisible()

    def show_proposal(self, proposal: Proposal, heading: str | None = None) -> None:
        """Fill the tree and expand the groups that change something."""
        self.proposal = proposal
        self.notice.hide()
        self.tree.show()
        self.accept_button.show()
        self.reject_button.setText("Reject")
        model = proposal_model(proposal)
        old = self.tree.model()
        self.tree.setModel(model)
        if old is not None:
            old.deleteLater()
        for row in range(model.rowCount()):
            key = model.item(row).data(Qt.ItemDataRole.UserRole)
            self.tree.setExpanded(model.index(row, 0), key != "unchanged")
        header = self.tree.header()
        for column in range(model.columnCount() - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        mode = MODE_TITLES.get(proposal.mode.value, "Proposal")
        self.title.setText(heading or f"{mode} from {proposal.start}")
        handover = proposal.mode == ProposalMode.HANDOVER
        self.summary.setText(handover_summary(proposal) if handover else proposal.summary())
        self.accept_button.setEnabled(proposal.has_changes)
        self.show()

    def show_notice(self, title: str, text: str) -> None:
        """Say why there is nothing to propose (no tree, no Accept; Close hides the panel)."""
        self.proposal = None
        self.title.setText(title)
        self.summary.setText("")
        self.notice.setText(text)
        self.tree.hide()
        self.notice.show()
        self.accept_button.hide()
        self.reject_button.setText("Close")
        self.show()

    def clear(self) -> None:
        """Forget the proposal and hide."""
        self.proposal = None
        self.hide()
