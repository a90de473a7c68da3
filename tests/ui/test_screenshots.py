"""A PNG of every view and dialog with the sample programme, saved to tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

from coordinator.db import Database
from coordinator_ui.first_run import sample_offer_box
from coordinator_ui.main_window import PAGES, MainWindow
from coordinator_ui.table_page import TablePage
from tests.ui.ui_fixtures import messages, sample_database, save_shot, styled, wait_idle

__all__ = ["messages", "sample_database", "styled"]

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def shoot_edit_form(page: TablePage, name: str) -> None:
    """Open the edit form of the page's first row, save a PNG of it and close it."""
    page.table.selectRow(0)
    form = page.edit_selected()
    save_shot(form, name)
    form.reject()


def test_every_view(qtbot, styled, sample_database: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(sample_database)
    qtbot.addWidget(window)
    window.resize(1440, 860)
    window.show()
    for spec in PAGES:
        page = window.show_key(spec.key)
        wait_idle(qtbot)
        if isinstance(page, TablePage):
            assert page.model.rowCount() > 0
            page.table.selectRow(1)
        save_shot(window, f"view_{spec.key}")


def test_every_dialog(qtbot, styled, sample_database: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(sample_database)
    qtbot.addWidget(window)
    window.resize(1440, 860)
    window.show()
    page = window.show_key("communities")
    wait_idle(qtbot)
    form = window.new_community()
    save_shot(form, "dialog_community_new")
    qtbot.keyClicks(form.zone.edit, "Mars/Olympus")
    qtbot.keyClicks(form.name, "Finance Agile Community")
    save_shot(form, "dialog_community_invalid")
    form.reject()
    shoot_edit_form(page, "dialog_community_edit")
    volunteers = window.show_key("volunteers")
    wait_idle(qtbot)
    form = window.new_volunteer()
    save_shot(form, "dialog_volunteer_new")
    form.reject()
    shoot_edit_form(volunteers, "dialog_volunteer_edit")
    dialog = window.open_settings()
    save_shot(dialog, "dialog_settings")
    dialog.reject()
    wizard = window.open_import()
    wizard.choose_page.path.setText(str(SAMPLES / "communities.csv"))
    save_shot(wizard, "dialog_import_choose")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.preview is not None, timeout=15_000)
    save_shot(wizard, "dialog_import_preview")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,kind,time_zone,members\nGood One,external,Europe/Paris,12\n"
        "Bad Zone,external,Mars/Olympus,7\nBad Members,nonsense,Asia/Tokyo,many\n",
        encoding="utf-8",
    )
    wizard.back()
    wizard.choose_page.path.setText(str(bad))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.preview is not None, timeout=15_000)
    save_shot(wizard, "dialog_import_problems")
    wizard.reject()
    box, _sample = sample_offer_box(window)
    box.show()
    save_shot(box, "dialog_first_run")
    box.reject()
