"""The lead's main window: a navigation rail, the pages, menus, undo/redo and a status bar.

The frame (rail, menus, status bar) is built without a database, so ``app.py`` can show it
before SQLAlchemy is even imported; ``attach(database)`` then builds the remembered page.
Pages are imported when first built: the window path imports no page it does not show.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coordinator import APP_NAME, __version__
from coordinator_ui.menus import build_menus
from coordinator_ui.navigation import NavRail
from coordinator_ui.pages import Page
from coordinator_ui.theme import MUTED, icon
from coordinator_ui.window_state import read_bytes, read_text, ui_settings
from coordinator_ui.workers import wait_for_tasks

if TYPE_CHECKING:
    from coordinator.db import Database
    from coordinator.scheduling.events import Event
    from coordinator_ui.record_actions import RecordPage
    from coordinator_ui.reminders import ReminderBridge
    from coordinator_ui.table_page import TablePage
    from coordinator_ui.undo import EditEvents

log = logging.getLogger(__name__)


def _is_a(page: Page | None, module: str, name: str) -> bool:
    """``isinstance(page, module.name)``, without importing ``module`` just to ask."""
    # No such page can exist before its module has been imported.
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(page, getattr(loaded, name))


def _is_table(page: Page | None) -> TypeGuard[TablePage]:
    """True for the Communities and Volunteers pages."""
    return _is_a(page, "coordinator_ui.table_page", "TablePage")


@dataclass(frozen=True)
class PageSpec:
    """A page of the window: its key (for settings), title, icon and how to build it."""

    key: str
    title: str
    icon: str
    build: Callable[[MainWindow], Page]


def _communities(window: MainWindow) -> Page:
    from coordinator_ui.communities_view import CommunitiesView

    return CommunitiesView(
        window.database, window, undo_stack=window.undo_stack, events=window.events
    )


def _volunteers(window: MainWindow) -> Page:
    from coordinator_ui.volunteers_view import VolunteersView

    return VolunteersView(
        window.database, window, undo_stack=window.undo_stack, events=window.events
    )


def _dashboard(window: MainWindow) -> Page:
    from coordinator_ui.dashboard_view import DashboardView

    page = DashboardView(window.database, window)
    page.open_communities.connect(window.show_communities)
    page.open_volunteers.connect(window.show_volunteers)
    return page


def _caseloads(window: MainWindow) -> Page:
    # Imported when first shown: the assignment engine pulls in SciPy (a second at start-up).
    from coordinator_ui.caseloads_view import CaseloadsView

    return CaseloadsView(window.database, window)


def _schedule(window: MainWindow) -> Page:
    from coordinator_ui.schedule_view import ScheduleView

    return ScheduleView(window.database, window)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("dashboard", "Dashboard", "dashboard", _dashboard),
    PageSpec("communities", "Communities", "communities", _communities),
    PageSpec("volunteers", "Volunteers", "volunteers", _volunteers),
    PageSpec("caseloads", "Caseloads", "caseloads", _caseloads),
    PageSpec("schedule", "Schedule", "schedule", _schedule),
)


class MainWindow(QMainWindow):
    """Top-level window of the editor; pages are built and loaded when first shown."""

    def __init__(
        self,
        database: Database | None,
        *,
        offer_first_run: bool = False,
        remember: bool = True,
    ) -> None:
        super().__init__()
        self.database: Database = None  # type: ignore[assignment]  # set by attach()
        self.offer_first_run = offer_first_run
        self.remember = remember
        self.setObjectName("MainWindow")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("dashboard"))
        self.undo_stack = QUndoStack(self)
        self.events: EditEvents = None  # type: ignore[assignment]  # set by attach()
        self.pages: dict[str, Page] = {}
        self._stale: set[str] = set()
        self.reminders: ReminderBridge | None = None

        self.stack = QStackedWidget()
        self.rail = NavRail(APP_NAME)
        for i, spec in enumerate(PAGES):
            self.rail.add_page(spec.title, spec.icon, f"Ctrl+{i + 1}")
            self.stack.addWidget(QWidget())  # replaced by the page when first shown
        self.rail.selected.connect(self.show_page)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.rail)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.database_label = QLabel("Opening the database…")
        self.database_label.setToolTip("The database in use")
        db_icon = QLabel()
        size = self.fontMetrics().height()
        db_icon.setPixmap(icon("database", MUTED).pixmap(QSize(size, size)))
        self.statusBar().addPermanentWidget(db_icon)
        self.statusBar().addPermanentWidget(self.database_label)
        self.rail.footer.setText(f"Version {__version__}")

        self.actions: dict[str, QAction] = {}
        build_menus(self)
        self.settings = ui_settings()
        self._restore_geometry()
        # Until a database is attached nothing can be done but quitting.
        self._waiting = [a for a in self.actions.values() if a.isEnabled()]
        self._waiting.remove(self.actions["quit"])
        if database is None:
            self.rail.setEnabled(False)
            for action in self._waiting:
                action.setEnabled(False)
            self._show_opening()
        else:
            self.attach(database, offer_first_run=offer_first_run)

    def attach(self, database: Database, *, offer_first_run: bool | None = None) -> None:
        """Work on ``database``: show the remembered page (it loads in the background)."""
        from coordinator_ui.undo import EditEvents

        self.database = database
        if offer_first_run is not None:
            self.offer_first_run = offer_first_run
        path = database.path
        self.setWindowTitle(f"{path.name} — {APP_NAME}" if path else APP_NAME)
        self.database_label.setText(self._database_text())
        self.events = EditEvents(self)
        self.events.changed.connect(self.on_data_changed)
        self.events.failed.connect(self._on_edit_failed)
        self.rail.setEnabled(True)
        for action in self._waiting:
            action.setEnabled(True)
        self._restore_page()

    # -- pages ---------------------------------------------------------------------------
    def page_index(self, key: str) -> int:
        return next(i for i, spec in enumerate(PAGES) if spec.key == key)

    def page(self, key: str) -> Page:
        """The page named ``key``, built on first use."""
        if key not in self.pages:
            index = self.page_index(key)
            page = PAGES[index].build(self)
            page.setObjectName(f"{key}_page")
            page.status_message.connect(self._show_status)
            page.data_changed.connect(self._on_page_data_changed)
            if _is_table(page):
                page.selection_changed.connect(self.update_actions)
                header = read_bytes(self.settings, f"columns/{key}")
                page.restore_header_state(header)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[key] = page
            self._stale.add(key)
        return self.pages[key]

    def current_key(self) -> str:
        return PAGES[self.stack.currentIndex()].key

    def current_page(self) -> Page | None:
        return self.pages.get(self.current_key())

    def show_page(self, index: int) -> None:
        """Show page ``index``, loading it if it is new or out of date."""
        key = PAGES[index].key
        page = self.page(key)
        self.stack.setCurrentIndex(index)
        self.rail.set_current(index)
        if key in self._stale:
            self._stale.discard(key)
            page.reload()
        self.update_actions()

    def show_key(self, key: str) -> Page:
        """Show the page named ``key``."""
        self.show_page(self.page_index(key))
        return self.pages[key]

    def show_communities(self, criteria: Any) -> None:
        """Open the Communities page filtered by ``criteria`` (from the Dashboard)."""
        page = self.show_key("communities")
        assert _is_table(page)
        page.set_filter(criteria)

    def show_volunteers(self, criteria: Any) -> None:
        """Open the Volunteers page filtered by ``criteria`` (from the Dashboard)."""
        page = self.show_key("volunteers")
        assert _is_table(page)
        page.set_filter(criteria)

    def on_data_changed(self, _what: str = "") -> None:
        """Reload the visible page now and the others when next shown; re-plan reminders."""
        current = self.current_key()
        for key, page in self.pages.items():
            if key == current:
                page.reload()
            else:
                self._stale.add(key)
        if self.reminders is not None:
            self.reminders.replan()
        if not self.database.read_only:
            from coordinator_ui.calendar_publish import publish_after_change

            publish_after_change(self, self.database)  # only when the lead enabled it

    def _on_page_data_changed(self) -> None:
        self.on_data_changed("page")

    # -- actions (wired by menus.build_menus) ----------------------------------------------
    def record_page(self) -> RecordPage | None:
        page = self.current_page()
        if _is_a(page, "coordinator_ui.record_actions", "RecordPage"):
            return page  # type: ignore[return-value]
        return None

    def update_actions(self) -> None:
        """Enable the Edit menu's record actions for the current page and selection."""
        page = self.record_page()
        writable = self.database is not None and not self.database.read_only
        names = {
            "edit": "act_edit",
            "showcase": "act_showcase",
            "help": "act_help",
            "deactivate": "act_active",
            "delete": "act_delete",
        }
        for name, attribute in names.items():
            source = getattr(page, attribute, None) if page else None
            action = self.actions[name]
            action.setEnabled(bool(source and source.isEnabled()) and writable)
            if source is not None:
                action.setText(source.text())
        for name in ("find", "select_all"):
            self.actions[name].setEnabled(_is_table(self.current_page()))
        for name in ("new_community", "new_volunteer", "import", "settings"):
            self.actions[name].setEnabled(writable)

    def forward(self, attribute: str) -> Callable[[], None]:
        """A slot calling ``attribute`` of the current page's action."""

        def trigger() -> None:
            page = self.record_page()
            action = getattr(page, attribute, None) if page else None
            if action is not None and action.isEnabled():
                action.trigger()

        return trigger

    def new_community(self) -> Any:
        return self._record_page("communities").new_record()

    def new_volunteer(self) -> Any:
        return self._record_page("volunteers").new_record()

    def _record_page(self, key: str) -> RecordPage:
        from coordinator_ui.record_actions import RecordPage

        page = self.show_key(key)
        assert isinstance(page, RecordPage)
        return page

    def focus_filter(self) -> None:
        page = self.current_page()
        if _is_table(page):
            page.focus_filter()

    def select_all(self) -> None:
        page = self.current_page()
        if _is_table(page):
            page.table.selectAll()

    def open_import(self) -> Any:
        """File → Import…: the import wizard (modal); reloads everything when it is done."""
        from coordinator_ui.import_wizard import ImportWizard

        wizard = ImportWizard(self.database, self)
        wizard.imported.connect(self.on_data_changed)
        wizard.open()
        return wizard

    def export_calendar(self) -> Any:
        """File → Export Calendar…: one volunteer, one community, webinars or everything."""
        from coordinator_ui.calendar_export import open_export_dialog

        return open_export_dialog(self, self.database)

    def publish_calendars(self) -> Any:
        """File → Publish Calendars…: one .ics per volunteer into a subscribed folder."""
        from coordinator_ui.calendar_publish import open_publish_dialog

        return open_publish_dialog(self, self.database)

    def open_settings(self) -> Any:
        """File → Settings…: programme defaults, saved as one undoable edit."""
        from coordinator_ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.database, self._submit_settings, self)
        dialog.open()
        return dialog

    def _submit_settings(self, settings: Any) -> str | None:
        from coordinator_ui.undo import SettingsCommand, perform

        return perform(self.undo_stack, SettingsCommand(self.database, self.events, settings))

    def reload_all(self) -> None:
        """View → Reload."""
        self.on_data_changed("reload")

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME} {__version__}</b><p>Communities, volunteer facilitators, caseloads "
            "and schedules for a Communities of Practice programme.</p>"
            f"<p>Database: {self.database.display_name}</p>",
        )

    # -- start, state, status ------------------------------------------------------------
    def on_started(self) -> None:
        """Called once the event loop runs: the first-run offer, then reminders."""
        if self.offer_first_run:
            from coordinator_ui.first_run import offer_sample

            if offer_sample(self, self.database):
                self.on_data_changed("sample")
        if not self.database.read_only:
            from coordinator_ui.reminders import install_reminders

            self.reminders = install_reminders(self, self.database)
            self.reminders.open_requested.connect(self.open_event)
            self.view_menu.addAction(self.reminders.dock.toggleViewAction())

    def open_event(self, event: Event) -> None:
        """Show a check-in or webinar (e.g. from a reminder) on the Schedule page."""
        from coordinator_ui.schedule_view import ScheduleView

        page = self.show_key("schedule")
        if isinstance(page, ScheduleView):
            page.show_event(event)
        self.raise_()
        self.activateWindow()

    def _database_text(self) -> str:
        suffix = " (read-only)" if self.database.read_only else ""
        return f"{self.database.display_name}{suffix}"

    def _show_status(self, message: str) -> None:
        if message:
            self.statusBar().showMessage(message, 6000)
        else:
            self.statusBar().clearMessage()

    def _on_edit_failed(self, message: str) -> None:
        QMessageBox.warning(self, "Not possible", message)
        self._show_status(message)
        self.on_data_changed("failed")

    def _restore_geometry(self) -> None:
        geometry = read_bytes(self.settings, "window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            char = self.fontMetrics().averageCharWidth()
            self.resize(char * 190, self.fontMetrics().height() * 46)
        state = read_bytes(self.settings, "window/state")
        if state is not None:
            self.restoreState(state)

    def _remembered_key(self) -> str:
        last = read_text(self.settings, "window/page", "dashboard")
        return last if last in {spec.key for spec in PAGES} else "dashboard"

    def _restore_page(self) -> None:
        self.show_key(self._remembered_key())

    def _show_opening(self) -> None:
        """Until the database is open, the remembered page's place says so, with a busy bar."""
        index = self.page_index(self._remembered_key())
        placeholder = self.stack.widget(index)
        layout = QVBoxLayout(placeholder)
        layout.addStretch(2)
        label = QLabel(f"Opening the database for {PAGES[index].title}…")
        label.setObjectName("Muted")
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        busy = QProgressBar()
        busy.setObjectName("opening_progress")
        busy.setRange(0, 0)  # busy: how long a migration takes is not known beforehand
        busy.setTextVisible(False)
        busy.setFixedWidth(label.fontMetrics().averageCharWidth() * 32)
        layout.addWidget(label)
        layout.addWidget(busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.stack.setCurrentIndex(index)
        self.rail.set_current(index)

    def save_state(self) -> None:
        """Remember geometry, the current page and every table's columns."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/page", self.current_key())
        for key, page in self.pages.items():
            if _is_table(page):
                self.settings.setValue(f"columns/{key}", page.header_state())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.remember and self.database is not None:  # not while it was still opening
            self.save_state()
        wait_for_tasks(10_000)  # no worker may outlive the database it reads
        super().closeEvent(event)
