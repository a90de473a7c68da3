"""The Volunteers page: add and edit through the form, invalid input, filters, local time."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from coordinator.db import Database
from coordinator.queries import FacilitatorFilter, list_facilitators
from coordinator_ui.volunteers_view import VolunteersView
from tests.ui.ui_fixtures import messages, sample_database, show_page, styled, wait_idle

__all__ = ["messages", "sample_database", "styled"]


@pytest.fixture
def view(qtbot, styled, sample_database: Database) -> VolunteersView:  # type: ignore[no-untyped-def]
    page = show_page(qtbot, VolunteersView(sample_database), 1300, 700)
    wait_idle(qtbot)
    return page


def test_add_volunteer_by_typing(qtbot, view: VolunteersView) -> None:  # type: ignore[no-untyped-def]
    form = view.new_record()
    qtbot.keyClicks(form.name, "Ines Duarte")
    qtbot.keyClicks(form.email, "Ines.Duarte@Example.com")
    qtbot.keyClicks(form.zone.edit, "lisbon")
    assert not form.ok.isEnabled()  # "lisbon" is not a zone name yet
    form.zone.edit.editingFinished.emit()  # leaving the field resolves a unique city
    assert form.zone.zone() == "Europe/Lisbon"
    qtbot.keyClicks(form.languages, "Portuguese; English")
    qtbot.mouseClick(form.work_days.buttons[0], Qt.MouseButton.LeftButton)  # not on Mondays
    form.capacity.selectAll()
    qtbot.keyClicks(form.capacity, "6")
    assert form.ok.isEnabled()
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    added = next(r for r in list_facilitators(view.database) if r.name == "Ines Duarte")
    assert (added.email, added.time_zone, added.capacity) == (
        "ines.duarte@example.com",
        "Europe/Lisbon",
        6,
    )
    assert added.work_days.to_text() == "Tue-Fri"
    assert added.languages == ("Portuguese", "English")
    assert "Ines Duarte" in [r.name for r in view.proxy.rows()]


def test_invalid_volunteer_input(qtbot, view: VolunteersView) -> None:  # type: ignore[no-untyped-def]
    form = view.new_record()
    qtbot.keyClicks(form.name, "Someone")
    qtbot.keyClicks(form.email, "mara.lindqvist@example.com")
    assert "already has this e-mail" in form.errors.label("email").text()
    form.email.clear()
    qtbot.keyClicks(form.email, "someone@example.com")
    qtbot.keyClicks(form.zone.edit, "Atlantis/Capital")
    assert form.errors.label("time_zone").isVisible()
    form.zone.edit.clear()
    qtbot.keyClicks(form.zone.edit, "Asia/Dubai")
    assert "languages" in form.problems() and not form.ok.isEnabled()
    assert not form.errors.label("languages").isVisible()  # not touched yet: no nagging
    qtbot.keyClicks(form.languages, "Arabic")
    for button in form.work_days.buttons:
        button.setChecked(False)
    assert form.errors.label("work_days").isVisible() and not form.ok.isEnabled()
    form.work_days.buttons[6].setChecked(True)
    form.work_end.setTime(form.work_start.time().addSecs(-3600))
    assert form.errors.label("work_hours").isVisible() and not form.ok.isEnabled()
    form.work_end.setTime(form.work_start.time().addSecs(3600))
    assert form.ok.isEnabled()
    form.reject()
    assert "Someone" not in [r.name for r in list_facilitators(view.database)]


def test_edit_and_filters(qtbot, view: VolunteersView) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(view.search, "japanese")
    assert [r.name for r in view.proxy.rows()] == ["Kenji Mori"]
    view.table.selectRow(0)
    form = view.edit_selected()
    form.capacity.selectAll()
    qtbot.keyClicks(form.capacity, "12")
    qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert view.proxy.rows()[0].capacity == 12
    view.set_filter(FacilitatorFilter(region="Europe"))
    assert {r.time_zone.split("/")[0] for r in view.proxy.rows()} == {"Europe"}
    view.set_filter(FacilitatorFilter(language="Hindi"))
    assert [r.name for r in view.proxy.rows()] == ["Anjali Rao"]
    local = view.model.column_index("local_time")
    text = view.proxy.index(0, local).data()
    assert len(text) == len("21:18 Mon") and text[2] == ":"
