"""The volunteers' roster window on the team server, connected with the read-only role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select, text

from coordinator.db import Database, open_database
from coordinator.models import Community
from coordinator.scheduling import build_schedule, create_webinar_series
from coordinator_ui import roster_window
from coordinator_ui.roster_window import READ_ONLY_MESSAGE
from tests.ui.programme_data import load_sample_programme
from tests.ui.roster_driver import click_volunteer, open_roster, remind_before_next_check_in
from tests.ui.ui_fixtures import messages, save_shot, styled, wait_idle

__all__ = ["messages", "styled"]


@pytest.fixture
def volunteer_url(pg_url: str, grant_readonly: Callable[[], str]) -> str:
    """The sample programme on the server (check-ins, a webinar); the volunteers' role URL."""
    lead = open_database(pg_url)
    try:
        load_sample_programme(lead)
        today = datetime.now(UTC).date()
        with lead.unit_of_work() as s:
            build_schedule(s, start=today - timedelta(days=7), months=3)
            create_webinar_series(
                s,
                title="Facilitation skills",
                ordinal=2,
                weekday=1,
                starts_on=today - timedelta(days=40),
                sessions=[(time(9), "Europe/London", "EMEA"), (time(10), "Asia/Tokyo", "APAC")],
            )
    finally:
        lead.dispose()
    return grant_readonly()


def test_the_roster_window_works_through_the_read_only_role(
    qtbot, styled, messages, volunteer_url: str, pg_url: str, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    database = open_database(volunteer_url, read_only=True)
    window = open_roster(qtbot, database, remember=False)
    page = window.page
    assert page.banner_text.text() == "Live database (read-only)"
    assert len(window.rail.model.rows()) == 6

    click_volunteer(qtbot, window, "Kenji Mori")
    assert page.title.text().startswith("Kenji Mori")
    caseload = page.caseload_model.rows()
    assert caseload and all(row.host_email for row in caseload)
    upcoming = page.upcoming_model.rows()
    assert {r.zone for r in upcoming} == {"Asia/Tokyo"}
    assert {r.kind for r in upcoming} == {"check-in", "webinar"}
    save_shot(window, "roster_postgres")

    chosen = tmp_path / "kenji.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    calendar = chosen.read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR") and "Facilitation skills" in calendar
    window.close()
    database.dispose()


def test_a_write_through_the_role_is_refused_by_the_server_and_reported(
    qtbot, styled, messages, volunteer_url: str, pg_url: str, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # Opened without the app's own read-only guard: only the server's privileges stand in the way.
    database = open_database(volunteer_url)
    window = open_roster(qtbot, database, remember=False)

    def write(db: Database, *_args: object, **_kw: object) -> None:
        with db.unit_of_work() as s:
            s.execute(text("UPDATE community SET members = 0"))

    monkeypatch.setattr(roster_window, "load_roster", write)
    click_volunteer(qtbot, window, "Kenji Mori", shown=False)
    assert messages == [READ_ONLY_MESSAGE]
    assert window.statusBar().currentMessage() == READ_ONLY_MESSAGE
    window.close()
    database.dispose()
    lead = open_database(pg_url)
    try:
        with lead.reading() as s:
            assert s.scalar(select(func.count()).where(Community.members == 0)) == 0
    finally:
        lead.dispose()


def test_the_volunteer_is_reminded_from_the_server_through_a_local_mirror(
    qtbot, styled, messages, volunteer_url: str, pg_url: str
) -> None:  # type: ignore[no-untyped-def]
    database = open_database(volunteer_url, read_only=True)
    window = open_roster(qtbot, database, remember=False)
    check_in, _at, reminders = remind_before_next_check_in(qtbot, window, "Kenji Mori")
    assert reminders.store.mirror is not None  # set when the reminders start, never changed
    bridge = reminders.bridge
    assert bridge is not None
    assert {r.event.uid for r in bridge.active} == {check_in.uid}
    assert reminders.mirror_timer.isActive()
    assert reminders.store.mirror.exists()
    # A refresh copies the server again and looks for due reminders on the new copy.
    with qtbot.waitSignal(bridge.active_changed, timeout=15_000):
        reminders.refresh_mirror()
    window.close()
    database.dispose()
    assert messages == []
