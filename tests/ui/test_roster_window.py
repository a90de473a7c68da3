"""The volunteers' roster window: a walk as a volunteer, nothing to edit, nothing written."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QFileDialog
from sqlalchemy import select, text

from coordinator import paths
from coordinator.db import Database, open_database
from coordinator.models import Assignment, Community, Facilitator
from coordinator.roster import publish_roster
from coordinator.scheduling import build_schedule, create_webinar_series
from coordinator_ui import roster_actions, roster_window
from coordinator_ui.main_window import MainWindow
from coordinator_ui.roster_columns import EMAIL_KEY
from coordinator_ui.roster_window import READ_ONLY_MESSAGE, RosterWindow
from tests.ui.roster_driver import (
    choose_me,
    click_volunteer,
    open_roster,
    remind_before_next_check_in,
)
from tests.ui.ui_fixtures import messages, sample_database, save_shot, styled, wait_idle

__all__ = ["messages", "sample_database", "styled"]

# Words of the lead's actions: none may appear on any menu entry or button of the roster.
FORBIDDEN = ("edit", "import", "assign", "schedul", "new ", "delete", "publish", "setting")


@pytest.fixture
def programme(sample_database: Database) -> Database:
    """The sample programme with check-ins from last week and a monthly webinar."""
    today = datetime.now(UTC).date()
    # Its next sitting is within the roster's four weeks whatever the day (the "second
    # Tuesday" can be five weeks away): the same weekday of the month as a day soon.
    soon = next(d for d in (today + timedelta(days=n) for n in range(2, 9)) if d.day <= 28)
    with sample_database.unit_of_work() as s:
        build_schedule(s, start=today - timedelta(days=7), months=3)
        create_webinar_series(
            s,
            title="Facilitation skills",
            ordinal=(soon.day - 1) // 7 + 1,
            weekday=soon.weekday(),
            starts_on=today - timedelta(days=40),
            sessions=[
                (time(9), "Europe/London", "EMEA"),
                (time(17), "America/Chicago", "AMER"),
                (time(10), "Asia/Tokyo", "APAC"),
            ],
        )
    return sample_database


@pytest.fixture
def roster_file(programme: Database, tmp_path: Path) -> Path:
    return publish_roster(programme, tmp_path / "share" / "roster.sqlite3").path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p != path)


def test_walk_the_roster_as_a_volunteer(
    qtbot, styled, messages, programme: Database, roster_file: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    before = _digest(roster_file)
    database = open_database(roster_file, read_only=True)
    window = open_roster(qtbot, database)
    page = window.page
    assert page.banner_text.text() == "Published just now by the lead"
    assert "Who are you?" in page.empty_text.text()  # nobody chosen yet
    assert not page.export_button.isEnabled()
    save_shot(window, "roster_choose")

    choose_me(qtbot, window, "Mara Lindqvist")
    with programme.reading() as s:
        mara = s.scalars(select(Facilitator).where(Facilitator.name == "Mara Lindqvist")).one()
        hosts = {c.name: c.host_email for c in s.scalars(select(Community))}
    assert page.title.text() == "Mara Lindqvist"
    caseload = page.caseload_model.rows()
    assert len(caseload) == 5 and page.caseload_title.text() == "My communities (5)"
    assert all(row.host_email == hosts[row.community] for row in caseload)
    upcoming = page.upcoming_model.rows()
    assert {r.zone for r in upcoming} == {"Europe/Stockholm"}
    assert any(r.kind == "check-in" for r in upcoming) and any(
        r.kind == "webinar" for r in upcoming
    )
    time_column = page.upcoming_model.column_index("time")
    header = page.upcoming_model.headerData(time_column, Qt.Orientation.Horizontal)
    assert header == "Time (Europe/Stockholm)"
    first = page.upcoming_model.index(0, time_column).data()
    assert first.startswith(f"{upcoming[0].local_start:%H:%M}")
    assert window.rail.model.data(window.rail.model.index(4)) == "Mara Lindqvist  (you)"
    save_shot(window, "roster_mine")  # copied by hand to docs/screenshots/roster.png

    # A click on a host's e-mail copies it.
    column = page.caseload_model.column_index(EMAIL_KEY)
    rect = page.caseload_table.visualRect(page.caseload_model.index(1, column))
    qtbot.mouseClick(page.caseload_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert QGuiApplication.clipboard().text() == caseload[1].host_email
    assert "Copied" in window.statusBar().currentMessage()

    # Another volunteer's roster, then back.
    click_volunteer(qtbot, window, "Kenji Mori")
    assert page.title.text() == "Kenji Mori's roster"
    assert page.back_button.isVisible()
    assert {r.zone for r in page.upcoming_model.rows()} == {"Asia/Tokyo"}
    assert page.export_button.text() == "Export this calendar (.ics)…"
    save_shot(window, "roster_other")
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.title.text() == "Mara Lindqvist")
    wait_idle(qtbot)

    # Export my calendar: the calendar export's own file, saved where the person chose.
    chosen = tmp_path / "calendars" / "mara.ics"
    chosen.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    calendar = chosen.read_text(encoding="utf-8")
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "CoP check-ins and webinars — Mara Lindqvist" in calendar
    assert "Finance Agile Community" in calendar and "Facilitation skills" in calendar
    assert "Kenji Mori" not in calendar
    assert messages and "Wrote" in messages[-1]
    window.close()

    # Remembered for this roster: the next session opens on Mara's roster.
    again = open_roster(qtbot, database)
    qtbot.waitUntil(lambda: again.roster is not None)
    assert again.page.me_combo.currentText() == "Mara Lindqvist"
    assert again.roster is not None and again.roster.volunteer.id == mara.id
    again.close()
    database.dispose()
    assert _digest(roster_file) == before
    assert _side_files(roster_file) == []


def test_no_action_that_changes_anything_exists(qtbot, styled, roster_file: Path) -> None:  # type: ignore[no-untyped-def]
    database = open_database(roster_file, read_only=True)
    window = open_roster(qtbot, database)
    choose_me(qtbot, window, "Anjali Rao")
    texts = [a.text() for a in window.findChildren(QAction)]
    texts += [b.text() for b in window.findChildren(QAbstractButton)]
    assert "&Export My Calendar (.ics)…" in texts
    for label in texts:
        plain = label.replace("&", "").casefold()
        assert not any(word in plain for word in FORBIDDEN), label
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&View", "&Help"]
    for table in (window.page.caseload_table, window.page.upcoming_table):
        assert table.editTriggers() == table.EditTrigger.NoEditTriggers
    window.close()
    database.dispose()


def test_a_write_attempt_is_refused_and_reported(
    qtbot, styled, messages, roster_file: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    before = _digest(roster_file)
    database = open_database(roster_file, read_only=True)
    window = open_roster(qtbot, database)

    def write_through_unit_of_work(db: Database, *_args: object, **_kw: object) -> None:
        with db.unit_of_work() as s:
            s.add(Community(name="Sneaky", time_zone="UTC"))

    def write_below_it(db: Database, *_args: object, **_kw: object) -> None:
        with db.reading() as s:
            s.execute(text("UPDATE community SET name = 'x'"))

    for attempt in (write_through_unit_of_work, write_below_it):
        messages.clear()
        monkeypatch.setattr(roster_window, "load_roster", attempt)
        _click_volunteer_no_wait(qtbot, window)
        wait_idle(qtbot)
        assert messages == [READ_ONLY_MESSAGE], attempt.__name__
        assert window.statusBar().currentMessage() == READ_ONLY_MESSAGE
    window.close()
    database.dispose()
    assert _digest(roster_file) == before
    assert _side_files(roster_file) == []


def _click_volunteer_no_wait(qtbot, window: RosterWindow) -> None:  # type: ignore[no-untyped-def]
    rect = window.rail.list.visualRect(window.rail.proxy.index(0, 0))
    qtbot.mouseClick(window.rail.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_live_database_read_only_while_the_lead_writes(
    qtbot, styled, messages, programme: Database, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    viewer = open_database(db_path, read_only=True)
    window = open_roster(qtbot, viewer)
    assert window.page.banner_text.text() == "Live database (read-only)"
    choose_me(qtbot, window, "Rafael Costa")
    assert len(window.page.caseload_model.rows()) == 5
    # The lead's own process keeps writing (new communities assigned to Rafael) meanwhile.
    writer = textwrap.dedent(
        f"""
        from datetime import date
        from sqlalchemy import select
        from coordinator.db import open_database
        from coordinator.models import Assignment, Community, Facilitator
        db = open_database({str(db_path)!r})
        for i in range(40):
            with db.unit_of_work() as s:
                who = select(Facilitator).where(Facilitator.name == "Rafael Costa")
                rafael = s.scalars(who).one()
                c = Community(name=f"Live CoP {{i:02d}}", time_zone="America/Lima", host_name="Lia")
                s.add(c)
                s.flush()
                if i % 20 == 0:
                    s.add(Assignment(facilitator_id=rafael.id, community_id=c.id,
                                     starts_on=date.today(), ends_on=date(2030, 1, 1)))
        print("wrote")
        """
    )
    lead = subprocess.Popen(
        [sys.executable, "-c", writer], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    reloads = 0
    while lead.poll() is None or reloads < 3:
        window._tick()  # what the minute timer does: the WAL changed, so everything is re-read
        wait_idle(qtbot)
        reloads += 1
    out, err = lead.communicate(timeout=60)
    assert lead.returncode == 0 and "wrote" in out, err
    window.reload()
    qtbot.waitUntil(lambda: len(window.page.caseload_model.rows()) == 7, timeout=15_000)
    assert {"Live CoP 00", "Live CoP 20"} <= {
        r.community for r in window.page.caseload_model.rows()
    }
    assert messages == []  # no lock or read errors while the lead wrote
    save_shot(window, "roster_live")
    window.close()
    viewer.dispose()


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_roster_window_on_a_file_without_write_permission(roster_file: Path, tmp_path: Path):
    folder = roster_file.parent
    roster_file.chmod(0o444)
    folder.chmod(0o555)
    before = _digest(roster_file)
    command = [sys.executable, "-m", "coordinator", "--smoke-test", "--read-only"]
    command += ["--db", str(roster_file)]
    # Root ignores permission bits: run the window without the capabilities that let it.
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permission bits cannot be enforced")
        command = [setpriv, "--bounding-set=-dac_override,-dac_read_search", *command]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COORDINATOR_HOME=str(tmp_path / "home"))
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ready in ")
    assert _digest(roster_file) == before
    assert _side_files(roster_file) == []


def test_main_window_publishes_and_opens_a_roster(
    qtbot, styled, messages, programme: Database, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(programme, remember=False)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot)
    target = tmp_path / "shared" / "roster"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actions["publish_roster"].trigger()
    wait_idle(qtbot)
    published = target.with_suffix(".sqlite3")
    assert published.exists()
    assert messages and messages[-1].startswith(f"Published the roster to {published}")
    assert "56 communities, 6 volunteers" in messages[-1]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(published), ""))
    window.actions["open_roster"].trigger()
    opened = [w for w in roster_actions._open_windows if w.database.path == published]
    assert len(opened) == 1
    roster = opened[0]
    qtbot.waitUntil(lambda: roster.snapshot is not None, timeout=15_000)
    assert roster.page.banner_text.text() == "Published just now by the lead"
    roster.close()
    wait_idle(qtbot)

    not_a_roster = tmp_path / "notes.sqlite3"
    not_a_roster.write_bytes(b"")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(not_a_roster), ""))
    messages.clear()
    window.actions["open_roster"].trigger()
    assert messages and "not a Coordinator database" in messages[-1]
    window.close()


def test_the_volunteer_is_reminded_without_writing_the_roster(
    qtbot, styled, messages, roster_file: Path
) -> None:  # type: ignore[no-untyped-def]
    before = _digest(roster_file)
    database = open_database(roster_file, read_only=True)
    window = open_roster(qtbot, database)
    check_in, at, reminders = remind_before_next_check_in(qtbot, window, "Mara Lindqvist")
    bridge = reminders.bridge
    assert bridge is not None and bridge.dock is not None
    # Her next check-in, and whatever else is due by then (a day-before reminder of a webinar).
    assert check_in.uid in {r.event.uid for r in bridge.active}
    assert all(r.due_at <= at < r.event.start for r in bridge.active)
    qtbot.waitUntil(bridge.dock.isVisible)
    assert bridge.dock.toggleViewAction() in window.menus["&View"].actions()
    presenter = bridge.presenter
    if presenter is not None and getattr(presenter, "away", None) is not None:
        presenter.away.close()  # "while you were away": the first run's catch-up list
    save_shot(window, "roster_reminders")
    # "Open the item" selects it in the volunteer's own agenda.
    bridge.open_requested.emit(next(r.event for r in bridge.active if r.event.uid == check_in.uid))
    qtbot.waitUntil(lambda: bool(window.page.upcoming_table.selectionModel().selectedRows()))
    row = window.page.upcoming_table.selectionModel().selectedRows()[0].row()
    assert window.page.upcoming_model.row_at(row).uid == check_in.uid
    state = reminders.store.path
    window.close()
    database.dispose()
    assert messages == []
    assert state.exists() and state.parent.parent == paths.data_dir()
    assert _digest(roster_file) == before
    assert _side_files(roster_file) == []


def test_a_republished_roster_shows_and_a_missing_one_is_reported_once(
    qtbot, styled, messages, programme: Database, roster_file: Path
) -> None:  # type: ignore[no-untyped-def]
    database = open_database(roster_file, read_only=True)
    window = open_roster(qtbot, database)
    choose_me(qtbot, window, "Dana Whitfield")
    assert len(window.page.caseload_model.rows()) == 5
    with programme.unit_of_work() as s:
        dana = s.scalars(select(Facilitator).where(Facilitator.name == "Dana Whitfield")).one()
        extra = Community(name="Zeta Guild", time_zone="Asia/Manila", host_name="Rey")
        s.add(extra)
        s.flush()
        s.add(
            Assignment(
                facilitator_id=dana.id,
                community_id=extra.id,
                starts_on=date.today(),
                ends_on=date.today() + timedelta(days=180),
            )
        )
    publish_roster(programme, roster_file)  # the lead re-publishes while the window is open
    window._tick()
    qtbot.waitUntil(lambda: len(window.page.caseload_model.rows()) == 6, timeout=15_000)
    assert "Zeta Guild" in {r.community for r in window.page.caseload_model.rows()}

    hidden = roster_file.with_name("elsewhere.sqlite3")
    roster_file.rename(hidden)  # a synced folder that loses the file for a while
    for _ in range(3):
        window._tick()
        wait_idle(qtbot)
    assert len(messages) == 1 and messages[0].startswith("The roster could not be read")
    assert window.statusBar().currentMessage() == messages[0]
    hidden.rename(roster_file)
    window._tick()
    wait_idle(qtbot)
    assert len(messages) == 1 and len(window.page.caseload_model.rows()) == 6
    window.close()
    database.dispose()
