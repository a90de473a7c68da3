"""Export calendar… and Publish calendars…: driven with clicks, files checked, screens saved."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from coordinator.db import Database, open_database
from coordinator.ics.publish import (
    AUTO_KEY,
    FOLDER_KEY,
    publish_preferences,
    save_publish_preferences,
)
from coordinator.ics.scopes import ScopeKind
from coordinator.models import Setting
from coordinator_ui import calendar_publish
from coordinator_ui.calendar_export import ExportCalendarDialog, export_for, open_export_dialog
from coordinator_ui.calendar_publish import open_publish_dialog, publish_after_change
from tests.ui.ui_fixtures import messages, save_shot, styled, wait_idle
from tests.unit.ics_factory import OddProgramme, odd_zone_programme

__all__ = ["messages", "styled"]


@pytest.fixture
def odd(database: Database) -> OddProgramme:
    return odd_zone_programme(database)


def uids(path: Path) -> set[str]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]) for e in calendar.walk("VEVENT")}


def click(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_export_the_whole_programme(qtbot, styled, database, odd, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = open_export_dialog(None, database)
    qtbot.addWidget(dialog)
    assert dialog.kind() == ScopeKind.PROGRAMME
    assert dialog.path.text().endswith("programme.ics")
    assert not dialog.volunteer.isEnabled() and not dialog.community.isEnabled()
    save_shot(dialog, "calendar_export_dialog")
    chosen = tmp_path / "out" / "whole"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    dialog.browse()
    assert dialog.path.text() == str(chosen)
    dialog.start.setDate(QDate(2026, 9, 1))  # the test programme starts then
    click(qtbot, dialog.ok)
    wait_idle(qtbot)
    written = chosen.with_name("whole.ics")  # ".ics" is added
    assert dialog.result_file is not None and dialog.result_file.path == written
    assert len(uids(written)) == len(odd.series) + len(odd.sessions)
    assert "Saved whole.ics" in dialog.status.message.text()
    assert dialog.close_button.text() == "Close"
    save_shot(dialog, "calendar_export_done")


def test_export_for_a_volunteer_from_a_context_menu(qtbot, styled, database, odd, tmp_path) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = export_for(parent, database, facilitator_id=odd.volunteers[5])
    assert dialog.kind() == ScopeKind.VOLUNTEER and dialog.volunteer.isEnabled()
    assert dialog.volunteer.currentData() == odd.volunteers[5]
    assert dialog.path.text().endswith("-at-example.org.ics")
    click(qtbot, dialog.radios[ScopeKind.COMMUNITY])
    assert dialog.path.text().endswith(".ics") and dialog.community.isEnabled()
    click(qtbot, dialog.radios[ScopeKind.VOLUNTEER])
    out = tmp_path / "kiritimati.ics"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out))
    dialog.start.setDate(QDate(2026, 9, 1))
    click(qtbot, dialog.ok)
    wait_idle(qtbot)
    found = uids(out)
    assert f"checkin-{odd.series[5]}@coordinator" in found
    assert sum(uid.startswith("checkin-") for uid in found) == 1
    assert sum(uid.startswith("webinar-") for uid in found) == len(odd.sessions)

    community = export_for(parent, database, community_id=odd.communities[1])
    assert community.kind() == ScopeKind.COMMUNITY
    assert community.community.currentData() == odd.communities[1]


def test_export_problems_are_shown(qtbot, styled, database, odd, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportCalendarDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path.clear()
    click(qtbot, dialog.ok)
    assert dialog.status.error.isVisible() and "Choose a file" in dialog.status.error.text()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    dialog.path.setText(str(blocker / "x.ics"))  # a folder that is a file: cannot be written
    click(qtbot, dialog.ok)
    wait_idle(qtbot)
    assert "The calendar was not saved" in dialog.status.error.text()
    assert dialog.ok.isEnabled()
    save_shot(dialog, "calendar_export_error")


def test_publish_dialog_publishes_and_remembers(
    qtbot, styled, database, odd, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "shared"
    dialog = open_publish_dialog(None, database)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled() and not dialog.auto.isEnabled()
    save_shot(dialog, "calendar_publish_empty")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    dialog.browse()
    assert dialog.ok.isEnabled()
    click(qtbot, dialog.auto)
    click(qtbot, dialog.ok)
    wait_idle(qtbot)
    assert len(dialog.published) == len(odd.volunteers) + 1
    assert (folder / "webinars.ics").exists()
    assert "Published 9 volunteer calendars" in dialog.status.message.text()
    assert "Last published here" in dialog.last.text()
    save_shot(dialog, "calendar_publish_done")
    with database.reading() as s:
        assert s.get(Setting, FOLDER_KEY).value == str(folder)
        assert s.get(Setting, AUTO_KEY).value is True
    again = open_publish_dialog(None, database)  # the choice follows the database
    qtbot.addWidget(again)
    assert again.folder.text() == str(folder) and again.auto.isChecked()


def test_publish_after_change_only_when_turned_on(
    qtbot, styled, database, odd, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(calendar_publish, "AUTO_PUBLISH_DELAY_MS", 10)
    owner = QWidget()
    qtbot.addWidget(owner)
    publisher = publish_after_change(owner, database)
    assert publisher is not None
    qtbot.waitUntil(lambda: publisher.last_result is None and not publisher.timer.isActive())
    wait_idle(qtbot)
    assert publisher.last_result is None  # not turned on: nothing written
    folder = tmp_path / "shared"
    save_publish_preferences(database, folder, True)
    assert publish_preferences(database).auto
    assert publish_after_change(owner, database) is publisher  # one per window
    qtbot.waitUntil(lambda: publisher.last_result is not None, timeout=15_000)
    assert len(list(folder.glob("*.ics"))) == len(odd.volunteers) + 1
    with pytest.raises(ValueError, match="choose a folder"):
        save_publish_preferences(database, None, True)


def test_read_only_database_cannot_publish(qtbot, styled, database, odd, db_path) -> None:  # type: ignore[no-untyped-def]
    database.dispose()
    viewer = open_database(db_path, read_only=True)
    try:
        dialog = open_publish_dialog(None, viewer)
        qtbot.addWidget(dialog)
        assert not dialog.ok.isEnabled() and not dialog.auto.isEnabled()
        assert "read-only" in dialog.status.message.text()
        assert publish_after_change(dialog, viewer) is None
        export = open_export_dialog(None, viewer)  # exporting only reads: allowed
        qtbot.addWidget(export)
        assert export.ok.isEnabled()
    finally:
        viewer.dispose()
