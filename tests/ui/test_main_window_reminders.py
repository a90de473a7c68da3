"""The main window runs reminders: the dock is in the View menu, "open the item" shows it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from coordinator.assignment import reschedule
from coordinator.db import Database
from coordinator.models import Community
from coordinator.scheduling.events import events_between
from coordinator_ui.main_window import MainWindow
from coordinator_ui.schedule_view import ScheduleView
from tests.ui.ui_fixtures import sample_database, styled, wait_idle

__all__ = ["sample_database", "styled"]


def test_reminders_are_installed_and_open_the_item(qtbot, styled, sample_database: Database):  # type: ignore[no-untyped-def]
    with sample_database.reading() as s:
        community_id = s.scalars(select(Community.id).order_by(Community.id)).first()
    # The sample's first caseload entry gets its check-ins.
    reschedule(sample_database, [community_id], start=date.today())
    now = datetime.now(UTC)
    with sample_database.reading() as s:
        event = events_between(s, now, now + timedelta(days=21), community_id=community_id)[0]

    window = MainWindow(sample_database)
    qtbot.addWidget(window)
    window.show()
    window.on_started()
    try:
        assert window.reminders is not None
        toggle = window.reminders.dock.toggleViewAction()
        assert toggle in window.view_menu.actions()
        window.open_event(event)
        wait_idle(qtbot)
        page = window.pages["schedule"]
        assert isinstance(page, ScheduleView)
        assert window.current_key() == "schedule"
        selected = page.selected_event()
        assert selected is not None and selected.key == event.key
    finally:
        window.reminders.stop()
