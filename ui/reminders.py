"""The APScheduler ↔ Qt bridge: a ``QObject`` that owns the scheduler and re-emits reminders.

The database is the source of truth (``coordinator.reminders``); the scheduler only holds
*one* date job, for the next instant anything is due, plus a safety tick. Every job runs on
the scheduler's single worker thread (so our jobs never race each other) and hands its result
to the GUI thread through queued signals of this object; nothing here touches a widget.

Why a ``BackgroundScheduler`` and not APScheduler's ``QtScheduler``: under PySide6
``QTimer.singleShot`` returns None, so ``QtScheduler`` cannot stop its previous wake-up timer
and every re-plan would leave one more timer chain behind. The background scheduler runs in
UTC with a memory job store rebuilt from the database, so pickles never matter.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QDockWidget, QMainWindow

from coordinator.db import Database
from coordinator.identity import current_owner
from coordinator.models import utcnow
from coordinator.reminders import (
    DEFAULT_OWNER,
    Reminder,
    ReminderKey,
    active_reminders,
    catch_up,
    dismiss,
    fire_due,
    next_due,
    snooze,
)
from coordinator_ui.autostart import launch_command
from coordinator_ui.clock_watch import ClockWatch
from coordinator_ui.reminders_panel import RemindersPanel
from coordinator_ui.reminders_presenter import ReminderPresenter
from coordinator_ui.tray import ReminderTray, WindowKeeper

log = logging.getLogger(__name__)

NEXT_JOB = "reminders-next"
TICK_JOB = "reminders-tick"
AWAY_AFTER = timedelta(minutes=10)  # a forward jump this long (sleep) is treated as an absence
_JOB_OPTIONS = {
    "misfire_grace_time": None,  # a late reminder is still a reminder
    "coalesce": True,
    "max_instances": 10,  # one worker runs them in turn; never drop a re-plan as "busy"
}


class ReminderBridge(QObject):
    """Runs reminders on APScheduler and delivers them to the GUI thread as signals."""

    reminders_due = Signal(object)  # list[Reminder] that fired while the app runs
    caught_up = Signal(object)  # list[Reminder] that fell due while closed or asleep
    active_changed = Signal(object)  # list[Reminder]: what the panel shows
    planned = Signal(object)  # datetime | None: when the next reminder job runs
    open_requested = Signal(object)  # Event: the main window navigates to it
    failed = Signal(str)

    # Emitted on the scheduler's threads; connected queued to the slots below.
    _fired_relay = Signal(object)
    _caught_relay = Signal(object)
    _active_relay = Signal(object)
    _planned_relay = Signal(object)
    _failed_relay = Signal(str)

    def __init__(
        self,
        database: Database,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        tick: timedelta = timedelta(minutes=5),
        watch: ClockWatch | None = None,
        owner: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        # Whose reminders: on a shared server each coordinator keeps their own.
        self.owner = current_owner() if owner is None else owner
        self._clock = clock
        self._tick = tick
        self.panel: RemindersPanel | None = None
        self.dock: QDockWidget | None = None
        self.tray: ReminderTray | None = None
        self.presenter: QObject | None = None
        self.active: list[Reminder] = []
        # Held while anything adds or removes a job; see ``stop``.
        self._scheduling = threading.Lock()
        self._stopping = False
        self._scheduler = BackgroundScheduler(
            timezone=UTC,
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults=_JOB_OPTIONS,
        )
        queued = Qt.ConnectionType.QueuedConnection
        self._fired_relay.connect(self._deliver_fired, queued)
        self._caught_relay.connect(self._deliver_caught_up, queued)
        self._active_relay.connect(self._deliver_active, queued)
        self._planned_relay.connect(self._deliver_planned, queued)
        self._failed_relay.connect(self._deliver_failed, queued)
        self.watch = watch if watch is not None else ClockWatch(self)
        self.watch.jumped.connect(self._on_clock_jump)
        self.watch.zone_changed.connect(self._on_zone_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    # ---- life cycle (GUI thread) ------------------------------------------------------------

    @property
    def running(self) -> bool:
        """True between ``start()`` and ``stop()``."""
        return bool(self._scheduler.running)

    def start(self) -> None:
        """Start the scheduler: catch up on what was missed, then plan the next reminder."""
        if self.running:
            return
        self._stopping = False
        self._scheduler.start()
        every = IntervalTrigger(seconds=self._tick.total_seconds(), timezone=UTC)
        self._scheduler.add_job(self._fire_job, every, id=TICK_JOB)
        self._submit(self._catch_up_job)
        self.watch.start()

    @Slot()
    def stop(self) -> None:
        """Stop the scheduler, letting a running job finish (its signals are then dropped).

        APScheduler's ``shutdown`` holds its locks while it waits for running jobs, and a job
        that re-plans needs one of them: so first no job may touch the scheduler any more
        (``_stopping``, set under the lock a job holds while it does), then shut down.
        """
        self.watch.stop()
        with self._scheduling:
            self._stopping = True
        if self.running:
            # Emptied first: ``shutdown`` marks the scheduler stopped before it takes its lock,
            # and a due one-off job being processed in that moment kills the scheduler's thread
            # with a JobLookupError (APScheduler 3.11).
            self._scheduler.remove_all_jobs()
            self._scheduler.shutdown(wait=True)

    # ---- requests from the GUI --------------------------------------------------------------

    @Slot()
    def replan(self) -> None:
        """Re-read the schedule and move the job to the next due instant (after data changes)."""
        self._submit(self._plan_job)

    @Slot()
    def check_now(self) -> None:
        """Collect everything due now as a catch-up list (after a resume or clock jump)."""
        self._submit(self._catch_up_job)

    def snooze(self, key: ReminderKey, until: datetime) -> None:
        """Snooze the reminder's occurrence until ``until`` (written on the worker thread)."""
        self.active = [r for r in self.active if r.key.occurrence != key.occurrence]
        self._submit(self._snooze_job, key, until)

    def dismiss(self, key: ReminderKey) -> None:
        """Dismiss the reminder's occurrence (written on the worker thread)."""
        self.active = [r for r in self.active if r.key.occurrence != key.occurrence]
        self._submit(self._dismiss_job, key)

    def now(self) -> datetime:
        """The bridge's clock (UTC)."""
        return self._clock()

    def next_run_time(self) -> datetime | None:
        """When the reminder job runs next (None: nothing planned)."""
        job = self._scheduler.get_job(NEXT_JOB)
        return None if job is None else job.next_run_time

    def _submit(self, func: Callable[..., None], *args: object) -> None:
        # Runs at once, in turn with the other jobs. Trigger objects, not names, so no plugin
        # entry points are looked up (they are easy to lose in a frozen build).
        with self._scheduling:
            if self._stopping:
                return
            trigger = DateTrigger(datetime.now(UTC), timezone=UTC)
            self._scheduler.add_job(func, trigger, args=args)

    # ---- jobs (scheduler threads: no widgets, results by signal) -----------------------------

    def _catch_up_job(self) -> None:
        now = self._clock()
        try:
            missed = catch_up(self.database, now, owner=self.owner)
        except Exception as exc:  # keep the scheduler alive; the tick retries
            self._report("Reminders could not be checked", exc)
            return
        self._caught_relay.emit(missed)
        self._plan(now)

    def _fire_job(self) -> None:
        now = self._clock()
        try:
            fired = fire_due(self.database, now, owner=self.owner)
        except Exception as exc:
            self._report("Reminders could not be fired", exc)
            return
        if fired:
            self._fired_relay.emit(fired)
        self._plan(now, after_fire=True)

    def _plan_job(self) -> None:
        self._plan(self._clock())

    def _snooze_job(self, key: ReminderKey, until: datetime) -> None:
        try:
            snooze(self.database, key, until, owner=self.owner)
        except LookupError:
            pass  # dismissed meanwhile: the refresh below shows the truth
        except Exception as exc:
            self._report("The reminder could not be snoozed", exc)
        self._plan(self._clock())

    def _dismiss_job(self, key: ReminderKey) -> None:
        now = self._clock()
        try:
            dismiss(self.database, key, now, owner=self.owner)
        except Exception as exc:
            self._report("The reminder could not be dismissed", exc)
        self._plan(now)

    def _plan(self, now: datetime, *, after_fire: bool = False) -> None:
        try:
            with self.database.reading() as session:
                at = next_due(session, now, owner=self.owner)
                active = active_reminders(session, now, owner=self.owner)
        except Exception as exc:
            self._report("Reminders could not be planned", exc)
            return
        if at is not None and after_fire and at <= now:
            # fire_due just handled everything due at `now`; wait for the tick, never spin.
            log.warning("reminder due at %s did not fire; retrying on the next tick", at)
            at = now + self._tick
        with self._scheduling:
            if self._stopping:
                return
            if at is None:
                with suppress(JobLookupError):
                    self._scheduler.remove_job(NEXT_JOB)
            else:
                trigger = DateTrigger(run_date=at, timezone=UTC)
                self._scheduler.add_job(self._fire_job, trigger, id=NEXT_JOB, replace_existing=True)
                self._scheduler.wakeup()  # apscheduler#755: make sure the new time is waited for
        self._active_relay.emit(active)
        self._planned_relay.emit(at)

    def _report(self, what: str, exc: Exception) -> None:
        log.exception(what)
        self._failed_relay.emit(f"{what}: {exc}")

    # ---- delivery (GUI thread) ------------------------------------------------------------

    @Slot(object)
    def _deliver_fired(self, reminders: list[Reminder]) -> None:
        self.reminders_due.emit(reminders)

    @Slot(object)
    def _deliver_caught_up(self, reminders: list[Reminder]) -> None:
        self.caught_up.emit(reminders)

    @Slot(object)
    def _deliver_active(self, reminders: list[Reminder]) -> None:
        self.active = reminders
        self.active_changed.emit(reminders)

    @Slot(object)
    def _deliver_planned(self, at: datetime | None) -> None:
        self.planned.emit(at)

    @Slot(str)
    def _deliver_failed(self, message: str) -> None:
        self.failed.emit(message)

    @Slot(float)
    def _on_clock_jump(self, seconds: float) -> None:
        log.info("system clock moved by %.0f s (sleep, resume or a new time)", seconds)
        if seconds >= AWAY_AFTER.total_seconds():
            self.check_now()
        else:
            self.replan()

    @Slot()
    def _on_zone_changed(self) -> None:
        # Instants are UTC, so the plan stands; re-plan anyway and let the panel redraw times.
        self.replan()
        self.active_changed.emit(self.active)


def install_reminders(
    window: QMainWindow,
    database: Database,
    *,
    start: bool = True,
    clock: Callable[[], datetime] = utcnow,
    tray: bool = True,
    owner: str | None = None,
) -> ReminderBridge:
    """Add reminders to ``window``: the dock panel, the tray icon, the catch-up dialog.

    ``owner`` names whose reminders they are (default: ``coordinator.identity``).
    """
    bridge = ReminderBridge(database, window, clock=clock, owner=owner)
    panel = RemindersPanel(clock=clock)
    # On a shared server the reminders are this coordinator's own: the dock says whose.
    shared = database.path is None and bridge.owner != DEFAULT_OWNER
    dock = QDockWidget(f"Reminders — {bridge.owner}" if shared else "Reminders", window)
    dock.setObjectName("RemindersDock")
    dock.setWidget(panel)
    # Where the window's saved state had it; else on the right, hidden until a reminder comes.
    if not window.restoreDockWidget(dock):
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        width = panel.fontMetrics().averageCharWidth() * 40
        window.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        dock.hide()
    bridge.panel, bridge.dock = panel, dock
    bridge.active_changed.connect(panel.set_reminders)
    panel.snooze_requested.connect(bridge.snooze)
    panel.dismiss_requested.connect(bridge.dismiss)
    panel.open_requested.connect(bridge.open_requested)
    bridge.watch.zone_changed.connect(panel.refresh_times)
    keeper = None
    if tray and ReminderTray.available():
        path = database.path
        bridge.tray = ReminderTray(
            window, command=launch_command(path if path else database.url), clock=clock
        )
        bridge.tray.show()
        keeper = WindowKeeper(window, bridge.tray)
        if bridge.tray.preferences.start_minimised:
            QTimer.singleShot(0, window.hide)  # app.py can skip show(); this covers the rest
    bridge.presenter = ReminderPresenter(window, bridge, dock, bridge.tray, keeper)
    if database.read_only:
        # A read-only copy (the volunteers' roster) cannot store what fired.
        panel.empty.setText("Reminders are not available in a read-only database.")
    elif start:
        bridge.start()
    return bridge
