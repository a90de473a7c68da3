"""Caseloads page: drop a community on another volunteer, pin with P, propose and accept.

A real mouse drag cannot run offscreen: ``QDrag.exec`` starts a platform drag loop that waits
for a physical pointer. The test therefore delivers the same drag-enter / drag-move / drop
events a drag produces to the target card's list viewport, with the mime data the source
model produced; the list view and the model handle them exactly as in a real drag.
"""

from __future__ import annotations

import warnings
from datetime import date, time

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from coordinator.db import Database
from coordinator.domain import AssignmentStatus, HealthBand
from coordinator.models import Assignment, CheckInSeries, Community
from coordinator_ui.caseloads_view import CARDS_PER_TURN, CaseloadsView
from coordinator_ui.theme import apply_style
from coordinator_ui.workers import running_tasks, wait_for_tasks
from tests.ui.ui_fixtures import show_page
from tests.unit.test_assignment_support import assign, community, volunteer

ARTIFACT = "caseloads.png"


@pytest.fixture
def programme(database: Database) -> Database:
    """Four volunteers in three regions, a dozen communities, two already placed."""
    with database.unit_of_work() as s:
        ana = volunteer(s, "Ana Costa", "Europe/Lisbon", languages=["English", "Portuguese"],
                        skills=["lean", "safety"], capacity=4)  # fmt: skip
        bo = volunteer(s, "Bo Lind", "Europe/Stockholm", skills=["agile", "data"], capacity=3)
        volunteer(s, "Chen Wei", "Asia/Shanghai", languages=["English", "Chinese"],
                  skills=["data"], capacity=3, hours=(time(9), time(17)))  # fmt: skip
        volunteer(s, "Dee Ray", "America/Chicago", skills=["sales"], capacity=2)
        bands = [HealthBand.DORMANT, HealthBand.QUIET, HealthBand.ACTIVE, HealthBand.REALLY_ACTIVE]
        specs = [
            ("Plant Safety", "Europe/Lisbon", "Portuguese", ["safety"]),
            ("Lean Porto", "Europe/Lisbon", "Portuguese", ["lean"]),
            ("Agile Nordics", "Europe/Oslo", "English", ["agile"]),
            ("Data Guild", "Europe/Berlin", "English", ["data"]),
            ("Shanghai Data", "Asia/Shanghai", "Chinese", ["data"]),
            ("Beijing Ops", "Asia/Shanghai", "Chinese", []),
            ("Sales Midwest", "America/Chicago", "English", ["sales"]),
            ("Quality Circle", "Europe/Madrid", "English", ["quality"]),
            ("Tagalog Makers", "Asia/Manila", "Tagalog", []),
            ("Finance Hub", "Europe/London", "English", ["finance"]),
        ]
        rows = [
            community(
                s,
                name,
                zone,
                language=lang,
                topics=topics,
                band=bands[k % 4],
                help_requested_on=date(2026, 5, 2) if k == 3 else None,
            )
            for k, (name, zone, lang, topics) in enumerate(specs)
        ]
        assign(s, ana, rows[0])
        assign(s, bo, rows[2])
    return database


@pytest.fixture
def view(qtbot, qapp: QApplication, programme: Database):  # type: ignore[no-untyped-def]
    style = qapp.style().name()
    apply_style(qapp)
    page = show_page(qtbot, CaseloadsView(programme), 1180, 820)
    qtbot.waitExposed(page)
    yield page
    wait_for_tasks()
    qapp.processEvents()
    qapp.setStyleSheet("")
    qapp.setStyle(style)


def active_pairs(database: Database) -> dict[str, tuple[str, bool]]:
    """Community name → (volunteer name, pinned) of the active assignments."""
    with database.reading() as s:
        return {
            a.community.name: (a.facilitator.name, a.pinned)
            for a in s.scalars(
                select(Assignment).where(Assignment.status == AssignmentStatus.ACTIVE)
            )
        }


def drop_on(view: CaseloadsView, source: QModelIndex, volunteer_name: str) -> None:
    """Deliver what a drag of ``source`` onto a volunteer's card would deliver."""
    target = next(c for c in view.cards if c.column.name == volunteer_name)
    mime: QMimeData = view.model.mimeData([source])
    viewport = target.list.viewport()
    where = QPointF(viewport.width() / 2, viewport.height() - 4)
    action, buttons = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton
    mods = Qt.KeyboardModifier.NoModifier
    point = where.toPoint()
    with warnings.catch_warnings():
        # Qt 6 marks the QPoint constructors deprecated but offers no QPointF ones for these.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(point, action, mime, buttons, mods)
        move = QDragMoveEvent(point, action, mime, buttons, mods)
    for event in (enter, move, QDropEvent(where, action, mime, buttons, mods)):
        QApplication.sendEvent(viewport, event)


def test_drop_moves_a_community_and_warns_about_a_poor_match(
    qtbot, view: CaseloadsView, programme: Database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    warnings: list[str] = []

    def answer(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        warnings.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", answer)
    # A good match: no warning.
    drop_on(view, view.model.community_index(community_id(programme, "Agile Nordics")), "Ana Costa")
    qtbot.waitUntil(lambda: active_pairs(programme)["Agile Nordics"][0] == "Ana Costa")
    assert warnings == []
    # From the unassigned card to a volunteer who does not speak the language, far away.
    drop_on(view, view.model.community_index(community_id(programme, "Shanghai Data")), "Dee Ray")
    qtbot.waitUntil(lambda: "Shanghai Data" in active_pairs(programme))
    assert active_pairs(programme)["Shanghai Data"] == ("Dee Ray", False)
    assert "Dee Ray does not speak Chinese" in warnings[0]
    assert "shared working time" in warnings[0]
    assert card(view, "Dee Ray").load_bar.format() == "1 / 2"


def test_p_pins_and_context_menu_state(qtbot, view: CaseloadsView, programme: Database) -> None:  # type: ignore[no-untyped-def]
    ana = card(view, "Ana Costa")
    ana.list.setFocus()
    ana.list.setCurrentIndex(view.model.community_index(community_id(programme, "Plant Safety")))
    qtbot.keyClick(ana.list, Qt.Key.Key_P)
    assert active_pairs(programme)["Plant Safety"] == ("Ana Costa", True)
    assert view.model.data(view.model.community_index(community_id(programme, "Plant Safety"))) == (
        "Plant Safety  (pinned)"
    )
    qtbot.keyClick(card(view, "Ana Costa").list, Qt.Key.Key_P)
    assert active_pairs(programme)["Plant Safety"] == ("Ana Costa", False)
    # Unassigned communities cannot be pinned.
    assert not view.can_pin(view.model.community_index(community_id(programme, "Finance Hub")))


def test_propose_off_thread_then_accept(
    qtbot, view: CaseloadsView, programme: Database, artifacts
) -> None:  # type: ignore[no-untyped-def]
    pin_index = view.model.community_index(community_id(programme, "Agile Nordics"))
    view.toggle_pin(pin_index)
    with qtbot.waitSignal(view.status_message, timeout=20_000):
        qtbot.mouseClick(view.propose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.panel.isVisible(), timeout=20_000)
    assert running_tasks() == 0
    proposal = view.panel.proposal
    assert proposal is not None and proposal.added
    assert {u.community_name for u in proposal.unassigned} == {"Tagalog Makers"}
    assert "no available volunteer speaks Tagalog" in proposal.unassigned[0].reason
    tree = view.panel.tree.model()
    groups = [tree.index(r, 0).data() for r in range(tree.rowCount())]
    assert groups[0].startswith("Added") and groups[-1] == "Unchanged (2)"
    QApplication.processEvents()
    view.grab().save(str(artifacts / ARTIFACT))
    with qtbot.waitSignal(view.data_changed, timeout=30_000):
        qtbot.mouseClick(view.panel.accept_button, Qt.MouseButton.LeftButton)
    pairs = active_pairs(programme)
    assert len(pairs) == 9 and "Tagalog Makers" not in pairs
    # Accepting also scheduled the new caseload entries' check-ins.
    assert {c.community_name for c in proposal.added} <= scheduled_communities(programme)
    assert pairs["Agile Nordics"] == ("Bo Lind", True)
    assert not view.panel.isVisible()
    loads = {c.column.name: c.load_bar.format() for c in view.cards[1:]}
    assert all(int(text.split(" / ")[0]) <= int(text.split(" / ")[1]) for text in loads.values())
    QApplication.processEvents()
    view.grab().save(str(artifacts / "caseloads-accepted.png"))


def test_drop_on_unassigned_ends_the_entry_and_its_check_ins(
    qtbot, view: CaseloadsView, programme: Database
) -> None:  # type: ignore[no-untyped-def]
    drop_on(view, view.model.community_index(community_id(programme, "Agile Nordics")), "Ana Costa")
    qtbot.waitUntil(lambda: active_pairs(programme).get("Agile Nordics", ("",))[0] == "Ana Costa")
    assert "Agile Nordics" in scheduled_communities(programme)
    drop_on(
        view, view.model.community_index(community_id(programme, "Agile Nordics")), "Unassigned"
    )
    qtbot.waitUntil(lambda: "Agile Nordics" not in active_pairs(programme))
    assert "Agile Nordics" not in scheduled_communities(programme)
    unassigned = view.model.columns()[0]
    assert "Agile Nordics" in {e.name for e in unassigned.entries}


def scheduled_communities(database: Database) -> set[str]:
    """Communities with check-ins still to come (a series open today or later)."""
    today = date.today()
    with database.reading() as s:
        rows = s.execute(
            select(Community.name, CheckInSeries.until_on, Assignment.status)
            .join(Assignment, CheckInSeries.assignment_id == Assignment.id)
            .join(Community, Assignment.community_id == Community.id)
        ).all()
    return {
        name
        for name, until, status in rows
        if status == AssignmentStatus.ACTIVE and (until is None or until >= today)
    }


def test_reject_writes_nothing(qtbot, view: CaseloadsView, programme: Database) -> None:  # type: ignore[no-untyped-def]
    before = active_pairs(programme)
    view.start_proposal()
    qtbot.waitUntil(lambda: view.panel.isVisible(), timeout=20_000)
    qtbot.mouseClick(view.panel.reject_button, Qt.MouseButton.LeftButton)
    assert active_pairs(programme) == before
    assert not view.panel.isVisible()


def community_id(database: Database, name: str) -> int:
    with database.reading() as s:
        return s.scalar(select(Community.id).where(Community.name == name))


def card(view: CaseloadsView, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in view.cards if c.column.name == name)


def test_a_large_board_is_built_a_few_cards_at_a_time(
    qtbot, qapp: QApplication, database: Database
) -> None:
    """120 volunteers: the first cards show at once, the rest arrive between events."""
    with database.unit_of_work() as s:
        for n in range(120):
            volunteer(s, f"Volunteer {n:03}", "Asia/Kathmandu", capacity=5)
    page = CaseloadsView(database)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    shown: list[str] = []
    page.status_message.connect(shown.append)
    page.show()
    page.reload()
    assert len(page.cards) == CARDS_PER_TURN  # the unassigned card and the first volunteers
    assert any(message.startswith("Showing caseloads…") for message in shown)
    qtbot.waitUntil(lambda: len(page.cards) == 121, timeout=20_000)
    assert [c.column.name for c in page.cards[1:3]] == ["Volunteer 000", "Volunteer 001"]
    assert shown[-1] == "121 caseloads shown."
    page.reload()  # the same caseloads: the cards are kept
    assert len(page.cards) == 121
