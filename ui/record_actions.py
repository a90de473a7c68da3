"""Behaviour shared by the Communities and Volunteers pages: forms, bulk edits, deletion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from coordinator import editing
from coordinator.db import Database
from coordinator.editing import BulkChange, Entity
from coordinator_ui.table_models import Column
from coordinator_ui.table_page import TablePage
from coordinator_ui.theme import icon
from coordinator_ui.undo import (
    BulkCommand,
    CreateCommand,
    DeleteCommand,
    EditEvents,
    UpdateCommand,
    perform,
)


class RecordPage(TablePage):
    """A table page whose rows are records the lead edits (with undo)."""

    entity: Entity = "community"

    def __init__(
        self,
        database: Database,
        parent: QWidget | None,
        columns: list[Column[Any]],
        criteria: Any,
        undo_stack: QUndoStack | None = None,
        events: EditEvents | None = None,
    ) -> None:
        super().__init__(database, parent, columns, criteria, undo_stack)
        self.events = events or EditEvents(self)
        if events is None:  # standing alone: reload and explain after our own edits and undos
            self.events.changed.connect(self._on_own_change)
            self.events.failed.connect(self._on_edit_failed)
        self.selection_changed.connect(self.update_actions)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)

    @property
    def writable(self) -> bool:
        """False on a read-only database: every edit is disabled."""
        return not self.database.read_only

    def add_filters(
        self, combos: tuple[QComboBox, ...], chips: tuple[QAbstractButton, ...]
    ) -> None:
        """Put the page's filter combos and chips in the filter bar; any change re-filters."""
        for combo in combos:
            self.filter_row.addWidget(combo)
            combo.currentIndexChanged.connect(self.apply_filters)
        for button in chips:
            self.chip_row.addWidget(button)
            button.toggled.connect(self.apply_filters)
        self.finish_filter_bar()

    def add_record_actions(self, noun: str, *own: QAction) -> None:
        """The "New …" button and the row actions: Edit, the page's ``own``, Deactivate, Delete."""
        self.new_button = QPushButton(icon("add", "#ffffff"), f"New {noun}")
        self.new_button.setProperty("primary", True)
        self.new_button.clicked.connect(self.new_record)
        self.header_actions.addWidget(self.new_button)
        self.act_edit = self.make_action("Edit…", "edit", self.edit_selected, f"Edit the {noun}")
        self.act_active = self.make_action(
            "Deactivate", "deactivate", self.toggle_active, "Deactivate the selection"
        )
        self.act_delete = self.make_action(
            "Delete", "delete", self.delete_selected, f"Delete the {noun}"
        )
        for action in (self.act_edit, *own, self.act_active, self.act_delete):
            self.add_action_button(action)
        self.update_actions()

    def _on_own_change(self, _entity: str) -> None:
        self.reload()

    def _on_edit_failed(self, message: str) -> None:
        QMessageBox.warning(self, "Not possible", message)
        self.status_message.emit(message)
        self.reload()

    def _row_menu(self, position: QPoint) -> None:
        """Right-click on a row: edit it, or export its calendar."""
        row = self.current_row()
        if row is None:
            return
        menu = QMenu(self)
        if self.writable:
            menu.addAction("Edit…", self.edit_selected)
        menu.addAction("Export calendar…", self.export_calendar)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def export_calendar(self) -> Any:
        """Export the current row's calendar (.ics): a volunteer's or a community's check-ins."""
        from coordinator_ui.calendar_export import export_for

        row = self.current_row()
        if row is None:
            return None
        key = "facilitator_id" if self.entity == "facilitator" else "community_id"
        return export_for(self, self.database, **{key: row.id})

    def _form(self, submit: Callable[[Any], str | None], **kwargs: Any) -> Any:
        """The page's add/edit form around ``submit`` (each page builds its own)."""
        raise NotImplementedError

    def new_record(self) -> Any:
        """Open the form for a new record (modal; returns it for tests)."""
        form = self._form(self.submit_with(lambda v: CreateCommand(self.database, self.events, v)))
        form.open()
        return form

    def edit_selected(self) -> Any:
        """Open the form of the current record, guarded by the version it was read at."""
        row = self.current_row()
        if row is None or not self.writable:
            return None
        values, version = editing.read(self.database, self.entity, row.id)

        def command(new: Any) -> UpdateCommand:
            return UpdateCommand(self.database, self.events, self.entity, row.id, new, version)

        form = self._form(self.submit_with(command), values=values, record_id=row.id)
        form.open()
        return form

    def update_actions(self) -> None:
        """Enable and name the actions for the current selection."""

    def run_edit(self, command: Any) -> bool:
        """Make an edit through the undo stack; say why when it cannot be made."""
        message = perform(self.undo_stack, command)
        if message:
            QMessageBox.warning(self, "Not saved", message)
            return False
        self.status_message.emit(command.text())
        return True

    def submit_with(self, make_command: Callable[[Any], Any]) -> Callable[[Any], str | None]:
        """A form's submit callback: build the command from the values and perform it."""

        def submit(values: Any) -> str | None:
            command = make_command(values)
            message = perform(self.undo_stack, command)
            if message is None:
                self.status_message.emit(command.text())
            return message

        return submit

    def bulk(self, text: str, change: Callable[[], BulkChange]) -> None:
        """Change one field on the selected records in one undoable step."""
        self.run_edit(BulkCommand(self.database, self.events, text, self.entity, change))

    def toggle_active(self) -> None:
        """Deactivate the selection (or reactivate it when every selected record is inactive)."""
        rows = self.selected_rows()
        if not rows:
            return
        value = all(not r.active for r in rows)
        verb = "Reactivate" if value else "Deactivate"
        ids = [r.id for r in rows]
        self.bulk(
            f"{verb} {self._count(rows)}",
            lambda: editing.set_active(self.database, self.entity, ids, value),
        )

    def delete_selected(self) -> None:
        """Delete the current record after asking (records with history cannot be deleted)."""
        row = self.current_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete",
            f"Delete {row.name}? You can undo this with Edit → Undo.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.run_edit(
            DeleteCommand(self.database, self.events, self.entity, row.id, row.name, row.version)
        )

    def _count(self, rows: list[Any]) -> str:
        if len(rows) == 1:
            return str(rows[0].name)
        return f"{len(rows)} {self.noun}s"
