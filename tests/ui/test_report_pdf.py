"""PDF reports rendered by Qt: content checked with pdftotext, pages rendered to PNG with
pdftoppm (poppler-utils) and saved to tests/artifacts/ to be looked at; the window's dialogs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from coordinator.cli import main
from coordinator.db import Database
from coordinator.reporting.charts import bands_chart, community_chart
from coordinator.reporting.handover import handover_pack
from coordinator.reporting.monthly import MonthlyReport
from coordinator_ui.charts import drawing_image
from coordinator_ui.handover import HandoverDialog
from coordinator_ui.report_dialog import MonthlyReportDialog
from coordinator_ui.report_pdf import handover_pdf, monthly_report_pdf, save_monthly_report
from tests.ui.ui_fixtures import ARTIFACTS, messages, styled, wait_idle
from tests.unit.report_data import NOW, TODAY, Story, report, story_db

__all__ = ["messages", "report", "story_db", "styled"]

POPPLER = shutil.which("pdftoppm") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftoppm, pdftotext) is not installed"
)


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def render_pages(path: Path, prefix: str) -> list[Path]:
    """Every page as a PNG in tests/artifacts/ (``prefix-1.png`` …)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(path), str(ARTIFACTS / prefix)], check=True)
    return sorted(ARTIFACTS.glob(f"{prefix}-*.png"))


def ink(image: QImage) -> float:
    """The share of sampled pixels that are not white."""
    step = 6
    samples = inked = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            samples += 1
            inked += QColor(image.pixel(x, y)).lightness() < 235
    return inked / samples


def test_charts_paint_into_images(qapp) -> None:  # type: ignore[no-untyped-def]
    image = drawing_image(bands_chart([], 400, 200), 2.0)
    assert (image.width(), image.height()) == (800, 400)
    assert 0 < ink(image) < 0.3  # axes and the empty-state text, on white


@needs_poppler
def test_monthly_report_pdf(qapp, report: MonthlyReport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data, pages = monthly_report_pdf(report)
    assert data.startswith(b"%PDF") and pages == 4
    out = ARTIFACTS / "monthly-report.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    text = pdf_text(out)
    for expected in (
        "Monthly report — October 2026",
        "Health of the communities",
        "Changes since September",
        "Check-ins in October: done vs planned",
        "Recognition",
        "Participation practices",
        "Revival requests, oldest",  # "first" comes out with an "fi" ligature
        "Page 1 of 4",
        "Page 4 of 4",
    ):
        assert expected in text, expected
    assert "Mara Lindqvist" in text and "68 %" in text
    images = render_pages(out, "monthly-report-page")
    assert len(images) == 4
    first = QImage(str(images[0]))
    assert first.width() > first.height() * 0.65  # A4 portrait
    assert all(ink(QImage(str(p))) > 0.02 for p in images)


@needs_poppler
def test_handover_pdf(qapp, story_db: tuple[Database, Story]) -> None:  # type: ignore[no-untyped-def]
    database, story = story_db
    pack = handover_pack(
        database, assignment_ids=story.ending_assignments[:3], today=TODAY, now=NOW
    )
    data, pages = handover_pdf(pack)
    out = ARTIFACTS / "handover-pack.pdf"
    out.write_bytes(data)
    text = pdf_text(out)
    assert "Hand-over pack" in text and f"Page {pages} of {pages}" in text
    for community in pack.communities:
        assert community.name in text and community.host_email in text
    assert "Open follow-ups" in text and "Check-in history" in text
    images = render_pages(out, "handover-pack-page")
    assert len(images) == pages >= 3


def test_community_chart_has_the_band_columns(qapp) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from coordinator.domain import HealthBand

    months = [date(2026, m, 1) for m in (8, 9, 10)]
    bands = [HealthBand.QUIET, HealthBand.ACTIVE, HealthBand.REALLY_ACTIVE]
    drawing = community_chart(months, bands, [5, 12, 30], 600, 180)
    keys = [s.key for s in drawing.shapes if getattr(s, "key", None)]
    assert keys == [("month", 0), ("month", 1), ("month", 2)]
    image = drawing_image(drawing)
    image.save(str(ARTIFACTS / "chart_community.png"))
    assert ink(image) > 0.05


def test_report_command_writes_a_pdf(
    qapp, story_db: tuple[Database, Story], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "october.pdf"
    assert (
        main(["report", "--db", str(story_db[0].path), "--out", str(out), "--month", "2026-10"])
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["october.pdf"]  # no temporary left behind


def test_monthly_report_dialog_saves(
    qtbot, styled, story_db: tuple[Database, Story], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = MonthlyReportDialog(story_db[0], today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.chosen_month().isoformat() == "2026-10-01"
    save_shot_path = ARTIFACTS / "dialog_monthly_report.png"
    dialog.grab().save(str(save_shot_path))
    out = tmp_path / "report.pdf"
    dialog.save_to(out)
    qtbot.waitUntil(lambda: dialog.saved == out or bool(dialog.error), timeout=30_000)
    assert out.read_bytes().startswith(b"%PDF") and "Saved the report" in dialog.status.text()
    dialog.format.setCurrentIndex(2)
    dialog.save_to(tmp_path / "report.csv")
    qtbot.waitUntil(lambda: dialog.saved == tmp_path / "report.csv", timeout=30_000)


def test_handover_dialog_chooses_ending_entries(
    qtbot, styled, story_db: tuple[Database, Story], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    database, story = story_db
    dialog = HandoverDialog(database, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=15_000)
    assert dialog.model.rowCount() == 30
    assert sorted(dialog.chosen()) == sorted(story.ending_assignments)
    dialog.grab().save(str(ARTIFACTS / "dialog_handover.png"))
    dialog.search.setText("finance agile")
    dialog.select_assignments({story.ending_assignments[0]})
    assert dialog.chosen() == [story.ending_assignments[0]]
    out = tmp_path / "pack.html"
    dialog.save_to(out)
    qtbot.waitUntil(lambda: dialog.saved == out, timeout=30_000)
    html = out.read_text("utf-8")
    assert "Finance Agile Community" in html and "elif.cohen@example.com" in html
    wait_idle(qtbot)


def test_save_refuses_other_formats(qapp, report: MonthlyReport, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="must end in"):
        save_monthly_report(report, tmp_path / "report.txt")
