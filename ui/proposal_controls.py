"""What the Caseloads page proposes: a mode (new caseloads, rebalance, hand-over) and Propose.

Hand-over has two options of its own, shown only in that mode: how many days ahead a caseload
entry counts as ending soon, and whether its current volunteer may continue (no rotation).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coordinator.assignment import ProposalMode
from coordinator.assignment.engine import DEFAULT_HANDOVER_DAYS

MAX_HANDOVER_DAYS = 365


@dataclass(frozen=True)
class ModeText:
    """How one mode reads: its name in the selector, the button, a line saying what it does."""

    mode: ProposalMode
    name: str
    button: str
    hint: str


MODES = (
    ModeText(
        ProposalMode.ASSIGN,
        "New caseloads",
        "Propose assignments",
        "Finds a volunteer for every community without one; caseloads stay as they are.",
    ),
    ModeText(
        ProposalMode.REBALANCE,
        "Rebalance",
        "Propose rebalance",
        "May also move unpinned communities to a volunteer who fits clearly better.",
    ),
    ModeText(
        ProposalMode.HANDOVER,
        "Hand-over",
        "Propose successors",
        "Successors for caseloads that end soon; pinned ones stay.",
    ),
)


@dataclass(frozen=True)
class ProposalRequest:
    """What the lead asked for."""

    mode: ProposalMode
    within_days: int = DEFAULT_HANDOVER_DAYS
    rotate: bool = True


class ProposalControls(QWidget):
    """Mode selector, the mode's options, Propose, and a progress bar while it runs."""

    propose_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        for text in MODES:
            self.mode.addItem(text.name, text.mode)
        self.mode.setToolTip("What to propose")
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.propose_button = QPushButton(MODES[0].button)
        self.propose_button.setProperty("primary", True)
        self.propose_button.clicked.connect(self.propose_clicked)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFixedWidth(160)
        self.progress.hide()
        self.hint = QLabel()
        self.hint.setObjectName("Muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.days = QSpinBox()
        self.days.setRange(0, MAX_HANDOVER_DAYS)
        self.days.setValue(DEFAULT_HANDOVER_DAYS)
        self.days.setSuffix(" days")
        self.days.setFixedWidth(self.days.fontMetrics().horizontalAdvance("365 days") + 44)
        self.days.setToolTip("Caseload entries whose planned end is this close (or already past)")
        self.keep_volunteer = QCheckBox("Current volunteer may continue")
        self.keep_volunteer.setToolTip(
            "Unticked, a new volunteer takes over (rotation); ticked, the current one may "
            "stay when they still fit best"
        )
        within = QLabel("Caseloads ending within")
        within.setBuddy(self.days)
        self.handover_options = QWidget()
        options = QHBoxLayout(self.handover_options)
        options.setContentsMargins(0, 0, 0, 0)
        options.addWidget(within)
        options.addWidget(self.days)
        options.addSpacing(8)
        options.addWidget(self.keep_volunteer)
        # One line under the selector: what the mode does, or the hand-over options; stacked,
        # so switching modes never moves the selector.
        self.details = QStackedWidget()
        self.details.addWidget(self.hint)
        self.details.addWidget(self.handover_options)

        first = QHBoxLayout()
        first.addStretch(1)
        first.addWidget(self.progress)
        first.addWidget(self.mode)
        first.addWidget(self.propose_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(first)
        layout.addWidget(self.details, 0, Qt.AlignmentFlag.AlignRight)
        self._mode_changed()

    def current_mode(self) -> ProposalMode:
        """The mode chosen in the selector."""
        return ProposalMode(self.mode.currentData())

    def set_mode(self, mode: ProposalMode) -> None:
        """Choose a mode (as picking it in the selector does)."""
        self.mode.setCurrentIndex(self.mode.findData(mode))

    def request(self) -> ProposalRequest:
        """The mode and its options as they are set now."""
        return ProposalRequest(
            mode=self.current_mode(),
            within_days=self.days.value(),
            rotate=not self.keep_volunteer.isChecked(),
        )

    def set_busy(self, busy: bool, *, steps: bool = True) -> None:
        """While a proposal is computed or accepted: progress shown, nothing to change."""
        for widget in (self.mode, self.propose_button, self.handover_options):
            widget.setEnabled(not busy)
        self.progress.setRange(0, 100 if steps else 0)
        self.progress.setValue(0)
        self.progress.setVisible(busy)

    def show_progress(self, done: int, total: int) -> None:
        """Progress reported by the engine."""
        self.progress.setValue(round(100 * done / total) if total else 0)

    def _mode_changed(self) -> None:
        text = MODES[max(self.mode.currentIndex(), 0)]
        self.propose_button.setText(text.button)
        self.propose_button.setToolTip(f"{text.hint} Runs in the background.")
        handover = text.mode == ProposalMode.HANDOVER
        self.hint.setText(text.hint)
        self.details.setCurrentWidget(self.handover_options if handover else self.hint)
