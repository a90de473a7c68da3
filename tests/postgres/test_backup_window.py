"""The window's backups on a team server: Back Up Now, the daily backup and Restore Backup…."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coordinator.backup import list_backups
from coordinator.db import Database, open_database
from coordinator_ui.backup_restore import RestoreDialog
from tests.postgres.test_backup_server import _names, _programme
from tests.reliability.test_backup_ui import make_window, restore_with_yes, wait_backup
from tests.ui.ui_fixtures import messages, save_shot, styled, wait_idle

__all__ = ["messages", "styled"]


@pytest.fixture
def server(pg_url: str) -> Iterator[Database]:
    database = open_database(pg_url)
    _programme(database)
    yield database
    database.dispose()


def test_a_server_is_backed_up_and_restored_from_the_window(
    qtbot,
    styled,
    messages: list[str],
    server: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "backups"
    folder.mkdir()
    window, controller = make_window(qtbot, server, folder)
    assert controller.is_due()  # no backup of this server yet: the daily one is due
    assert controller.back_up_action.isEnabled() and controller.restore_action.isEnabled()
    controller.back_up_action.trigger()  # File ▸ Back Up Now
    wait_backup(qtbot, controller)
    [taken] = list_backups(server, folder=folder)
    assert taken.reason == "manual" and not controller.is_due()
    assert taken.path.name in window.statusBar().currentMessage()

    with server.unit_of_work() as session:
        from coordinator.models import Community

        session.add(Community(name="Added after the backup", time_zone="Asia/Kolkata"))
    window.show_key("communities")
    wait_idle(qtbot)

    dialog = controller.open_restore()
    assert isinstance(dialog, RestoreDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=15_000)
    assert "2 communities" in dialog.details.text()
    assert "now holds 3 communities" in dialog.details.text()
    save_shot(dialog, "restore_backup_server")
    questions = restore_with_yes(qtbot, dialog, controller, monkeypatch)
    assert "the team's server" in questions[0]
    assert _names(server) == ["Finance Agile", "HR Safety"]
    assert window.pages["communities"].model.rowCount() == 2
    reasons = sorted(b.reason for b in list_backups(server, folder=folder))
    assert reasons == ["before-restore", "manual"]
    assert "The backup was restored" in messages[-1]
