"""Recognition on the Volunteers page: the selected volunteer's check-ins done and the
communities that moved up a band during their caseload."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from coordinator.db import Database
from coordinator.reporting.charts import BAND_COLOURS, BAND_LABELS
from coordinator.reporting.recognition import Recognition, volunteer_recognition
from coordinator_ui.theme import icon
from coordinator_ui.workers import run_task

_HINT = "Select a volunteer to see their check-ins done and the communities that moved up a band."


def recognition_text(item: Recognition) -> str:
    """One line of rich text: check-ins, caseload and the communities lifted."""
    moves = ", ".join(
        f"{escape(m.name)} (<span style='color:{BAND_COLOURS[m.before]}'>"
        f"{BAND_LABELS[m.before].lower()}</span> → <span style='color:{BAND_COLOURS[m.after]}'>"
        f"<b>{BAND_LABELS[m.after].lower()}</b></span>)"
        for m in item.moved_up
    )
    lifted = f" · moved up a band: {moves}" if moves else " · no community moved up a band yet"
    return (
        f"<b>{escape(item.name)}</b>: <b>{item.check_ins_done:,}</b> check-ins done · "
        f"{item.communities_coached:,} communities coached{lifted}"
    )


class RecognitionPanel(QFrame):
    """A strip under the Volunteers table; reads every volunteer's recognition in one go."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setObjectName("FilterBar")  # the same white rounded frame as the filter bar
        self.by_id: dict[int, Recognition] = {}
        self.loading = False
        self.current: int | None = None
        badge = QLabel()
        size = self.fontMetrics().height()
        badge.setPixmap(icon("showcase", "#e0a526").pixmap(size, size))
        self.text = QLabel(_HINT)
        self.text.setObjectName("Muted")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)

    def reload(self) -> None:
        """Read the recognition again on the thread pool."""
        if self.loading:
            return
        self.loading = True
        run_task(volunteer_recognition, self.database, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, items: list[Recognition]) -> None:
        self.loading = False
        self.by_id = {item.facilitator_id: item for item in items}
        self._render()

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self.text.setText(f"Could not read the recognition: {escape(str(error))}")

    def show_volunteer(self, row: Any) -> None:
        """Show the recognition of ``row`` (a FacilitatorRow, or None for the hint)."""
        self.current = getattr(row, "id", None)
        self._render()

    def _render(self) -> None:
        item = self.by_id.get(self.current) if self.current is not None else None
        if item is None:
            self.text.setText(_HINT if self.current is None or not self.loading else "Loading…")
            self.text.setObjectName("Muted")
        else:
            self.text.setText(recognition_text(item))
            self.text.setObjectName("")
        self.text.style().unpolish(self.text)
        self.text.style().polish(self.text)
