"""What the Communities and Volunteers pages share: header, filter bar, table, lazy loading.

Rows are read on the thread pool (``list_communities`` takes about a second at 5,000 rows on a
slow machine) and swapped in with one model reset; the local-time columns repaint once a
minute without a reload.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_ui.pages import Page
from coordinator_ui.row_filter import RowFilterProxy
from coordinator_ui.table_models import Column, RowTableModel
from coordinator_ui.theme import MUTED, icon
from coordinator_ui.workers import run_task

if TYPE_CHECKING:
    from coordinator.db import Database

log = logging.getLogger(__name__)

ANY = ""  # the combo data meaning "no filter on this"


def chip(text: str, tooltip: str = "") -> QToolButton:
    """A checkable filter chip."""
    button = QToolButton()
    button.setText(text)
    button.setCheckable(True)
    button.setProperty("chip", True)
    button.setToolTip(tooltip)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def choice_combo(placeholder: str, tooltip: str) -> QComboBox:
    """A filter combo whose first entry (data ``ANY``) means 'no filter'."""
    combo = QComboBox()
    combo.addItem(placeholder, ANY)
    combo.setToolTip(tooltip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def set_choices(combo: QComboBox, values: list[str]) -> None:
    """Refill a filter combo, keeping the current choice when it still exists."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for value in values:
        combo.addItem(value, value)
    position = combo.findData(current)
    combo.setCurrentIndex(max(position, 0))
    combo.blockSignals(False)


class TablePage(Page):
    """A page listing rows in a sortable, filterable table with a header and an action bar."""

    selection_changed = Signal()
    rows_loaded = Signal()

    title = ""
    noun = "row"
    plural = "rows"

    def __init__(
        self,
        database: Database,
        parent: QWidget | None,
        columns: list[Column[Any]],
        criteria: Any,
        undo_stack: QUndoStack | None = None,
    ) -> None:
        super().__init__(database, parent)
        self.undo_stack = undo_stack or QUndoStack(self)
        self.model: RowTableModel[Any] = RowTableModel(columns, self)
        self.proxy = RowFilterProxy(criteria, self)
        self.proxy.setSourceModel(self.model)
        self.loaded = False
        self.loading = False
        self._pending_header: QByteArray | None = None
        self._reload_again = False

        self.title_label = QLabel(self.title)
        self.title_label.setObjectName("PageTitle")
        self.count_label = QLabel("Loading…")
        self.count_label.setObjectName("PageSubtitle")
        self.header_actions = QHBoxLayout()
        self.header_actions.setSpacing(6)

        self.search = QLineEdit()
        self.search.setObjectName("SearchBox")
        self.search.setPlaceholderText(f"Filter {self.plural}…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_bar = QFrame()
        self.filter_bar.setObjectName("FilterBar")
        self.filter_row = QHBoxLayout()
        self.filter_row.setSpacing(8)
        self.filter_row.addWidget(self.search, 1)
        self.chip_row = QHBoxLayout()
        self.chip_row.setSpacing(6)
        self.clear_button = QToolButton()
        self.clear_button.setObjectName("ActionButton")
        self.clear_button.setText("Clear filters")
        self.clear_button.setIcon(icon("clear", MUTED))
        self.clear_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.clear_button.clicked.connect(self.clear_filters)
        bar = QVBoxLayout(self.filter_bar)
        bar.setContentsMargins(10, 8, 10, 8)
        bar.setSpacing(6)
        bar.addLayout(self.filter_row)
        bar.addLayout(self.chip_row)

        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(2)
        self.selection_label = QLabel("")
        self.selection_label.setObjectName("Muted")

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().setVisible(False)
        # Fixed row heights: the view never measures 5,000 rows after a filter change.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setResizeContentsPrecision(200)  # size columns from the first rows only
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self._sized = False
        self._apply_default_widths()
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_activated)  # double-click or Enter
        self.search.textChanged.connect(self.apply_filters)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title_label)
        titles.addWidget(self.count_label)
        top.addLayout(titles)
        top.addStretch(1)
        top.addLayout(self.header_actions)
        actions = QHBoxLayout()
        actions.addLayout(self.action_row)
        actions.addStretch(1)
        actions.addWidget(self.selection_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

        self.clock = QTimer(self)
        self.clock.setTimerType(Qt.TimerType.CoarseTimer)
        self.clock.timeout.connect(self._tick)
        self._schedule_tick()

    # -- to be provided by each page --------------------------------------------------------
    def list_rows(self) -> list[Any]:
        """Read the rows (runs on a worker thread)."""
        raise NotImplementedError

    def current_criteria(self) -> Any:
        """The filter criteria the widgets describe now."""
        raise NotImplementedError

    def after_rows_loaded(self, rows: list[Any]) -> None:
        """Refill choices (regions, languages) from the rows just loaded."""

    def edit_selected(self) -> None:
        """Open the edit form of the current row."""

    # -- loading -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the rows on the thread pool; the table keeps showing the old ones meanwhile."""
        if self.loading:
            self._reload_again = True
            return
        self.loading = True
        self.status_message.emit(f"Loading {self.noun}s…")
        run_task(self._read_rows, on_done=self._on_rows, on_error=self._on_load_error)

    def _read_rows(self) -> tuple[list[Any], dict[int, list[Any]]]:
        rows = self.list_rows()
        # Sort keys too, so the first click on a header only sorts (some keys need a zone).
        return rows, self.model.sort_keys(rows)

    def _on_rows(self, result: tuple[list[Any], dict[int, list[Any]]]) -> None:
        self.loading = False
        rows, keys = result
        selected = {row.id for row in self.selected_rows()}
        current = self.current_row()
        self.model.set_rows(rows, keys)
        self.after_rows_loaded(rows)
        self.proxy.set_criteria(self.current_criteria())
        self.loaded = True
        self._restore_pending_header()
        if not self._sized and rows:
            self._size_columns()
        self.select_ids(selected, current.id if current else None)
        self._update_count()
        self.status_message.emit("")
        self.rows_loaded.emit()
        if self._reload_again:
            self._reload_again = False
            self.reload()

    def _on_load_error(self, error: BaseException) -> None:
        self.loading = False
        log.error("could not read %ss", self.noun, exc_info=error)
        self.count_label.setText(f"Could not read the {self.noun}s: {error}")
        self.status_message.emit(f"Could not read the {self.noun}s.")

    # -- filtering ---------------------------------------------------------------------------
    def apply_filters(self, *_args: Any) -> None:
        """Re-filter from the widgets' state (called on every keystroke and choice)."""
        self.proxy.set_criteria(self.current_criteria())
        self._update_count()
        self.selection_changed.emit()

    def focus_filter(self) -> None:
        """Put the cursor in the filter box (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = self.noun if total == 1 else self.plural
        text = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun} shown"
        self.count_label.setText(text)

    # -- selection ---------------------------------------------------------------------------
    def selected_rows(self) -> list[Any]:
        """The selected rows, in the order shown."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.proxy.row_at(r) for r in rows]

    def current_row(self) -> Any | None:
        """The row with the keyboard focus (or the only selected one)."""
        index = self.table.currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row()):
            return self.proxy.row_at(index.row())
        selected = self.selected_rows()
        return selected[0] if selected else None

    def select_ids(self, ids: set[int], current_id: int | None = None) -> None:
        """Select the rows with these ids (after a reload)."""
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for r in range(self.proxy.rowCount()):
            row_id = self.proxy.row_at(r).id
            if row_id in ids:
                selection.select(self.proxy.index(r, 0), flags)
            if row_id == current_id:
                selection.setCurrentIndex(
                    self.proxy.index(r, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                )
        self._on_selection_changed()

    def _on_selection_changed(self, *_args: Any) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.selection_label.setText(f"{count} selected" if count > 1 else "")
        self.selection_changed.emit()

    def _on_activated(self, *_args: Any) -> None:
        self.edit_selected()

    def clear_filters(self) -> None:
        """Show every row again."""
        self.set_filter(type(self.proxy.criteria)())

    def set_filter(self, criteria: Any) -> None:
        """Set the filter widgets from ``criteria``."""
        raise NotImplementedError

    def finish_filter_bar(self) -> None:
        """Close the chip row with the Clear button (after a page added its chips)."""
        self.chip_row.addStretch(1)
        self.chip_row.addWidget(self.clear_button)

    # -- columns, state, clock ---------------------------------------------------------------
    def _apply_default_widths(self) -> None:
        char = self.fontMetrics().averageCharWidth()
        for i, column in enumerate(self.model.columns):
            self.table.setColumnWidth(i, column.width_chars * char + 3 * char)
            self.table.setColumnHidden(i, column.hidden)

    def _size_columns(self) -> None:
        """Fit columns to their contents once (unless the person's own widths were restored)."""
        self._sized = True
        self.table.resizeColumnsToContents()
        widest = self.fontMetrics().averageCharWidth() * 42
        for i in range(self.model.columnCount()):
            width = self.table.columnWidth(i) + self.fontMetrics().averageCharWidth() * 2
            self.table.setColumnWidth(i, min(width, widest))

    def _column_menu(self, position: Any) -> None:
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        for i, column in enumerate(self.model.columns):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(i))
            action.setData(i)
        chosen = menu.exec(header.mapToGlobal(position))
        if chosen is not None:
            self.table.setColumnHidden(chosen.data(), not chosen.isChecked())

    def header_state(self) -> QByteArray:
        """Column order, widths and sort for the settings file."""
        return self.table.horizontalHeader().saveState()

    def restore_header_state(self, state: QByteArray | bytes | None) -> None:
        """Restore column order, widths and sort (applied once rows are there)."""
        if not state:
            return
        self._pending_header = QByteArray(state)
        if self.loaded:
            self._restore_pending_header()

    def _restore_pending_header(self) -> None:
        if self._pending_header is None:
            return
        header: QHeaderView = self.table.horizontalHeader()
        if header.restoreState(self._pending_header):
            self._sized = True
            column = header.sortIndicatorSection()
            if 0 <= column < self.model.columnCount():
                self.model.sort(column, header.sortIndicatorOrder())
        self._pending_header = None

    def _schedule_tick(self) -> None:
        now = datetime.now(UTC)
        # Fire just after the next minute starts, so clocks change when the minute does.
        self.clock.start((60 - now.second) * 1000 - now.microsecond // 1000 + 50)

    def _tick(self) -> None:
        self.model.refresh_clock()
        self._schedule_tick()

    # -- helpers for subclasses --------------------------------------------------------------
    def add_action_button(self, action: QAction) -> QToolButton:
        """Show ``action`` as a flat button in the action row above the table."""
        button = QToolButton()
        button.setObjectName("ActionButton")
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.action_row.addWidget(button)
        return button

    def make_action(self, text: str, icon_name: str, slot: Callable[[], None], tip: str) -> QAction:
        """An action of this page, with an icon and a status tip."""
        action = QAction(icon(icon_name), text, self)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action
