"""Caseloads page, hand-over: choose the mode, propose successors, accept, or hear why not.

Everything goes through real clicks and key presses on a real SQLite file: the mode is picked
in the selector's popup, the days are typed into the spin box, Propose and Accept are clicked.
The programme's dates are relative to today, as the page proposes from today.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox
from sqlalchemy import select

from coordinator.assignment import EndingAssignment, ProposalMode, reschedule, set_pinned
from coordinator.db import Database
from coordinator.models import Assignment, Community, Facilitator
from coordinator_ui.caseloads_view import CaseloadsView
from coordinator_ui.proposal_controls import MODES
from coordinator_ui.proposal_panel import nothing_to_hand_over
from tests.ui.ui_fixtures import messages, save_shot, show_page, styled, wait_idle
from tests.unit.test_assignment_support import assign, community, series_of, volunteer

__all__ = ["messages", "styled"]

SOON = timedelta(days=12)  # inside the default 30 days
LATER = timedelta(days=40)  # outside them


@pytest.fixture
def today() -> date:
    """The day the page proposes from: read as the test starts, not as the module is imported
    (a run that passes midnight in between would build the programme around yesterday)."""
    return date.today()


@pytest.fixture
def programme(database: Database, today: date) -> Database:
    """Three entries end within 30 days (one overdue, one only its volunteer can take on), one
    in 40 days, one later."""
    with database.unit_of_work() as s:
        ana = volunteer(s, "Ana Costa", "Europe/Lisbon", languages=["English", "Portuguese"],
                        skills=["lean", "safety"], capacity=4)  # fmt: skip
        volunteer(s, "Bo Lind", "Europe/Stockholm", skills=["agile", "data", "lean"], capacity=3)
        volunteer(s, "Chen Wei", "Asia/Shanghai", languages=["English", "Chinese"], capacity=3)
        dee = volunteer(s, "Dee Ray", "America/Chicago", skills=["sales"], capacity=3)
        rosa = volunteer(s, "Rosa Cruz", "Asia/Manila", languages=["English", "Tagalog"])
        lean = community(s, "Lean Porto", "Europe/Lisbon", topics=["lean"])
        data = community(s, "Data Guild", "Europe/Berlin", topics=["data"])
        sales = community(s, "Sales Midwest", "America/Chicago", topics=["sales"])
        safety = community(s, "Plant Safety", "Europe/Lisbon", topics=["safety"])
        makers = community(s, "Tagalog Makers", "Asia/Manila", language="Tagalog")
        community(s, "Quality Circle", "Europe/Madrid")  # nobody has it: hand-over leaves it
        assign(s, ana, lean, starts_on=today - timedelta(days=170), ends_on=today + SOON)
        assign(s, ana, data, starts_on=today - timedelta(days=190), ends_on=today - timedelta(2))
        assign(s, dee, sales, starts_on=today - timedelta(days=140), ends_on=today + LATER)
        assign(s, ana, safety, starts_on=today - timedelta(30), ends_on=today + timedelta(150))
        assign(s, rosa, makers, starts_on=today - timedelta(160), ends_on=today + timedelta(20))
        ids = [lean.id, data.id, sales.id, safety.id, makers.id]
    reschedule(database, ids, start=today)  # every entry has its check-ins
    return database


@pytest.fixture
def view(qtbot, styled: QApplication, programme: Database) -> CaseloadsView:  # type: ignore[no-untyped-def]
    page = show_page(qtbot, CaseloadsView(programme), 1180, 820)
    qtbot.waitExposed(page)
    return page


def choose_mode(qtbot, view: CaseloadsView, mode: ProposalMode) -> None:  # type: ignore[no-untyped-def]
    """Open the mode selector with a click and click the mode's entry in its popup."""
    combo: QComboBox = view.controls.mode
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible)
    # The popup ignores a release this soon after it opened (the opening click's own release).
    qtbot.wait(QApplication.doubleClickInterval() + 100)
    rect = popup.visualRect(combo.model().index(combo.findData(mode), 0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert view.controls.current_mode() == mode


def set_days(qtbot, view: CaseloadsView, days: int) -> None:  # type: ignore[no-untyped-def]
    """Type a number of days into the spin box."""
    spin = view.controls.days
    qtbot.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), str(days))
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Enter)
    assert spin.value() == days


def propose(qtbot, view: CaseloadsView) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(view.controls.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.panel.isVisible(), timeout=20_000)
    wait_idle(qtbot)


def tree_rows(view: CaseloadsView) -> dict[str, list[list[str]]]:
    """Group title → its rows' texts, as the proposal panel shows them."""
    model = view.panel.tree.model()
    groups: dict[str, list[list[str]]] = {}
    for r in range(model.rowCount()):
        group = model.index(r, 0)
        groups[group.data()] = [
            [model.index(c, k, group).data() for k in range(model.columnCount())]
            for c in range(model.rowCount(group))
        ]
    return groups


def entries(database: Database) -> list[tuple[str, str, str, date, date]]:
    """(community, volunteer, status, starts_on, ends_on) of every caseload entry."""
    with database.reading() as s:
        rows = s.execute(
            select(
                Community.name,
                Facilitator.name,
                Assignment.status,
                Assignment.starts_on,
                Assignment.ends_on,
            )
            .join(Community, Assignment.community_id == Community.id)
            .join(Facilitator, Assignment.facilitator_id == Facilitator.id)
            .order_by(Assignment.id)
        ).all()
    return [(c, f, status.value, start, end) for c, f, status, start, end in rows]


def test_the_mode_selector_shows_the_hand_over_options(qtbot, view: CaseloadsView) -> None:  # type: ignore[no-untyped-def]
    controls = view.controls
    assert [controls.mode.itemText(i) for i in range(controls.mode.count())] == [
        m.name for m in MODES
    ]
    assert controls.propose_button.text() == "Propose assignments"
    assert controls.hint.isVisible() and not controls.handover_options.isVisible()
    choose_mode(qtbot, view, ProposalMode.HANDOVER)
    assert controls.propose_button.text() == "Propose successors"
    assert controls.handover_options.isVisible() and not controls.hint.isVisible()
    assert controls.days.value() == 30 and not controls.keep_volunteer.isChecked()
    choose_mode(qtbot, view, ProposalMode.REBALANCE)
    assert controls.propose_button.text() == "Propose rebalance"
    assert "unpinned" in controls.hint.text() and not controls.handover_options.isVisible()


def test_hand_over_proposes_successors_and_accept_writes_them(
    qtbot, view: CaseloadsView, programme: Database, messages: list[str], today: date
) -> None:  # type: ignore[no-untyped-def]
    soon = today + SOON
    said: list[str] = []
    view.status_message.connect(said.append)
    choose_mode(qtbot, view, ProposalMode.HANDOVER)
    propose(qtbot, view)
    proposal = view.panel.proposal
    assert proposal is not None and proposal.mode == ProposalMode.HANDOVER
    # Only the two entries ending within 30 days get a successor, and not Ana again.
    handed = {c.community_name: c for c in proposal.moved}
    assert set(handed) == {"Lean Porto", "Data Guild"}
    assert all(c.facilitator_name != "Ana Costa" for c in handed.values())
    assert handed["Lean Porto"].starts_on == soon
    assert handed["Data Guild"].starts_on == today  # overdue: from today
    # Only Rosa speaks Tagalog, and a new volunteer is wanted: no successor, and why.
    (makers,) = proposal.unassigned
    assert makers.community_name == "Tagalog Makers"
    groups = tree_rows(view)
    assert list(groups) == ["Handed over (2)", "No successor (1)", "Unchanged (2)"]
    assert groups["No successor (1)"] == [
        ["Tagalog Makers", "—", "Rosa Cruz", (today + timedelta(20)).isoformat(), makers.reason]
    ]
    assert "only Rosa Cruz fits" in makers.reason
    lean = next(row for row in groups["Handed over (2)"] if row[0] == "Lean Porto")
    assert lean[1:4] == [handed["Lean Porto"].facilitator_name, "Ana Costa", soon.isoformat()]
    header = view.panel.tree.model()
    assert [header.headerData(k, Qt.Orientation.Horizontal) for k in range(5)] == [
        "Community", "Successor", "Until now", "From", "Why",
    ]  # fmt: skip
    assert view.panel.title.text() == (
        f"Hand-over of caseloads ending by {(today + timedelta(days=30)).isoformat()}"
    )
    assert view.panel.summary.text() == (
        "2 handed over, 1 without a successor · 2 other caseload entries unchanged"
    )
    assert view.panel.accept_button.isVisible() and view.panel.accept_button.isEnabled()
    save_shot(view, "caseloads-handover")

    with qtbot.waitSignal(view.data_changed, timeout=30_000):
        qtbot.mouseClick(view.panel.accept_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert messages == []
    rows = entries(programme)
    successor = handed["Lean Porto"].facilitator_name
    assert ("Lean Porto", "Ana Costa", "ended", today - timedelta(days=170), soon) in rows
    assert ("Data Guild", "Ana Costa", "ended") in [r[:3] for r in rows]
    active = {r[0]: r for r in rows if r[2] == "active"}
    assert active["Lean Porto"][1:4] == (successor, "active", soon)
    assert active["Data Guild"][1] == handed["Data Guild"].facilitator_name
    assert active["Data Guild"][3] == today
    # Untouched: the entry ending in 40 days, the one ending later, the one without successor.
    assert active["Sales Midwest"][1] == "Dee Ray" and active["Plant Safety"][1] == "Ana Costa"
    assert active["Tagalog Makers"][1] == "Rosa Cruz"
    # Check-ins were rescheduled: Ana keeps Lean Porto's until the hand-over, the successor's
    # begin on that day.
    ana, after = series_of(programme, "Lean Porto")
    assert ana == ("Ana Costa", today, soon - timedelta(days=1))
    assert after[:2] == (successor, soon)
    assert not view.panel.isVisible()
    assert said[-1].startswith("Hand-over accepted: 2 handed over; check-ins: ")
    lean_card = next(c for c in view.cards if c.column.name == successor)
    assert "Lean Porto" in {e.name for e in lean_card.column.entries}


def test_the_current_volunteer_may_continue(
    qtbot, view: CaseloadsView, programme: Database, today: date
) -> None:  # type: ignore[no-untyped-def]
    choose_mode(qtbot, view, ProposalMode.HANDOVER)
    qtbot.mouseClick(view.controls.keep_volunteer, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert view.controls.keep_volunteer.isChecked()
    propose(qtbot, view)
    proposal = view.panel.proposal
    assert proposal is not None
    extended = {c.community_name: c.facilitator_name for c in proposal.extended}
    assert extended["Tagalog Makers"] == "Rosa Cruz"  # she may go on now
    assert set(extended) | {c.community_name for c in proposal.moved} == {
        "Lean Porto", "Data Guild", "Tagalog Makers",
    }  # fmt: skip
    assert proposal.unassigned == ()
    assert any(title.startswith("Continues with the same volunteer") for title in tree_rows(view))
    with qtbot.waitSignal(view.data_changed, timeout=30_000):
        qtbot.mouseClick(view.panel.accept_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    (makers,) = [r for r in entries(programme) if r[0] == "Tagalog Makers"]
    assert makers[1:3] == ("Rosa Cruz", "active") and makers[4] > today + timedelta(days=150)
    # Her check-ins run on to the new end.
    assert series_of(programme, "Tagalog Makers")[-1][2] in (None, makers[4])


def test_nothing_ending_in_the_window_says_so(
    qtbot, view: CaseloadsView, programme: Database, today: date
) -> None:  # type: ignore[no-untyped-def]
    before = entries(programme)
    choose_mode(qtbot, view, ProposalMode.HANDOVER)
    set_days(qtbot, view, 0)  # the overdue Data Guild still counts: it is past its end
    with programme.unit_of_work() as s:
        data_guild = s.scalar(select(Community.id).where(Community.name == "Data Guild"))
    set_pinned(programme, data_guild, True)
    view.reload()
    propose(qtbot, view)
    panel = view.panel
    assert panel.proposal is None and panel.showing_notice
    assert panel.title.text() == "Nothing to hand over"
    assert panel.notice.text() == (
        f"1 caseload entry ends by {today.isoformat()}, but it is pinned: pinned communities "
        "stay with their volunteer. Unpin it (P on the board) to propose a successor."
    )
    assert not panel.tree.isVisible() and not panel.accept_button.isVisible()
    assert panel.reject_button.text() == "Close"

    # Unpinned and a window that misses every end: it names the next one to end.
    set_pinned(programme, data_guild, False)
    with programme.unit_of_work() as s:
        s.execute(
            Assignment.__table__.update()
            .where(Assignment.community_id == data_guild)
            .values(ends_on=today + timedelta(days=60))
        )
    view.reload()
    set_days(qtbot, view, 7)
    propose(qtbot, view)
    assert panel.notice.text() == (
        f"No caseload entry ends within the next 7 days (by {(today + timedelta(7)).isoformat()})."
        f" The next to end is Lean Porto with Ana Costa on {today + SOON}, in 12 days: "
        "choose 12 days or more to propose its successor now."
    )
    save_shot(view, "caseloads-handover-nothing")
    qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    assert [r[:3] for r in entries(programme)] == [r[:3] for r in before]


def test_the_wording_when_nothing_can_be_handed_over() -> None:
    today = date(2026, 11, 23)

    def ending(name: str, days_left: int, pinned: bool) -> EndingAssignment:
        day = today + timedelta(days=days_left)
        return EndingAssignment(1, 1, name, 1, "Ana Costa", day, days_left, pinned)

    by = (today + timedelta(days=1)).isoformat()
    assert nothing_to_hand_over([], 1, today) == (
        "Nothing to hand over",
        f"No caseload entry ends within the next 1 day (by {by}). There are no caseloads yet.",
    )
    _title, text = nothing_to_hand_over([ending("A", 1, True), ending("B", 0, True)], 1, today)
    assert text.startswith(f"2 caseload entries end by {by}, but they are all pinned: ")
    assert text.endswith("Unpin one (P on the board) to propose a successor.")
    # Not pinned, yet not in the proposal: its community is inactive.
    _title, text = nothing_to_hand_over([ending("A", 1, True), ending("B", 1, False)], 1, today)
    assert "none can be handed over" in text and "inactive communities" in text
    _title, text = nothing_to_hand_over([ending("A", 2, False)], 1, today)
    assert text.endswith("in 2 days: choose 2 days or more to propose its successor now.")
