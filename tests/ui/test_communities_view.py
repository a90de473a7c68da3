"""The Communities page driven by clicks and keystrokes: add, edit, invalid input, filter,
multi-select actions, undo and redo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox, QToolButton
from sqlalchemy import select

from coordinator import editing
from coordinator.db import Database
from coordinator.domain import HealthBand
from coordinator.editing import CommunityFields
from coordinator.models import AuditEntry, Community
from coordinator.queries import CommunityFilter
from coordinator_ui.communities_view import CommunitiesView
from coordinator_ui.community_form import CommunityForm
from tests.ui.ui_fixtures import messages, sample_database, show_page, styled, wait_idle

__all__ = ["messages", "sample_database", "styled"]


@pytest.fixture
def view(qtbot, styled, database: Database) -> CommunitiesView:  # type: ignore[no-untyped-def]
    for i, (name, zone) in enumerate(
        (
            ("Tokyo Lean", "Asia/Tokyo"),
            ("Berlin Data", "Europe/Berlin"),
            ("Lima Agile", "America/Lima"),
        )
    ):
        editing.create(database, CommunityFields(name=name, time_zone=zone, members=10 * (i + 1)))
    page = show_page(qtbot, CommunitiesView(database), 1300, 700)
    wait_idle(qtbot)
    return page


def names(page: CommunitiesView) -> list[str]:
    return [row.name for row in page.proxy.rows()]


def stored(database: Database) -> dict[str, Community]:
    with database.reading() as session:
        return {c.name: c for c in session.scalars(select(Community))}


def test_add_by_typing_into_the_form(qtbot, view: CommunitiesView) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    (form,) = [f for f in view.findChildren(CommunityForm) if f.isVisible()]
    assert not form.ok.isEnabled()  # empty form: nothing to save
    qtbot.keyClicks(form.name, "Nairobi Mentoring")
    qtbot.keyClicks(form.zone.edit, "Africa/Nairobi")
    assert "UTC+03:00" in form.zone.offset.text()
    form.members.selectAll()
    qtbot.keyClicks(form.members, "35")
    assert form.ok.isEnabled()
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    wait_idle(qtbot)
    assert "Nairobi Mentoring" in names(view)
    saved = stored(view.database)["Nairobi Mentoring"]
    assert (saved.time_zone, saved.members) == ("Africa/Nairobi", 35)


def test_unknown_zone_shows_error_beside_field_and_keeps_ok_disabled(qtbot, view) -> None:  # type: ignore[no-untyped-def]
    form = view.new_record()
    qtbot.keyClicks(form.name, "Somewhere")
    qtbot.keyClicks(form.zone.edit, "Mars/Olympus")
    error = form.errors.label("time_zone")
    assert error.isVisible() and "Unknown time zone" in error.text()
    assert form.zone.edit.property("invalid") is True
    assert not form.ok.isEnabled()
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    assert form.isVisible() and "Somewhere" not in stored(view.database)
    form.zone.edit.clear()
    qtbot.keyClicks(form.zone.edit, "Europe/Oslo")
    assert not error.isVisible() and form.ok.isEnabled()
    qtbot.keyClicks(form.host_email, "not-an-address")
    assert form.errors.label("host_email").isVisible() and not form.ok.isEnabled()
    form.name.clear()
    qtbot.keyClicks(form.name, "tokyo lean")
    assert "already has this name" in form.errors.label("name").text()


def test_edit_then_undo_and_redo(qtbot, view: CommunitiesView) -> None:  # type: ignore[no-untyped-def]
    view.set_filter(CommunityFilter(text="berlin"))
    view.table.selectRow(0)
    form = view.edit_selected()
    assert form.name.text() == "Berlin Data"
    form.members.selectAll()
    qtbot.keyClicks(form.members, "77")
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert stored(view.database)["Berlin Data"].members == 77
    assert view.undo_stack.undoText() == "Edit Berlin Data"
    view.undo_stack.undo()
    wait_idle(qtbot)
    assert stored(view.database)["Berlin Data"].members == 20
    assert view.proxy.rows()[0].members == 20
    view.undo_stack.redo()
    wait_idle(qtbot)
    assert stored(view.database)["Berlin Data"].members == 77
    with view.database.reading() as session:
        summaries = session.scalars(select(AuditEntry.summary).order_by(AuditEntry.id)).all()
    assert summaries[-3:] == [
        "Edited Berlin Data",
        "Undo: Edited Berlin Data",
        "Redo: Edited Berlin Data",
    ]


def test_edit_conflict_is_explained(qtbot, view: CommunitiesView) -> None:  # type: ignore[no-untyped-def]
    view.table.selectRow(0)
    form = view.edit_selected()
    row = view.current_row()
    values, version = editing.read(view.database, "community", row.id)
    from dataclasses import replace

    editing.update(view.database, "community", row.id, replace(values, members=1), version)
    form.members.setValue(999)
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert "changed elsewhere" in form.banner.text()


def test_filter_as_you_type_and_by_choice(qtbot, view: CommunitiesView) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(view.search, "lean")
    assert names(view) == ["Tokyo Lean"]
    assert view.count_label.text() == "1 of 3 communities shown"
    view.search.clear()
    view.region.setCurrentIndex(view.region.findData("Europe"))
    assert names(view) == ["Berlin Data"]
    view.clear_filters()
    qtbot.mouseClick(view.unassigned_chip, Qt.MouseButton.LeftButton)
    assert len(names(view)) == 3
    view.band.setCurrentIndex(view.band.findData(HealthBand.ACTIVE.value))
    assert names(view) == []
    qtbot.mouseClick(view.clear_button, Qt.MouseButton.LeftButton)
    assert len(names(view)) == 3 and not view.unassigned_chip.isChecked()


def test_multi_select_flags_deactivate_and_undo(qtbot, view: CommunitiesView, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    selection = view.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 2):
        selection.select(view.proxy.index(row, 0), flags)
    chosen = {r.name for r in view.selected_rows()}
    assert view.selection_label.text() == "2 selected"
    button = next(
        b for b in view.findChildren(QToolButton) if b.defaultAction() is view.act_showcase
    )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert {n for n, c in stored(view.database).items() if c.showcase} == chosen
    view.select_ids({r.id for r in view.proxy.rows() if r.name in chosen})
    assert view.act_showcase.text() == "Remove showcase"
    view.act_help.trigger()
    wait_idle(qtbot)
    assert {n for n, c in stored(view.database).items() if c.help_requested_on} == chosen
    view.select_ids({r.id for r in view.proxy.rows() if r.name in chosen})
    view.act_active.trigger()
    wait_idle(qtbot)
    assert names(view) == sorted({"Berlin Data", "Lima Agile", "Tokyo Lean"} - chosen)
    view.undo_stack.undo()
    wait_idle(qtbot)
    assert len(names(view)) == 3
    view.undo_stack.undo()
    view.undo_stack.undo()
    wait_idle(qtbot)
    assert not any(c.showcase or c.help_requested_on for c in stored(view.database).values())


def test_delete_asks_and_can_be_undone(qtbot, view: CommunitiesView, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    view.table.selectRow(0)
    gone = view.current_row().name
    view.act_delete.trigger()
    wait_idle(qtbot)
    assert gone not in names(view)
    view.undo_stack.undo()
    wait_idle(qtbot)
    assert gone in names(view)


def test_sample_programme_filters(qtbot, styled, sample_database: Database) -> None:  # type: ignore[no-untyped-def]
    page = CommunitiesView(sample_database)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    wait_idle(qtbot)
    assert page.model.rowCount() == 56
    page.set_filter(CommunityFilter(unassigned=True))
    assert all(r.volunteer is None for r in page.proxy.rows()) and page.proxy.rowCount() == 26
    page.set_filter(CommunityFilter(region="Asia", language="Japanese"))
    assert page.proxy.rowCount() > 0
    assert all(r.time_zone.startswith("Asia/") for r in page.proxy.rows())
