"""A searchable IANA time-zone field: completion over every known zone with its offset now."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QWidget

from coordinator.domain import known_time_zones
from coordinator.worktime import now_in, utc_offset_text
from coordinator_ui.theme import MUTED, icon

ZONE_ROLE = Qt.ItemDataRole.UserRole + 1

# Zones kept by the tz database only for backward compatibility clutter the list.
_LEGACY_PREFIXES = ("Etc/GMT", "SystemV/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/")


def selectable_zones() -> list[str]:
    """The zones offered for completion: canonical-looking names plus UTC, sorted."""
    zones = [
        z
        for z in known_time_zones()
        if ("/" in z and not z.startswith(_LEGACY_PREFIXES) and not z.startswith("posix/"))
        or z == "UTC"
    ]
    return sorted(zones)


def resolve_zone(text: str) -> str | None:
    """The zone a person meant: an exact name, or the single zone whose name contains ``text``.

    "kolkata" → "Asia/Kolkata", "new york" → "America/New_York"; None when unknown or ambiguous.
    """
    wanted = text.strip()
    if not wanted:
        return None
    zones = known_time_zones()
    if wanted in zones:
        return wanted
    key = wanted.replace(" ", "_").casefold()
    exact = [z for z in zones if z.casefold() == key]
    if exact:
        return exact[0]
    matches = [z for z in selectable_zones() if z.rsplit("/", 1)[-1].casefold() == key]
    return matches[0] if len(matches) == 1 else None


class ZonePicker(QWidget):
    """A line edit completing IANA zones (``kolk`` → Asia/Kolkata) with the offset now beside it."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Type a city or region, e.g. Kolkata")
        self.edit.addAction(icon("globe", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.edit.setAccessibleName("Time zone")
        self.offset = QLabel()
        self.offset.setObjectName("Muted")
        self.offset.setMinimumWidth(self.fontMetrics().horizontalAdvance("UTC+05:45 · 23:59 Wed"))
        self.completer = QCompleter(self._zone_model(), self)
        self.completer.setCompletionRole(ZONE_ROLE)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.offset)
        self.edit.textChanged.connect(self._on_text)
        self.edit.editingFinished.connect(self._on_finished)

    def _zone_model(self) -> QStandardItemModel:
        model = QStandardItemModel(self)
        now = datetime.now(UTC)
        for zone in selectable_zones():
            item = QStandardItem(f"{zone}    {utc_offset_text(zone, now)}")
            item.setData(zone, ZONE_ROLE)
            item.setEditable(False)
            model.appendRow(item)
        return model

    def zone(self) -> str:
        """The text as typed (validated by the form's rules)."""
        return self.edit.text().strip()

    def set_zone(self, zone: str) -> None:
        self.edit.setText(zone)

    def _on_text(self, text: str) -> None:
        zone = text.strip()
        if zone in known_time_zones():
            local = now_in(zone).strftime("%H:%M %a")
            self.offset.setText(f"{utc_offset_text(zone)} · {local}")
        else:
            self.offset.setText("")
        self.changed.emit(zone)

    def _on_finished(self) -> None:
        resolved = resolve_zone(self.edit.text())
        if resolved and resolved != self.edit.text():
            self.edit.setText(resolved)
