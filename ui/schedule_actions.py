"""The check-in log behind the schedule page: log (or webinar attendance), move, cancel,
restore, and opening the time-zone planner. Each change is one unit of work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog
from sqlalchemy.orm import Session

from coordinator.db import ReadOnlyError
from coordinator.domain import OccurrenceStatus
from coordinator.models import Community, Facilitator
from coordinator.scheduling import (
    CHECK_IN,
    Event,
    SchedulingError,
    cancel_check_in,
    log_check_in,
    move_check_in,
    move_warnings,
    record_attendance,
    restore_check_in,
    set_webinar_status,
    webinar_attendance,
    webinar_audience,
)
from coordinator.scheduling.parties import Party, host_party, volunteer_party
from coordinator.settings import load_settings
from coordinator_ui.checkin_dialog import AttendanceDialog, LogDialog, MoveDialog
from coordinator_ui.planner import PlannerDialog

if TYPE_CHECKING:
    from coordinator_ui.schedule_view import ScheduleView


class ScheduleActions(QObject):
    """Actions on the selected occurrence of a ``ScheduleView``."""

    def __init__(self, view: ScheduleView) -> None:
        super().__init__(view)
        self.view = view
        self.log_action = QAction("Log done / missed…", self, triggered=self.log_selected)
        self.move_action = QAction("Move…", self, triggered=self.move_selected)
        self.cancel_action = QAction("Cancel occurrence", self, triggered=self.cancel_selected)
        self.restore_action = QAction("Back to schedule", self, triggered=self.restore_selected)
        self.by_key = {
            "log": self.log_action,
            "move": self.move_action,
            "cancel": self.cancel_action,
            "restore": self.restore_action,
        }

    def update(self) -> None:
        """Enable what makes sense for the selected row."""
        event = self.view.selected_event()
        check_in = event is not None and event.kind == CHECK_IN
        live = event is not None and event.status != OccurrenceStatus.CANCELLED
        started = event is not None and event.start <= datetime.now(UTC)
        self.log_action.setEnabled(live and started)
        webinar = event is not None and not check_in
        self.log_action.setText("Attendance…" if webinar else "Log done / missed…")
        self.move_action.setEnabled(check_in and live)
        self.cancel_action.setEnabled(live)
        self.restore_action.setEnabled(
            check_in and event is not None and event.occurrence_id is not None
        )

    def _write(self, what: str, change: Callable[[Session], object]) -> bool:
        """Run one change in a unit of work; say what happened (or why not) under the table."""
        try:
            with self.view.database.unit_of_work() as session:
                change(session)
        except (SchedulingError, ReadOnlyError) as exc:
            self.view.message_label.setText(f"<span style='color:#b3261e'>{exc}</span>")
            return False
        self.view.message_label.setText(what)
        self.view.status_message.emit(what)
        self.view.refresh()
        self.view.data_changed.emit()
        return True

    def log_selected(self) -> None:
        """Log the selected check-in as done or missed."""
        event = self.view.selected_event()
        if event is None or not self.log_action.isEnabled():
            return
        if event.kind != CHECK_IN:
            self._log_attendance(event)
            return
        dialog = LogDialog(event, self.view.zone, self.view)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        status, notes, outcome = dialog.values()
        self._write(
            f"Logged {event.title} as {status.value}.",
            lambda s: log_check_in(
                s, event.series_id, event.original_start, status, notes=notes, outcome=outcome
            ),
        )

    def _log_attendance(self, event: Event) -> None:
        with self.view.database.reading() as session:
            people = webinar_audience(session)
            volunteers, hosts = webinar_attendance(session, event.session_id, event.original_start)
        attended = {f"facilitator:{i}" for i in volunteers} | {f"host:{i}" for i in hosts}
        dialog = AttendanceDialog(event, self.view.zone, people, attended, self.view)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        volunteer_ids, community_ids = dialog.values()
        self._write(
            f"Recorded {len(volunteer_ids) + len(community_ids)} attending {event.title}.",
            lambda s: record_attendance(
                s, event.session_id, event.original_start,
                facilitator_ids=volunteer_ids, community_ids=community_ids,
            ),
        )  # fmt: skip

    def move_selected(self) -> None:
        """Move the selected check-in to a time picked in the viewer's zone."""
        event = self.view.selected_event()
        if event is None or not self.move_action.isEnabled():
            return

        def check(start: datetime, minutes: int) -> tuple[list[Event], list[str]]:
            with self.view.database.reading() as session:
                return move_warnings(session, event.series_id, event.original_start, start, minutes)

        def plan(start: datetime, minutes: int) -> datetime | None:
            return self.open_planner(event=event, slot=(start, minutes))

        dialog = MoveDialog(event, self.view.zone, check=check, open_planner=plan, parent=self.view)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        new_start, minutes = dialog.values()
        local = new_start.astimezone(ZoneInfo(self.view.zone))
        self._write(
            f"Moved {event.title} to {local:%a %d %b %H:%M} {self.view.zone}.",
            lambda s: move_check_in(
                s, event.series_id, event.original_start, new_start, duration_minutes=minutes
            ),
        )

    def cancel_selected(self) -> None:
        """Cancel the selected occurrence (the series continues)."""
        event = self.view.selected_event()
        if event is None or not self.cancel_action.isEnabled():
            return
        if event.kind == CHECK_IN:
            change = lambda s: cancel_check_in(s, event.series_id, event.original_start)  # noqa: E731
        else:
            change = lambda s: set_webinar_status(  # noqa: E731
                s, event.session_id, event.original_start, OccurrenceStatus.CANCELLED
            )
        self._write(
            f"Cancelled {event.title} on {event.start.astimezone(ZoneInfo(self.view.zone)):%d %b}.",
            change,
        )

    def restore_selected(self) -> None:
        """Put the selected check-in back on its rule (drops its log, move or cancellation)."""
        event = self.view.selected_event()
        if event is None or not self.restore_action.isEnabled():
            return
        self._write(
            f"{event.title} is back on its schedule.",
            lambda s: restore_check_in(s, event.series_id, event.original_start),
        )

    # -- planner --------------------------------------------------------------------------
    def _parties(self, event: Event | None) -> list[Party]:
        if event is None or event.kind != CHECK_IN:
            return []
        with self.view.database.reading() as session:
            settings = load_settings(session)
            volunteer = session.get(Facilitator, event.facilitator_ids[0])
            community = session.get(Community, event.community_id)
            return [volunteer_party(volunteer), host_party(community, settings)]

    def open_planner(
        self,
        *,
        webinar: bool = False,
        event: Event | None = None,
        slot: tuple[datetime, int] | None = None,
    ) -> datetime | None:
        """Open the planner (for a webinar, or around the selected check-in); the picked slot."""
        event = event or (None if webinar else self.view.selected_event())
        if slot is None and event is not None:
            slot = (event.start, int((event.end - event.start).total_seconds() // 60))
        dialog = self.make_planner(webinar=webinar, people=self._parties(event), slot=slot)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if webinar and accepted:
            self.view.refresh()
            self.view.data_changed.emit()
            self.view.status_message.emit("Webinar series created.")
        return dialog.selected_start if accepted else None

    def make_planner(self, **options: object) -> PlannerDialog:
        """The planner dialog in the viewer's zone (a seam for tests)."""
        return PlannerDialog(self.view.database, self.view.zone, parent=self.view, **options)  # type: ignore[arg-type]
