"""Undo/redo of the window's edits: each step calls ``coordinator.editing`` (audited).

An edit is made *before* its command is pushed (``perform``), so a refused edit shows its message
and never enters the stack; the stack's first ``redo()`` is then skipped. If an undo or redo later
fails (someone else changed the record meanwhile), the message is reported and the command is
marked obsolete, so the stack drops it instead of pretending it worked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from coordinator import editing
from coordinator.db import Database
from coordinator.editing import (
    BulkChange,
    CommunityFields,
    Deleted,
    EditError,
    Entity,
    FacilitatorFields,
    Saved,
    Updated,
)
from coordinator.settings import Settings

log = logging.getLogger(__name__)


class EditEvents(QObject):
    """Tells the window what changed (to reload) and what could not be done (to say so).

    It also keeps the version of each record as this window last wrote it: an undo expects
    that version, so it succeeds after other undone steps but notices someone else's change.
    """

    changed = Signal(str)  # "community", "facilitator" or "settings"
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.versions: dict[tuple[str, int], int] = {}

    def wrote(self, entity: str, record_id: int, version: int) -> None:
        """Remember the version a write of this window left."""
        self.versions[(entity, record_id)] = version

    def expected(self, entity: str, record_id: int, fallback: int) -> int:
        """The version this window last saw for a record."""
        return self.versions.get((entity, record_id), fallback)


class EditCommand(QUndoCommand):
    """A command whose first application happened before it was pushed."""

    entity = "community"

    def __init__(self, database: Database, events: EditEvents, text: str) -> None:
        super().__init__(text)
        self.database = database
        self.events = events
        self._applied = False

    def first(self) -> None:
        """Make the edit for the first time (raises ``EditError`` when it cannot be made)."""
        raise NotImplementedError

    def apply_undo(self) -> None:
        raise NotImplementedError

    def apply_redo(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if not self._applied:
            self._applied = True  # done by perform() already
            return
        self._run(self.apply_redo, "Redo")

    def undo(self) -> None:
        self._run(self.apply_undo, "Undo")

    def _run(self, step: Callable[[], None], label: str) -> None:
        try:
            step()
        except (EditError, ValueError) as exc:
            self.setObsolete(True)
            self.events.failed.emit(f"{label} of “{self.text()}” was not possible: {exc}")
        else:
            self.events.changed.emit(self.entity)


class CreateCommand(EditCommand):
    """Add a community or volunteer; undo deletes it, redo brings it back under the same id."""

    def __init__(
        self, database: Database, events: EditEvents, values: CommunityFields | FacilitatorFields
    ) -> None:
        super().__init__(database, events, f"Add {values.name.strip()}")
        self.values = values
        self.entity = "community" if isinstance(values, CommunityFields) else "facilitator"
        self.saved: Saved | None = None
        self.deleted: Deleted | None = None

    def first(self) -> None:
        self.saved = editing.create(self.database, self.values)
        self.events.wrote(self.entity, self.saved.id, self.saved.version)

    def apply_undo(self) -> None:
        assert self.saved is not None
        saved = self.saved
        expected = self.events.expected(saved.entity, saved.id, saved.version)
        self.deleted = editing.delete(self.database, saved.entity, saved.id, expected, note="Undo")

    def apply_redo(self) -> None:
        assert self.deleted is not None
        self.saved = editing.restore(self.database, self.deleted, note="Redo")
        self.events.wrote(self.entity, self.saved.id, self.saved.version)


class UpdateCommand(EditCommand):
    """Change a record's values; undo puts the previous values back (and vice versa)."""

    def __init__(
        self,
        database: Database,
        events: EditEvents,
        entity: Entity,
        record_id: int,
        values: CommunityFields | FacilitatorFields,
        expected_version: int | None,
    ) -> None:
        super().__init__(database, events, f"Edit {values.name.strip()}")
        self.entity = entity
        self.record_id = record_id
        self.values = values
        self.expected_version = expected_version
        self.result: Updated | None = None

    def first(self) -> None:
        self.result = editing.update(
            self.database, self.entity, self.record_id, self.values, self.expected_version
        )
        self.events.wrote(self.entity, self.record_id, self.result.saved.version)

    def _swap(self, note: str) -> None:
        assert self.result is not None
        expected = self.events.expected(self.entity, self.record_id, self.result.saved.version)
        self.result = editing.update(
            self.database, self.entity, self.record_id, self.result.before, expected, note=note
        )
        self.events.wrote(self.entity, self.record_id, self.result.saved.version)

    def apply_undo(self) -> None:
        self._swap("Undo")

    def apply_redo(self) -> None:
        self._swap("Redo")


class DeleteCommand(EditCommand):
    """Delete a record without caseload history; undo restores it with its activity."""

    def __init__(
        self,
        database: Database,
        events: EditEvents,
        entity: Entity,
        record_id: int,
        name: str,
        expected_version: int | None,
    ) -> None:
        super().__init__(database, events, f"Delete {name}")
        self.entity = entity
        self.record_id = record_id
        self.expected_version = expected_version
        self.deleted: Deleted | None = None
        self.saved: Saved | None = None

    def first(self) -> None:
        self.deleted = editing.delete(
            self.database, self.entity, self.record_id, self.expected_version
        )

    def apply_undo(self) -> None:
        assert self.deleted is not None
        self.saved = editing.restore(self.database, self.deleted, note="Undo")
        self.events.wrote(self.entity, self.saved.id, self.saved.version)

    def apply_redo(self) -> None:
        assert self.saved is not None
        expected = self.events.expected(self.entity, self.saved.id, self.saved.version)
        self.deleted = editing.delete(
            self.database, self.entity, self.saved.id, expected, note="Redo"
        )


class BulkCommand(EditCommand):
    """One field changed on several records (showcase, help requested, active)."""

    def __init__(
        self,
        database: Database,
        events: EditEvents,
        text: str,
        entity: Entity,
        change: Callable[[], BulkChange],
    ) -> None:
        super().__init__(database, events, text)
        self.entity = entity
        self._make_change = change
        self.change: BulkChange | None = None

    def first(self) -> None:
        self.change = self._make_change()
        self._remember()

    def _swap(self, note: str) -> None:
        assert self.change is not None
        versions = {
            record_id: self.events.expected(self.entity, record_id, version)
            for record_id, version in self.change.versions.items()
        }
        self.change = editing.revert(
            self.database, replace(self.change, versions=versions), note=note
        )
        self._remember()

    def _remember(self) -> None:
        assert self.change is not None
        for record_id, version in self.change.versions.items():
            self.events.wrote(self.entity, record_id, version)

    def apply_undo(self) -> None:
        self._swap("Undo")

    def apply_redo(self) -> None:
        self._swap("Redo")


class SettingsCommand(EditCommand):
    """Change the programme settings; undo restores the previous ones."""

    entity = "settings"

    def __init__(self, database: Database, events: EditEvents, settings: Settings) -> None:
        super().__init__(database, events, "Change settings")
        self.settings = settings
        self.before: Settings | None = None

    def first(self) -> None:
        self.before = editing.update_settings(self.database, self.settings)

    def apply_undo(self) -> None:
        assert self.before is not None
        editing.update_settings(self.database, self.before, note="Undo")

    def apply_redo(self) -> None:
        editing.update_settings(self.database, self.settings, note="Redo")


def perform(stack: QUndoStack, command: EditCommand) -> str | None:
    """Make the edit and push it for undo; returns the reason when it could not be made."""
    try:
        command.first()
    except (EditError, ValueError) as exc:
        return str(exc)
    stack.push(command)
    command.events.changed.emit(command.entity)
    return None
