"""File → Import…: a good file is previewed then imported with a summary; a bad one is refused
with every problem listed per row and nothing written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWizard

from coordinator.db import Database
from coordinator.queries import is_empty, list_communities
from coordinator_ui.import_wizard import ImportWizard
from coordinator_ui.main_window import MainWindow
from tests.ui.ui_fixtures import messages, save_shot, styled, wait_idle

__all__ = ["messages", "styled"]

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
BAD = (
    "name,kind,host_email,time_zone,members\n"
    "Good One,external,good@example.com,Europe/Paris,12\n"
    "Bad Zone,external,zone@example.com,Mars/Olympus,7\n"
    "Bad Everything,nonsense,not-an-address,Asia/Tokyo,many\n"
)


def click(qtbot, wizard: QWizard, button: QWizard.WizardButton) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)


def test_good_file_previewed_then_imported(qtbot, styled, database: Database, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(database)
    qtbot.addWidget(window)
    window.show()
    wizard = window.open_import()
    assert isinstance(wizard, ImportWizard)
    chosen = str(SAMPLES / "communities.csv")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen, ""))
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.mouseClick(wizard.choose_page.browse, Qt.MouseButton.LeftButton)
    assert wizard.choose_page.path.text() == chosen
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    preview_page = wizard.preview_page
    qtbot.waitUntil(lambda: preview_page.preview is not None, timeout=15_000)
    assert preview_page.rows_model.rowCount() == 56
    assert preview_page.problems_model.rowCount() == 0
    assert "56 rows of communities" in preview_page.summary.text()
    assert is_empty(database)  # the preview wrote nothing
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert commit.isEnabled() and commit.text() == "Import"
    qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=20_000)
    assert wizard.progress_page.bar.value() == wizard.progress_page.bar.maximum()
    figures = {name: label.text() for name, label in wizard.summary_page.figures.items()}
    assert figures == {"added": "56", "updated": "0", "unchanged": "0"}
    save_shot(wizard, "dialog_import_summary")
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    wait_idle(qtbot)
    assert len(list_communities(database)) == 56
    # The same file again: everything is unchanged, nothing is added twice.
    again = window.open_import()
    qtbot.keyClicks(again.choose_page.path, chosen)
    click(qtbot, again, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: again.preview_page.preview is not None, timeout=15_000)
    assert set(again.preview_page.preview.rows_status) == {"unchanged"}
    again.reject()


def test_bad_file_lists_every_problem_and_writes_nothing(
    qtbot, styled, database: Database, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad communities.csv"
    bad.write_text(BAD, encoding="utf-8")
    wizard = ImportWizard(database)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.choose_page.path, str(tmp_path / "missing.csv"))
    assert "no such file" in wizard.choose_page.problem.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.choose_page.path.clear()
    qtbot.keyClicks(wizard.choose_page.path, str(bad))
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.preview is not None, timeout=15_000)
    statuses = [row.status for row in page.rows_model.rows()]
    assert statuses == ["new", "error", "error"]
    problems = {(p.row, p.field) for p in page.problems_model.rows()}
    assert {(3, "time_zone"), (4, "kind"), (4, "members"), (4, "host_email")} <= problems
    by_row = {row.number: row.problem_text for row in page.rows_model.rows()}
    assert "time_zone" in by_row[3] and "members" in by_row[4] and by_row[2] == ""
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert "problems" in page.summary.text()
    # Fix the file and check again: now it can be imported.
    bad.write_text(BAD.splitlines()[0] + "\n" + BAD.splitlines()[1] + "\n", encoding="utf-8")
    qtbot.mouseClick(page.again, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview is not None and page.preview.ok(), timeout=15_000)
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert is_empty(database)
    wizard.reject()


def test_unreadable_file_is_explained(qtbot, styled, database: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    odd = tmp_path / "people.csv"
    odd.write_text("colour,shape\nred,round\n", encoding="utf-8")
    wizard = ImportWizard(database)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.choose_page.path, str(odd))
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.preview_page
    qtbot.waitUntil(lambda: page.problems_model.rowCount() > 0, timeout=15_000)
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert "cannot be imported" in page.summary.text() or "problems" in page.summary.text()
    wizard.reject()
