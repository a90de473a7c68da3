"""The schedule page: log a check-in and move one through real clicks; screenshots."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from coordinator.domain import OccurrenceStatus, Weekdays
from coordinator.models import CheckInOccurrence
from coordinator.scheduling import (
    build_schedule,
    cancel_check_in,
    create_webinar_series,
    log_check_in,
    move_check_in,
    webinar_attendance,
)
from coordinator.scheduling.occurrence import CHECK_IN
from coordinator.scheduling.parties import Party, host_party, volunteer_party
from coordinator_ui.checkin_dialog import AttendanceDialog, LogDialog, MoveDialog
from coordinator_ui.planner import PlannerDialog
from coordinator_ui.schedule_model import EVENT_ROLE
from coordinator_ui.schedule_view import MONTH, ScheduleView
from tests.ui.ui_fixtures import sample_database, styled
from tests.unit.scheduling_factory import assign, community, volunteer

__all__ = ["sample_database", "styled"]

PEOPLE = [
    ("Asha Rao", "Asia/Kolkata", ["Europe/Stockholm", "Asia/Dubai", "Europe/London"]),
    ("Bruno Costa", "America/Sao_Paulo", ["America/New_York", "Europe/Lisbon"]),
    ("Chen Wei", "Asia/Singapore", ["Australia/Sydney", "Asia/Tokyo", "Asia/Kathmandu"]),
    ("Dana Levi", "Asia/Jerusalem", ["Europe/Berlin", "Africa/Nairobi"]),
    ("Erik Berg", "Europe/Stockholm", ["America/Chicago", "Europe/Madrid", "Africa/Lagos"]),
]
COMMUNITY_NAMES = [
    "Data Science",
    "Agile Coaching",
    "Cloud Platform",
    "Customer Voice",
    "Finance Ops",
    "Green IT",
    "HR Analytics",
    "Inner Source",
    "Legal Tech",
    "Safety First",
    "Supply Chain",
    "UX Research",
    "Web Accessibility",
]


@pytest.fixture
def programme(database):
    """Five volunteers with caseloads across zones; series built from four weeks ago."""
    today = datetime.now(UTC).date()
    start = today - timedelta(days=28)
    names = iter(COMMUNITY_NAMES)
    with database.unit_of_work() as s:
        for name, zone, host_zones in PEOPLE:
            days = Weekdays.parse("Sun-Thu") if zone == "Asia/Jerusalem" else None
            person = volunteer(s, zone, name=name, **({"days": days} if days else {}))
            for host_zone in host_zones:
                host_days = Weekdays.parse("Sun-Thu") if host_zone == "Asia/Jerusalem" else None
                item = community(s, host_zone, name=next(names), days=host_days)
                assign(s, person, item, start, start + timedelta(days=182))
        build_schedule(s, start=start, months=6)
        create_webinar_series(
            s,
            title="Facilitation skills",
            ordinal=2,
            weekday=1,
            starts_on=start - timedelta(days=40),  # at least one sitting in the past
            sessions=[(time(9), "Europe/London", "EMEA"), (time(17), "America/Chicago", "AMER")],
        )
    return today


def _show(qtbot, database, zone: str = "Europe/Berlin") -> ScheduleView:
    view = ScheduleView(database)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.reload()
    view.set_zone(zone)
    view.show()
    qtbot.waitExposed(view)
    return view


def _click_row(qtbot, view: ScheduleView, row: int) -> None:
    index = view.model.index(row, 2)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _first_row(view: ScheduleView, predicate) -> int:
    for row in range(view.model.rowCount()):
        if predicate(view.model.index(row, 0).data(EVENT_ROLE)):
            return row
    raise AssertionError("no such row")


def _check_ins(view: ScheduleView) -> int:
    """How many check-ins the agenda shows."""
    rows = range(view.model.rowCount())
    return sum(view.model.index(row, 0).data(EVENT_ROLE).kind == CHECK_IN for row in rows)


def test_log_a_check_in_done_then_move_one(
    qtbot, database, programme, monkeypatch, artifacts
) -> None:
    view = _show(qtbot, database)
    qtbot.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)  # last week: all in the past
    assert view.model.rowCount() > 5
    row = _first_row(view, lambda e: e.kind == "check-in")
    _click_row(qtbot, view, row)
    event = view.selected_event()
    assert event is not None and view.action_buttons["log"].isEnabled()

    def fill_log(dialog: LogDialog) -> int:
        dialog.grab().save(str(artifacts / "log_dialog.png"))
        qtbot.mouseClick(dialog.done_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.notes_edit, "Agreed on a monthly show-and-tell")
        qtbot.keyClicks(dialog.outcome_edit, "host books the first session")
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LogDialog, "exec", fill_log)
    qtbot.mouseClick(view.action_buttons["log"], Qt.MouseButton.LeftButton)
    with database.reading() as s:
        stored = s.scalars(select(CheckInOccurrence)).one()
    assert stored.status == OccurrenceStatus.DONE and stored.original_start == event.original_start
    assert stored.notes == "Agreed on a monthly show-and-tell"
    assert stored.outcome == "host books the first session"
    assert "done" in view.model.index(_first_row(view, lambda e: e.key == event.key), 4).data()

    # Move another check-in, typed in the viewer's zone (New York), to the next day at 08:30.
    view.set_zone("America/New_York")
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)  # this week
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)  # next week
    row = _first_row(view, lambda e: e.kind == "check-in" and e.facilitator_zone == "Asia/Kolkata")
    _click_row(qtbot, view, row)
    target = view.selected_event()
    new_day = target.start.astimezone(ZoneInfo("America/New_York")).date() + timedelta(days=1)
    previews: list[str] = []

    def fill_move(dialog: MoveDialog) -> int:
        dialog.when_edit.setDateTime(
            QDateTime(
                QDate(new_day.year, new_day.month, new_day.day), QTime(8, 30), QTimeZone.utc()
            )
        )
        previews.append(dialog.preview.text())
        dialog.grab().save(str(artifacts / "move_dialog.png"))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MoveDialog, "exec", fill_move)
    qtbot.mouseClick(view.action_buttons["move"], Qt.MouseButton.LeftButton)
    expected = datetime.combine(new_day, time(8, 30), ZoneInfo("America/New_York")).astimezone(UTC)
    with database.reading() as s:
        moved = s.scalars(
            select(CheckInOccurrence).where(
                CheckInOccurrence.original_start == target.original_start
            )
        ).one()
    assert moved.start == expected and moved.status == OccurrenceStatus.MOVED
    assert "Asia/Kolkata" in previews[0]
    shown = view.model.index(_first_row(view, lambda e: e.key == target.key), 1).data()
    assert shown.startswith("08:30")  # shown in the viewer's zone at the time typed


def test_screenshots_of_week_month_and_planner(qtbot, database, programme, artifacts) -> None:
    view = _show(qtbot, database, "Europe/Berlin")
    qtbot.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    # A few logged, moved and cancelled occurrences, so every status is on the picture.
    shown = [view.model.event_at(r) for r in range(view.model.rowCount())]
    checkins = [e for e in shown if e.kind == "check-in"]
    with database.unit_of_work() as s:
        for event in checkins[:3]:
            log_check_in(
                s, event.series_id, event.original_start, OccurrenceStatus.DONE, notes="ok"
            )
        log_check_in(s, checkins[3].series_id, checkins[3].original_start, OccurrenceStatus.MISSED)
        cancel_check_in(s, checkins[4].series_id, checkins[4].original_start)
        move_check_in(
            s,
            checkins[5].series_id,
            checkins[5].original_start,
            checkins[5].start + timedelta(hours=1),
        )
    view.refresh()
    _click_row(qtbot, view, 2)
    view.grab().save(str(artifacts / "schedule_week.png"))
    view.mode_combo.setCurrentIndex(view.mode_combo.findData(MONTH))
    assert view.model.rowCount() > 40
    view.grab().save(str(artifacts / "schedule_month.png"))

    with database.reading() as s:
        from coordinator.models import Community, Facilitator
        from coordinator.settings import load_settings

        settings = load_settings(s)
        asha = s.scalars(select(Facilitator).where(Facilitator.name == "Asha Rao")).one()
        hosts = s.scalars(
            select(Community).where(Community.name.in_(["Data Science", "Agile Coaching"]))
        ).all()
        people: list[Party] = [volunteer_party(asha)] + [host_party(c, settings) for c in hosts]
    slot = datetime.combine(programme + timedelta(days=1), time(8), UTC)
    planner = PlannerDialog(database, "Europe/Berlin", people=people, slot=(slot, 30))
    qtbot.addWidget(planner)
    planner.show()
    qtbot.waitExposed(planner)
    clicked = []
    planner.grid.slot_clicked.connect(clicked.append)
    qtbot.mouseClick(
        planner.grid, Qt.MouseButton.LeftButton, pos=planner.grid.cell_center(20).toPoint()
    )
    assert clicked and planner.selected_start == clicked[0]
    assert "of 3 people" in planner.slot_label.text()
    planner.grab().save(str(artifacts / "planner.png"))

    webinar = PlannerDialog(database, "Europe/Berlin", webinar=True)
    qtbot.addWidget(webinar)
    webinar.show()
    qtbot.waitExposed(webinar)
    qtbot.keyClicks(webinar.title_edit, "Running lively community calls")
    webinar.sessions_spin.setValue(2)
    webinar.propose()
    assert webinar.plan is not None and len(webinar.plan.sessions) == 2
    assert "reaches" in webinar.proposal_model.item(0).text()
    webinar.grab().save(str(artifacts / "planner_webinar.png"))
    qtbot.mouseClick(webinar.create_button, Qt.MouseButton.LeftButton)
    assert webinar.result() == QDialog.DialogCode.Accepted


def test_overdue_assignments_are_flagged(qtbot, database, programme) -> None:
    view = _show(qtbot, database)
    assert view.overdue_label.isVisible()  # four weeks in, nothing logged done
    assert "overdue" in view.overdue_label.text()
    overdue_rows = [
        r for r in range(view.model.rowCount()) if "overdue" in view.model.index(r, 4).data()
    ]
    assert overdue_rows


def test_record_webinar_attendance(qtbot, database, programme, monkeypatch) -> None:
    view = _show(qtbot, database)
    view.mode_combo.setCurrentIndex(view.mode_combo.findData(MONTH))
    now = datetime.now(UTC)

    def past_webinar(e) -> bool:
        return e.kind == "webinar" and e.start <= now

    if not any(past_webinar(view.model.event_at(r)) for r in range(view.model.rowCount())):
        qtbot.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    rows = [r for r in range(view.model.rowCount()) if past_webinar(view.model.event_at(r))]
    _click_row(qtbot, view, rows[-1])
    event = view.selected_event()
    assert view.action_buttons["log"].text() == "Attendance…"

    def tick(dialog: AttendanceDialog) -> int:
        for row in range(3):  # the first three people in the list
            dialog.model.item(row).setCheckState(Qt.CheckState.Checked)
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AttendanceDialog, "exec", tick)
    qtbot.mouseClick(view.action_buttons["log"], Qt.MouseButton.LeftButton)
    with database.reading() as s:
        volunteers, hosts = webinar_attendance(s, event.session_id, event.original_start)
    assert len(volunteers) + len(hosts) == 3
    shown = view.model.index(_first_row(view, lambda e: e.key == event.key), 4).data()
    assert shown.startswith("done")


def test_schedule_check_ins_button_builds_the_caseloads_rhythm(
    qtbot, styled, sample_database, artifacts
) -> None:  # type: ignore[no-untyped-def]
    view = ScheduleView(sample_database)
    qtbot.addWidget(view)
    view.resize(1280, 760)
    view.show()
    view.reload()
    assert _check_ins(view) == 0  # caseloads exist, no check-ins yet
    with qtbot.waitSignal(view.data_changed, timeout=30_000):
        qtbot.mouseClick(view.schedule_button, Qt.MouseButton.LeftButton)
    # The caseloads start today; on a Friday evening or a weekend this week may hold none.
    shown = _check_ins(view)
    if not shown:
        qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
        shown = _check_ins(view)
    assert shown > 0
    assert view.schedule_button.isEnabled()
    view.grab().save(str(artifacts / "schedule_built.png"))
