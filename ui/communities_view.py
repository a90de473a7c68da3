"""The Communities page: every community with health, host, local time and volunteer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QUndoStack
from PySide6.QtWidgets import QWidget

from coordinator import editing
from coordinator.db import Database
from coordinator.domain import CommunityKind, HealthBand
from coordinator.queries import (
    CommunityFilter,
    CommunityRow,
    community_names,
    known_languages,
    list_communities,
)
from coordinator_ui.columns import COMMUNITY_COLUMNS
from coordinator_ui.community_form import CommunityForm
from coordinator_ui.record_actions import RecordPage
from coordinator_ui.table_page import ANY, chip, choice_combo, set_choices
from coordinator_ui.theme import band_icon, icon
from coordinator_ui.undo import EditEvents

_BANDS = [
    HealthBand.REALLY_ACTIVE,
    HealthBand.ACTIVE,
    HealthBand.QUIET,
    HealthBand.DORMANT,
    HealthBand.UNKNOWN,
]


class CommunitiesView(RecordPage):
    """Filterable table of communities with add/edit forms and multi-select actions."""

    title = "Communities"
    noun = "community"
    plural = "communities"
    entity = "community"

    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        *,
        undo_stack: QUndoStack | None = None,
        events: EditEvents | None = None,
    ) -> None:
        super().__init__(database, parent, COMMUNITY_COLUMNS, CommunityFilter(), undo_stack, events)
        self.search.setPlaceholderText("Filter by name, host, topic, zone…  (Ctrl+F)")

        self.band = choice_combo("All health", "Show one health band")
        for band in _BANDS:
            self.band.addItem(band_icon(band), band.value.capitalize(), band.value)
        self.kind = choice_combo("All kinds", "Show one kind of community")
        for kind in CommunityKind:
            self.kind.addItem(kind.value.capitalize(), kind.value)
        self.region = choice_combo("All regions", "Show one region (the part of the zone before /)")
        self.language = choice_combo("All languages", "Show one language")
        self.showcase_chip = chip("Showcase", "Only showcase communities")
        self.help_chip = chip("Help requested", "Only communities that asked for help")
        self.unassigned_chip = chip("Unassigned", "Only communities without a volunteer")
        self.inactive_chip = chip("Inactive too", "Also list deactivated communities")
        # The Dashboard's named lists (showcase candidates, overdue…): a chip that clears them.
        self.subset_chip = chip(
            "", "Only the communities listed on the Dashboard; click to show all"
        )
        self.subset_chip.setVisible(False)
        self.subset_chip.setIcon(icon("clear", "#1d3fb8"))
        self.subset_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.subset_chip.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the ✕ after the text
        self.subset_chip.toggled.connect(self._subset_toggled)
        self._subset: tuple[frozenset[int], str] | None = None
        self.chip_row.addWidget(self.subset_chip)
        self.add_filters(
            (self.band, self.kind, self.region, self.language),
            (self.showcase_chip, self.help_chip, self.unassigned_chip, self.inactive_chip),
        )
        self.act_showcase = self.make_action(
            "Flag showcase", "showcase", self.toggle_showcase, "Mark the selection as showcase"
        )
        self.act_help = self.make_action(
            "Help requested", "help", self.toggle_help, "Mark the selection as asking for help"
        )
        self.add_record_actions("community", self.act_showcase, self.act_help)

    # -- data ----------------------------------------------------------------------------
    def list_rows(self) -> list[CommunityRow]:
        return list_communities(self.database)

    def after_rows_loaded(self, rows: list[Any]) -> None:
        set_choices(self.region, sorted({r.region for r in rows}))
        set_choices(self.language, sorted({r.language for r in rows}, key=str.casefold))

    def current_criteria(self) -> CommunityFilter:
        band = self.band.currentData()
        kind = self.kind.currentData()
        return CommunityFilter(
            text=self.search.text(),
            bands=frozenset({HealthBand(band)}) if band else frozenset(),
            kinds=frozenset({CommunityKind(kind)}) if kind else frozenset(),
            region=self.region.currentData() or ANY,
            language=self.language.currentData() or ANY,
            showcase=self.showcase_chip.isChecked(),
            help_requested=self.help_chip.isChecked(),
            unassigned=self.unassigned_chip.isChecked(),
            include_inactive=self.inactive_chip.isChecked(),
            ids=self._subset[0] if self._subset else None,
            subset=self._subset[1] if self._subset else "",
        )

    def _subset_toggled(self, checked: bool) -> None:
        if not checked:
            self._subset = None
            self.subset_chip.setVisible(False)
        self.apply_filters()

    def set_filter(self, criteria: CommunityFilter) -> None:
        """Show the widgets (and so the rows) for ``criteria`` (used by the Dashboard)."""
        widgets = (self.band, self.kind, self.region, self.language, self.search)
        chips = (
            self.showcase_chip,
            self.help_chip,
            self.unassigned_chip,
            self.inactive_chip,
            self.subset_chip,
        )
        for widget in (*widgets, *chips):
            widget.blockSignals(True)
        band = next(iter(criteria.bands), None)
        kind = next(iter(criteria.kinds), None)
        self.band.setCurrentIndex(max(self.band.findData(band.value if band else ANY), 0))
        self.kind.setCurrentIndex(max(self.kind.findData(kind.value if kind else ANY), 0))
        self.region.setCurrentIndex(max(self.region.findData(criteria.region), 0))
        self.language.setCurrentIndex(max(self.language.findData(criteria.language), 0))
        self.search.setText(criteria.text)
        self.showcase_chip.setChecked(criteria.showcase)
        self.help_chip.setChecked(criteria.help_requested)
        self.unassigned_chip.setChecked(criteria.unassigned)
        self.inactive_chip.setChecked(criteria.include_inactive)
        self._subset = (criteria.ids, criteria.subset) if criteria.ids is not None else None
        self.subset_chip.setChecked(criteria.ids is not None)
        if criteria.ids is not None:
            text = f"{criteria.subset or 'Chosen'} ({len(criteria.ids)})"
            self.subset_chip.setText(text)
            # Checked chips are bold (style sheet): size it for the bold text and the icon.
            bold = QFont(self.subset_chip.font())
            bold.setBold(True)
            extra = 3 * self.fontMetrics().height()
            self.subset_chip.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(text) + extra)
        self.subset_chip.setVisible(criteria.ids is not None)
        for widget in (*widgets, *chips):
            widget.blockSignals(False)
        self.apply_filters()

    # -- actions -------------------------------------------------------------------------
    def update_actions(self) -> None:
        rows = self.selected_rows() if self.writable else []
        for action in (self.act_showcase, self.act_help, self.act_active):
            action.setEnabled(bool(rows))
        self.act_edit.setEnabled(self.writable and self.current_row() is not None)
        self.act_delete.setEnabled(self.writable and self.current_row() is not None)
        self.new_button.setEnabled(self.writable)
        all_showcase = bool(rows) and all(r.showcase for r in rows)
        self.act_showcase.setText("Remove showcase" if all_showcase else "Flag showcase")
        all_help = bool(rows) and all(r.help_requested for r in rows)
        self.act_help.setText("Help given" if all_help else "Help requested")
        all_inactive = bool(rows) and all(not r.active for r in rows)
        self.act_active.setText("Reactivate" if all_inactive else "Deactivate")

    def _form(self, submit: Any, **kwargs: Any) -> CommunityForm:
        return CommunityForm(
            submit,
            taken_names=community_names(self.database),
            languages=known_languages(self.database) or ["English"],
            settings=editing.read_settings(self.database),
            parent=self,
            **kwargs,
        )

    def toggle_showcase(self) -> None:
        """Flag the selection as showcase (or remove the flag when all have it)."""
        rows = self.selected_rows()
        if not rows:
            return
        value = not all(r.showcase for r in rows)
        ids = [r.id for r in rows]
        verb = "Flag showcase:" if value else "Remove showcase:"
        self.bulk(
            f"{verb} {self._count(rows)}",
            lambda: editing.flag_showcase(self.database, ids, value),
        )

    def toggle_help(self) -> None:
        """Mark the selection as asking for help (or clear it when all have asked)."""
        rows = self.selected_rows()
        if not rows:
            return
        value = not all(r.help_requested for r in rows)
        ids = [r.id for r in rows]
        verb = "Help requested:" if value else "Help given:"
        self.bulk(
            f"{verb} {self._count(rows)}",
            lambda: editing.flag_help_requested(self.database, ids, value),
        )
