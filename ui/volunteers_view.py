"""The Volunteers page: every volunteer facilitator with local time, hours, languages and load."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from coordinator import editing
from coordinator.db import Database
from coordinator.queries import (
    FacilitatorFilter,
    FacilitatorRow,
    facilitator_emails,
    known_languages,
    list_facilitators,
)
from coordinator_ui.columns import FACILITATOR_COLUMNS
from coordinator_ui.recognition_panel import RecognitionPanel
from coordinator_ui.record_actions import RecordPage
from coordinator_ui.table_page import ANY, chip, choice_combo, set_choices
from coordinator_ui.undo import EditEvents
from coordinator_ui.volunteer_form import VolunteerForm


class VolunteersView(RecordPage):
    """Filterable table of volunteers with add/edit forms and multi-select actions."""

    title = "Volunteers"
    noun = "volunteer"
    plural = "volunteers"
    entity = "facilitator"

    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        *,
        undo_stack: QUndoStack | None = None,
        events: EditEvents | None = None,
    ) -> None:
        super().__init__(
            database, parent, FACILITATOR_COLUMNS, FacilitatorFilter(), undo_stack, events
        )
        self.search.setPlaceholderText("Filter by name, e-mail, language, skill…  (Ctrl+F)")
        self.region = choice_combo("All regions", "Show one region (the part of the zone before /)")
        self.language = choice_combo("All languages", "Show volunteers who speak a language")
        self.room_chip = chip("Has room", "Only volunteers with open places in their caseload")
        self.inactive_chip = chip("Inactive too", "Also list deactivated volunteers")
        self.add_filters((self.region, self.language), (self.room_chip, self.inactive_chip))
        self.add_record_actions("volunteer")

        # Recognition of the selected volunteer: check-ins done, communities moved up a band.
        self.recognition = RecognitionPanel(database, self)
        self.layout().addWidget(self.recognition)
        self.rows_loaded.connect(self.recognition.reload)
        self.selection_changed.connect(self._show_recognition)

    def _show_recognition(self) -> None:
        self.recognition.show_volunteer(self.current_row())

    def list_rows(self) -> list[FacilitatorRow]:
        return list_facilitators(self.database)

    def after_rows_loaded(self, rows: list[Any]) -> None:
        set_choices(self.region, sorted({r.region for r in rows}))
        languages = {lang for r in rows for lang in r.languages}
        set_choices(self.language, sorted(languages, key=str.casefold))

    def current_criteria(self) -> FacilitatorFilter:
        return FacilitatorFilter(
            text=self.search.text(),
            region=self.region.currentData() or ANY,
            language=self.language.currentData() or ANY,
            with_room=self.room_chip.isChecked(),
            include_inactive=self.inactive_chip.isChecked(),
        )

    def set_filter(self, criteria: FacilitatorFilter) -> None:
        """Show the widgets (and so the rows) for ``criteria`` (used by the Dashboard)."""
        widgets = (self.region, self.language, self.search, self.room_chip, self.inactive_chip)
        for widget in widgets:
            widget.blockSignals(True)
        self.region.setCurrentIndex(max(self.region.findData(criteria.region), 0))
        self.language.setCurrentIndex(max(self.language.findData(criteria.language), 0))
        self.search.setText(criteria.text)
        self.room_chip.setChecked(criteria.with_room)
        self.inactive_chip.setChecked(criteria.include_inactive)
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filters()

    def update_actions(self) -> None:
        rows = self.selected_rows() if self.writable else []
        self.act_active.setEnabled(bool(rows))
        self.act_edit.setEnabled(self.writable and self.current_row() is not None)
        self.act_delete.setEnabled(self.writable and self.current_row() is not None)
        self.new_button.setEnabled(self.writable)
        all_inactive = bool(rows) and all(not r.active for r in rows)
        self.act_active.setText("Reactivate" if all_inactive else "Deactivate")

    def _form(self, submit: Any, **kwargs: Any) -> VolunteerForm:
        return VolunteerForm(
            submit,
            taken_emails=facilitator_emails(self.database),
            languages=known_languages(self.database),
            settings=editing.read_settings(self.database),
            parent=self,
            **kwargs,
        )
