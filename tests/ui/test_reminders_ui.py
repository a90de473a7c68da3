"""The reminder bridge on the real APScheduler, the panel, the tray menu and start-with-session."""

from __future__ import annotations

import plistlib
import random
import threading
import time as time_module
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QThread
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QSystemTrayIcon

from coordinator.db import Database
from coordinator.models import (
    Assignment,
    CheckInSeries,
    Community,
    Facilitator,
    ReminderState,
    utcnow,
)
from coordinator.reminders import Reminder, ReminderStatus, fire_due
from coordinator.scheduling.events import check_in_uid, events_between
from coordinator.scheduling.log import move_check_in
from coordinator_ui.autostart import LaunchAgent, RunKey, XdgAutostart, desktop_exec
from coordinator_ui.clock_watch import ClockWatch
from coordinator_ui.reminders import ReminderBridge, install_reminders
from coordinator_ui.reminders_panel import AwayDialog, DetailRole, ReminderRole, RemindersPanel
from coordinator_ui.tray import ReminderTray, TrayPreferences, WindowKeeper, notification_text
from tests.ui.ui_fixtures import save_shot, styled  # noqa: F401  (fixture)
from tests.unit.scheduling_factory import weekly_check_ins

MIN = timedelta(minutes=1)


def add_series(database: Database, start: datetime, reminders: list[int] | None) -> int:
    """A weekly check-in (in UTC) whose first occurrence is ``start``; returns the series id."""
    first = start.date()
    return weekly_check_ins(
        database,
        volunteer_name="Ada Lovelace",
        community_name="Data guild",
        home_zone="Etc/UTC",
        starts_on=first,
        weekday=first.weekday(),
        local_time=start.time().replace(microsecond=0),
        zone="Etc/UTC",
        reminders=reminders,
    )


@pytest.fixture
def bridges() -> Iterator[list[ReminderBridge]]:
    """Bridges made by a test; stopped afterwards so no scheduler thread outlives it."""
    made: list[ReminderBridge] = []
    yield made
    for bridge in made:
        bridge.stop()


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_stopping_while_jobs_re_plan_never_hangs(
    qtbot, database: Database, bridges: list[ReminderBridge]
) -> None:
    """APScheduler's shutdown waits for running jobs while holding the lock a re-plan needs."""
    now = utcnow()
    add_series(database, (now + timedelta(minutes=30)).replace(second=0, microsecond=0), [45])
    pauses = random.Random(7)
    for _ in range(25):
        bridge = ReminderBridge(database)
        bridges.append(bridge)
        bridge.start()
        for _ in range(3):
            bridge.check_now()
            bridge.replan()
        time_module.sleep(pauses.uniform(0, 0.03))  # stop while some job is mid-way
        stopper = threading.Thread(target=bridge.stop, daemon=True)
        stopper.start()
        stopper.join(timeout=20)
        assert not stopper.is_alive(), "stop() hung waiting for a job that re-plans"
        assert not bridge.running


def test_real_scheduler_delivers_the_notification_signal_on_the_gui_thread(
    qtbot, database: Database, bridges: list[ReminderBridge]
) -> None:
    start = (utcnow() + timedelta(seconds=64)).replace(microsecond=0)
    series = add_series(database, start, reminders=[1])  # due three to four seconds from now
    bridge = ReminderBridge(database)
    bridges.append(bridge)
    threads: list[bool] = []
    delivered: list[datetime] = []

    def on_due(_reminders: list[Reminder]) -> None:
        threads.append(QThread.currentThread() is QApplication.instance().thread())
        delivered.append(utcnow())

    bridge.reminders_due.connect(on_due)
    with qtbot.waitSignal(bridge.reminders_due, timeout=15_000) as blocker:
        bridge.start()
    [reminder] = blocker.args[0]
    assert (reminder.event.uid, reminder.event.start) == (check_in_uid(series), start)
    assert reminder.lead_minutes == 1
    assert threads == [True]
    late = (delivered[0] - reminder.due_at).total_seconds()
    print(f"reminder delivered {late:.3f} s after its due instant")
    assert 0 <= late < 5
    qtbot.waitUntil(lambda: bridge.next_run_time() == start + timedelta(days=7) - MIN)
    with database.reading() as s:
        assert s.query(ReminderState).one().fired_at is not None


def test_replan_moves_the_one_job_when_the_schedule_changes(
    qtbot, database: Database, bridges: list[ReminderBridge]
) -> None:
    start = (utcnow() + timedelta(hours=3)).replace(second=0, microsecond=0)
    series = add_series(database, start, reminders=[60])
    bridge = ReminderBridge(database)
    bridges.append(bridge)
    with qtbot.waitSignal(bridge.planned, timeout=10_000) as planned:
        bridge.start()
    assert planned.args == [start - 60 * MIN]
    assert bridge.next_run_time() == start - 60 * MIN
    later = start + 90 * MIN
    with database.unit_of_work() as s:
        move_check_in(s, series, start, later, allow_conflicts=True)
    with qtbot.waitSignal(bridge.planned, timeout=10_000) as planned:
        bridge.replan()
    assert planned.args == [later - 60 * MIN]
    assert bridge.next_run_time() == later - 60 * MIN
    jobs = {job.id for job in bridge._scheduler.get_jobs()}
    assert jobs == {"reminders-next", "reminders-tick"}  # one job for the next reminder only


def test_a_machine_time_zone_change_keeps_the_instant(
    qtbot, database: Database, bridges: list[ReminderBridge], monkeypatch: pytest.MonkeyPatch
) -> None:
    start = (utcnow() + timedelta(hours=5)).replace(second=0, microsecond=0)
    add_series(database, start, reminders=[15])
    bridge = ReminderBridge(database)
    bridges.append(bridge)
    runs = []
    try:
        for zone in ("America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"):
            monkeypatch.setenv("TZ", zone)
            time_module.tzset()
            with qtbot.waitSignal(bridge.planned, timeout=10_000) as planned:
                bridge.replan() if bridge.running else bridge.start()
            runs.append((planned.args[0], bridge.next_run_time()))
    finally:
        monkeypatch.undo()
        time_module.tzset()
    assert {at for pair in runs for at in pair} == {start - 15 * MIN}


def test_clock_watch_reports_jumps_and_zone_changes(qtbot) -> None:
    wall, mono, zone = [1000.0], [50.0], ["Europe/London"]
    watch = ClockWatch(wall=lambda: wall[0], monotonic=lambda: mono[0], zone=lambda: zone[0])
    wall[0] += 30
    mono[0] += 30
    with qtbot.assertNotEmitted(watch.jumped):
        watch.check()
    wall[0] += 3600 + 30  # an hour asleep: the monotonic clock stood still
    mono[0] += 30
    with qtbot.waitSignal(watch.jumped, timeout=1000) as jumped:
        watch.check()
    assert jumped.args == [3600.0]
    zone[0] = "Asia/Tokyo"
    with qtbot.waitSignal(watch.zone_changed, timeout=1000):
        watch.check()


def test_catch_up_at_start_is_one_signal_with_one_list(
    qtbot, database: Database, bridges: list[ReminderBridge]
) -> None:
    now = utcnow()
    first = (now - timedelta(hours=2)).replace(second=0, microsecond=0)
    add_series(database, first, reminders=[30, 10])
    fire_due(database, now - timedelta(hours=3))  # the app last ran three hours ago
    bridge = ReminderBridge(database)
    bridges.append(bridge)
    caught: list[list[Reminder]] = []
    bridge.caught_up.connect(caught.append)
    with (
        qtbot.assertNotEmitted(bridge.reminders_due, wait=500),
        qtbot.waitSignal(bridge.planned, timeout=10_000),
    ):
        bridge.start()
    assert len(caught) == 1
    assert [(r.event.start, r.lead_minutes) for r in caught[0]] == [(first, 10)]


def sample_reminders(database: Database, now: datetime) -> list[Reminder]:
    with database.reading() as s:
        events = events_between(s, now - timedelta(hours=3), now + timedelta(days=2))
    first, second, third = events[0], events[1], events[2]
    return [
        Reminder(first, 15, fired_at=now - 20 * MIN),
        Reminder(second, 15, fired_at=now, snoozed_until=now + 10 * MIN),
        Reminder(third, 1440, fired_at=now),
    ]


def three_check_ins(database: Database, now: datetime) -> None:
    for hours, name in ((-1, "Data guild"), (2, "Rust guild"), (23, "Agile coaches")):
        start = (now + timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)
        with database.unit_of_work() as s:
            n = s.query(Facilitator).count() + 1
            person = Facilitator(
                name=("Ada Lovelace", "Grace Hopper", "Katherine Johnson")[n - 1],
                email=f"v{n}@example.org",
                time_zone="Etc/UTC",
            )
            item = Community(name=name, time_zone="Etc/UTC")
            s.add_all([person, item])
            s.flush()
            assignment = Assignment(
                facilitator_id=person.id,
                community_id=item.id,
                starts_on=start.date(),
                ends_on=start.date() + timedelta(days=180),
            )
            s.add(assignment)
            s.flush()
            s.add(
                CheckInSeries(
                    assignment_id=assignment.id,
                    weekday=start.weekday(),
                    local_time=start.time(),
                    time_zone="Etc/UTC",
                    starts_on=start.date(),
                )
            )


def test_panel_snooze_dismiss_and_open(qtbot, styled, database: Database) -> None:  # noqa: F811
    now = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    three_check_ins(database, now)
    panel = RemindersPanel(clock=lambda: now)
    qtbot.addWidget(panel)
    panel.resize(380, 330)
    panel.show()
    assert panel.stack.currentWidget() is panel.empty
    save_shot(panel, "reminders_panel_empty")
    reminders = sample_reminders(database, now)
    panel.set_reminders(reminders)
    assert panel.stack.currentWidget() is panel.view
    assert panel.model.index(1).data(DetailRole).startswith("in 1 h 30 min · Mon 2 Mar, 12:00")
    assert panel.model.index(1).data(ReminderRole).status is ReminderStatus.SNOOZED
    save_shot(panel, "reminders_panel")
    with qtbot.waitSignal(panel.snooze_requested) as snoozed:
        panel.snooze_menu.actions()[0].trigger()  # 10 minutes
    assert snoozed.args == [reminders[0].key, now + 10 * MIN]
    assert panel.model.rowCount() == 2
    with qtbot.waitSignal(panel.dismiss_requested) as dismissed:
        qtbot.mouseClick(panel.dismiss_button, Qt.MouseButton.LeftButton)
    assert dismissed.args == [reminders[1].key]
    with qtbot.waitSignal(panel.open_requested) as opened:
        panel.open_button.click()
    assert opened.args[0].uid == reminders[2].event.uid
    assert opened.args[0].kind == "check-in" and opened.args[0].series_id


def test_bridge_writes_snooze_and_dismiss_off_the_gui_thread(
    qtbot, database: Database, bridges: list[ReminderBridge]
) -> None:
    now = utcnow()
    start = (now + timedelta(minutes=30)).replace(second=0, microsecond=0)
    add_series(database, start, reminders=[45])
    bridge = ReminderBridge(database)
    bridges.append(bridge)
    with qtbot.waitSignal(bridge.caught_up, timeout=10_000) as caught:
        bridge.start()
    [reminder] = caught.args[0]  # first run: already due, so it is caught up
    qtbot.waitUntil(lambda: len(bridge.active) == 1)
    until = now + timedelta(minutes=10)
    with qtbot.waitSignal(bridge.active_changed, timeout=10_000) as active:
        bridge.snooze(reminder.key, until)
    assert [r.status for r in active.args[0]] == [ReminderStatus.SNOOZED]
    assert bridge.next_run_time() == until
    with qtbot.waitSignal(bridge.active_changed, timeout=10_000) as active:
        bridge.dismiss(reminder.key)
    assert active.args[0] == []
    with database.reading() as s:
        assert s.query(ReminderState).one().dismissed_at is not None


def test_two_coordinators_on_one_database_keep_their_own_reminders(
    qtbot, database: Database, bridges: list[ReminderBridge], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = utcnow()
    start = (now + timedelta(minutes=30)).replace(second=0, microsecond=0)
    add_series(database, start, reminders=[45])
    monkeypatch.setenv("COORDINATOR_USER", "ada")
    ada = ReminderBridge(database)  # whoever runs the app, unless told otherwise
    bea = ReminderBridge(database, owner="bea")
    bridges.extend([ada, bea])
    assert ada.owner == "ada"
    for bridge in (ada, bea):
        with qtbot.waitSignal(bridge.caught_up, timeout=10_000) as caught:
            bridge.start()
        assert len(caught.args[0]) == 1  # each is told once
        qtbot.waitUntil(lambda bridge=bridge: len(bridge.active) == 1)
    [reminder] = ada.active
    with qtbot.waitSignal(ada.active_changed, timeout=10_000) as active:
        ada.dismiss(reminder.key)
    assert active.args[0] == []
    with qtbot.waitSignal(bea.active_changed, timeout=10_000) as still:
        bea.check_now()
    assert [r.key for r in still.args[0]] == [reminder.key]
    with database.reading() as s:
        rows = {r.owner: r.dismissed_at for r in s.query(ReminderState)}
    assert rows.keys() == {"ada", "bea"}
    assert rows["ada"] is not None and rows["bea"] is None


def test_on_a_shared_server_the_dock_says_whose_reminders(
    qtbot, database: Database, bridges: list[ReminderBridge]
) -> None:
    server = Database(url="postgresql://coordinator@server/cop", engine=database.engine)
    for db, owner, title in ((server, "bea", "Reminders — bea"), (database, "bea", "Reminders")):
        window = QMainWindow()
        qtbot.addWidget(window)
        bridge = install_reminders(window, db, start=False, tray=False, owner=owner)
        bridges.append(bridge)
        assert bridge.dock is not None and bridge.dock.windowTitle() == title


def test_install_reminders_on_a_plain_main_window(
    qtbot,
    styled,  # noqa: F811
    database: Database,
    bridges: list[ReminderBridge],
) -> None:
    now = utcnow()
    three_check_ins(database, now)
    fire_due(database, now - timedelta(days=1))  # the app last ran yesterday
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("The main window's pages"))
    window.resize(1000, 560)
    window.show()
    opened: list[Any] = []
    bridge = install_reminders(window, database, start=False)
    bridges.append(bridge)
    bridge.open_requested.connect(opened.append)
    dock = window.findChild(QDockWidget, "RemindersDock")
    assert dock is not None and dock.widget() is bridge.panel
    with qtbot.waitSignal(bridge.active_changed, timeout=10_000):
        bridge.start()
    qtbot.waitUntil(lambda: window.findChild(AwayDialog) is not None, timeout=10_000)
    away = window.findChild(AwayDialog)
    assert away.model.rowCount() >= 1
    save_shot(away, "reminders_away_dialog")
    assert bridge.panel is not None and bridge.panel.model.rowCount() >= 1
    save_shot(window, "reminders_in_main_window")
    away.open_button.click()
    assert len(opened) == 1 and opened[0].kind == "check-in"
    assert window.findChild(AwayDialog) is None or not away.isVisible()


def test_notification_text_for_one_and_many(database: Database) -> None:
    now = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    three_check_ins(database, now)
    reminders = sample_reminders(database, now)
    title, body = notification_text(reminders[1:2], now)
    assert title.startswith("Check-in: Rust guild")
    assert body.startswith("in 1 h 30 min · ")
    title, body = notification_text(reminders * 2, now)
    assert title == "6 reminders"
    assert body.count("\n") == 4 and body.endswith("and 2 more in the Reminders panel")


def test_tray_notifies_when_the_desktop_has_a_tray(qtbot, database: Database) -> None:
    if not QSystemTrayIcon.isSystemTrayAvailable():
        pytest.skip("no system tray on this display (offscreen)")
    now = utcnow()
    three_check_ins(database, now)
    tray = ReminderTray(autostart=None)
    tray.show()
    assert tray.notify(sample_reminders(database, now)) == QSystemTrayIcon.supportsMessages()
    tray.icon.hide()


def test_tray_menu_preferences_and_start_with_the_session(
    qtbot,
    styled,  # noqa: F811
    tmp_path: Path,
) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    autostart = XdgAutostart(tmp_path / "autostart")
    tray = ReminderTray(
        preferences=TrayPreferences(settings),
        autostart=autostart,
        command=["/opt/Coordinator App/coordinator", "--db", "/home/lead/My CoPs.sqlite3"],
    )
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == [
        "Show Coordinator",
        "Reminders",
        "Start minimised to the tray",
        "Keep running in the tray when the window closes",
        "Start with the session",
        "Quit",
    ]
    assert not tray.minimised_action.isChecked() and not tray.keep_action.isChecked()
    tray.minimised_action.setChecked(True)
    tray.keep_action.setChecked(True)
    again = TrayPreferences(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    assert again.start_minimised and again.keep_running
    tray.session_action.setChecked(True)
    entry = (tmp_path / "autostart" / "coordinator.desktop").read_text(encoding="utf-8")
    assert "[Desktop Entry]" in entry and "Type=Application" in entry
    assert 'Exec="/opt/Coordinator App/coordinator" --db "/home/lead/My CoPs.sqlite3"' in entry
    assert autostart.is_enabled()
    with qtbot.waitSignal(tray.reminders_requested):
        tray.reminders_action.trigger()
    tray.menu.popup(QPoint(20, 20))
    qtbot.waitUntil(tray.menu.isVisible)
    save_shot(tray.menu, "tray_menu")
    tray.menu.hide()
    tray.session_action.setChecked(False)
    assert not autostart.is_enabled() and not autostart.path.exists()
    no_session = ReminderTray(preferences=TrayPreferences(settings), autostart=None)
    assert not no_session.session_action.isVisible()


def test_closing_the_window_keeps_running_in_the_tray(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ReminderTray, "visible", property(lambda self: True))
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = QMainWindow()
    qtbot.addWidget(window)
    preferences = TrayPreferences(settings)
    preferences.keep_running = True
    tray = ReminderTray(preferences=preferences, autostart=None)
    keeper = WindowKeeper(window, tray)
    app = QApplication.instance()
    window.show()
    try:
        assert not app.quitOnLastWindowClosed()
        window.close()
        assert window.isHidden() and keeper.hides  # hidden, not closed: reminders go on
        tray.show_requested.emit()
        assert window.isVisible()
        tray.keep_action.setChecked(False)
        assert app.quitOnLastWindowClosed()
        tray.keep_action.setChecked(True)
        monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: None))
        tray.quit_requested.emit()
        assert keeper.quitting and not window.isVisible()
    finally:
        app.setQuitOnLastWindowClosed(True)


def test_desktop_exec_quoting() -> None:
    assert desktop_exec(["/usr/bin/python3", "-m", "coordinator"]) == (
        "/usr/bin/python3 -m coordinator"
    )
    assert desktop_exec(["/a b/c", 'say "hi" $HOME', "100%"]) == (
        # Quoting escapes " and $ with a backslash; the string rule then doubles backslashes.
        r'"/a b/c" "say \\"hi\\" \\$HOME" "100%%"'
    )


def test_launch_agent_and_run_key(tmp_path: Path) -> None:
    agent = LaunchAgent(tmp_path)
    agent.enable(["/Applications/Coordinator.app/Contents/MacOS/Coordinator"])
    data = plistlib.loads(agent.path.read_bytes())
    assert data["RunAtLoad"] is True
    assert data["ProgramArguments"] == ["/Applications/Coordinator.app/Contents/MacOS/Coordinator"]
    assert agent.is_enabled()
    agent.disable()
    assert not agent.is_enabled()

    store: dict[str, str] = {}

    class Key:
        def __enter__(self) -> Key:
            return self

        def __exit__(self, *args: object) -> None:
            return None

    def query(_key: Key, name: str) -> tuple[str, int]:
        if name not in store:
            raise FileNotFoundError(name)
        return store[name], 1

    def delete(_key: Key, name: str) -> None:
        if name not in store:
            raise FileNotFoundError(name)
        del store[name]

    registry = SimpleNamespace(
        HKEY_CURRENT_USER=1,
        KEY_SET_VALUE=2,
        REG_SZ=1,
        OpenKey=lambda *args: Key(),
        CreateKeyEx=lambda *args: Key(),
        QueryValueEx=query,
        SetValueEx=lambda _key, name, _reserved, _kind, value: store.__setitem__(name, value),
        DeleteValue=delete,
    )
    run = RunKey(registry)  # type: ignore[arg-type]
    assert not run.is_enabled()
    run.enable([r"C:\Program Files\Coordinator\Coordinator.exe", "--db", r"D:\CoPs\a b.db"])
    assert store == {
        "Coordinator": r'"C:\Program Files\Coordinator\Coordinator.exe" --db "D:\CoPs\a b.db"'
    }
    assert run.is_enabled()
    run.disable()
    run.disable()  # twice is fine
    assert not run.is_enabled()
