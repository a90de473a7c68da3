"""The monthly report and the hand-over pack on a played-out programme: figures, changes,
check-ins done vs planned, webinars, recognition; HTML and CSV parsed, the command run."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coordinator.cli import main
from coordinator.db import Database
from coordinator.domain import HealthBand, OccurrenceStatus
from coordinator.reporting.files import report_csv, write_monthly_report
from coordinator.reporting.handover import handover_pack
from coordinator.reporting.handover_html import handover_html
from coordinator.reporting.monthly import MonthlyReport
from coordinator.reporting.monthly_html import monthly_report_html
from tests.unit.report_data import NOW, TODAY, Story, report, story_db

__all__ = ["report", "story_db"]


class Tables(HTMLParser):
    """Headings in order, and each table's rows (cell texts) under the heading before it."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._heading: str | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self.svgs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2", "h3"):
            self._heading = ""
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "svg":
            self.svgs += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(" ".join(self._heading.split()))
            self._heading = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables.setdefault(self.headings[-1], []).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading += data
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> Tables:
    tables = Tables()
    tables.feed(html)
    return tables


def test_figures_and_changes_since_last_month(report: MonthlyReport) -> None:
    s = report.health.summary
    assert report.month.isoformat() == "2026-10-01"
    assert (s.communities, s.volunteers, s.unassigned, s.showcase) == (56, 6, 26, 4)
    assert s.bands[HealthBand.REALLY_ACTIVE] == 7 and s.bands[HealthBand.QUIET] == 13
    assert report.health.band_change(HealthBand.QUIET) == 1
    assert report.health.band_change(HealthBand.DORMANT) == -1
    assert [m.name for m in report.moved_up] == [
        "Sales Ops Design Community",
        "Supply Chain Customer Community",
    ]
    assert [(m.name, m.before, m.after) for m in report.moved_down] == [
        ("Data & Analytics Onboarding Community", HealthBand.QUIET, HealthBand.DORMANT)
    ]
    assert len(report.started) == 20 and {c.starts_on.day for c in report.started} == {5}
    assert [(c.community, c.volunteer) for c in report.ended] == [
        ("HR Design Community", "Mara Lindqvist"),
        ("Legal Mentoring Community", "Rafael Costa"),
    ]


def test_check_ins_done_vs_planned_per_volunteer(report: MonthlyReport) -> None:
    tallies = {
        t.name: (t.planned, t.done, t.missed, t.not_logged, t.upcoming) for t in report.check_ins
    }
    # Four Wednesdays in October 2026; five entries each (Mara and Rafael also had an entry
    # that ended on 15 October: two more). Every third entry missed its third check-in, every
    # fifth left its last unlogged, and Dana's entry #4 stopped logging in October.
    assert tallies == {
        "Anjali Rao": (20, 19, 0, 1, 0),
        "Claire Fontaine": (20, 19, 0, 1, 0),
        "Dana Whitfield": (20, 15, 0, 5, 0),
        "Kenji Mori": (20, 14, 5, 1, 0),
        "Mara Lindqvist": (22, 15, 5, 2, 0),
        "Rafael Costa": (22, 21, 0, 1, 0),
    }
    assert (report.check_ins_done, report.check_ins_planned) == (103, 124)
    mara = next(t for t in report.check_ins if t.name == "Mara Lindqvist")
    assert mara.rate == pytest.approx(15 / 22)


def test_webinar_attendance_and_what_needs_attention(report: MonthlyReport) -> None:
    webinars = [(w.title, w.volunteers, w.hosts, w.audience) for w in report.webinars]
    assert webinars == [
        ("Participation practices (Europe and Africa)", 3, 5, 36),
        ("Participation practices (Americas)", 2, 3, 36),
    ]
    assert all(w.status == OccurrenceStatus.DONE and 0 < w.expected <= 36 for w in report.webinars)
    h = report.health
    assert [r.name for r in h.revival_requests] == [
        "R&D Sales Community",
        "Safety Customer Community",
        "Manufacturing Design Community",
        "Sales Ops Agile Community",
        "Sales Ops Security Community",
    ]
    assert [r.days_waiting for r in h.revival_requests][:2] == [80, 44]
    assert "HR Safety Community" not in {c.name for c in h.showcase_candidates}
    assert len(h.showcase_candidates) == 6
    assert [(o.community_name, o.facilitator_name) for o in h.overdue] == [
        ("Marketing Customer Community", "Dana Whitfield")
    ]
    assert len(h.ending) == 10 and {e.days_left for e in h.ending} == {7}
    assert [(w.title, w.last_attended) for w in h.webinars] == [
        ("Participation practices (Europe and Africa)", 8),
        ("Participation practices (Americas)", 5),
    ]


def test_recognition(report: MonthlyReport) -> None:
    by_name = {r.name: r for r in report.recognition}
    assert [m.name for m in by_name["Kenji Mori"].moved_up] == [
        "Procurement Mentoring Community",
        "Supply Chain Customer Community",
    ]
    assert [m.name for m in by_name["Rafael Costa"].moved_up] == ["Sales Ops Design Community"]
    assert by_name["Anjali Rao"].moved_up == ()
    assert report.recognition[0].name == "Kenji Mori"  # the most lifted first
    assert by_name["Mara Lindqvist"].communities_coached == 6
    assert all(r.check_ins_done > 0 for r in report.recognition)


def test_html_report_content(report: MonthlyReport) -> None:
    html = monthly_report_html(report)
    tables = parse(html)
    assert tables.headings[0] == "Monthly report — October 2026"
    assert "Changes since September" in tables.headings
    bands = {row[0]: row[1:] for row in tables.tables["Health of the communities"][1:]}
    assert bands["● Quiet"] == ["13", "23 %", "12", "+1"]
    assert bands["● Dormant"] == ["15", "27 %", "16", "−1"]
    assert [r[0] for r in tables.tables["Moved up a band (2)"][1:]] == [
        "Sales Ops Design Community",
        "Supply Chain Customer Community",
    ]
    check_ins = {r[0]: r[1:] for r in tables.tables["Check-ins in October: done vs planned"][1:]}
    assert check_ins["Mara Lindqvist"] == ["22", "15", "5", "2", "68 %"]
    revival = tables.tables["Revival requests, oldest first (5)"]
    assert [r[0] for r in revival[1:3]] == ["R&D Sales Community", "Safety Customer Community"]
    recognition = {r[0]: r for r in tables.tables["Recognition"][1:]}
    assert "Procurement Mentoring Community" in recognition["Kenji Mori"][3]
    # Self-contained: charts inline, nothing fetched, no script.
    assert tables.svgs == 2
    assert (
        "<script" not in html
        and "src=" not in html
        and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    )


def test_csv_report_figures(report: MonthlyReport) -> None:
    text = report_csv(report).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by = {(r["section"], r["item"]): r for r in rows}
    assert by[("report", "month")]["value"] == "2026-10"
    assert by[("summary", "check-ins done")]["value"] == "103"
    assert by[("summary", "check-ins done")]["total"] == "124"
    assert (by[("health", "quiet")]["value"], by[("health", "quiet")]["previous"]) == ("13", "12")
    assert by[("check-ins", "Kenji Mori")]["detail"] == "missed 5; not logged 1; upcoming 0"
    moved = [r["item"] for r in rows if r["section"] == "moved up"]
    assert moved == ["Sales Ops Design Community", "Supply Chain Customer Community"]
    trend = [r for r in rows if r["section"] == "band trend" and r["item"] == "2026-05"]
    assert {r["detail"]: r["value"] for r in trend}["quiet"] == "28"
    assert by[("volunteer load", "Kenji Mori")]["total"] == "8"


def test_handover_pack(story_db: tuple[Database, Story]) -> None:
    database, story = story_db
    pack = handover_pack(
        database, assignment_ids=[story.ending_assignments[4], story.ending_assignments[0]],
        today=TODAY, now=NOW,
    )  # fmt: skip
    overdue, first = pack.communities
    assert overdue.name == "Marketing Customer Community"
    assert first.name == "Finance Agile Community"
    assert (first.host_name, first.host_email, first.time_zone) == (
        "Elif Cohen",
        "elif.cohen@example.com",
        "Europe/London",
    )
    assert first.coaching[0].volunteer == "Mara Lindqvist"
    assert first.count(OccurrenceStatus.DONE) == 23 and first.count(OccurrenceStatus.MISSED) == 1
    assert first.check_ins[0].start > first.check_ins[-1].start  # newest first
    assert first.check_ins[0].start.tzinfo is not None
    assert str(first.check_ins[0].start.tzinfo) == "Europe/London"
    assert {f.kind for f in first.follow_ups} >= {"missed", "unlogged", "outcome"}
    assert {f.kind for f in overdue.follow_ups} >= {"overdue", "unlogged", "health"}
    assert overdue.band == HealthBand.DORMANT and len(overdue.months) == 6
    html = handover_html(pack)
    tables = parse(html)
    assert tables.headings[:3] == [
        "Hand-over pack — Dana Whitfield, Mara Lindqvist's caseload",
        "Marketing Customer Community",
        "Contact",
    ]
    assert 'href="mailto:elif.cohen@example.com"' in html
    assert "Talked about moderation." in html and "Host drafts a welcome post." in html
    assert tables.svgs == 2


def test_report_command_writes_html_and_csv(
    story_db: tuple[Database, Story], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(story_db[0].path)
    out = tmp_path / "october.html"
    assert main(["report", "--db", db, "--out", str(out), "--month", "2026-10"]) == 0
    assert "October 2026" in capsys.readouterr().out
    assert parse(out.read_text("utf-8")).headings[0] == "Monthly report — October 2026"
    figures = tmp_path / "october.csv"
    assert main(["report", "--db", db, "--out", str(figures), "--month", "2026-10"]) == 0
    assert figures.read_bytes().startswith("\ufeffsection,item".encode())
    assert main(["report", "--db", db, "--out", str(tmp_path / "report.docx")]) == 1
    assert ".pdf, .html, .csv" in capsys.readouterr().err
    assert main(["report", "--db", str(tmp_path / "none.sqlite3"), "--out", str(out)]) == 1
    with pytest.raises(SystemExit):
        main(["report", "--db", db, "--out", str(out), "--month", "October"])


def test_write_refuses_pdf_in_the_core(report: MonthlyReport, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.html, \.csv"):
        write_monthly_report(report, tmp_path / "report.pdf")
    assert not (tmp_path / "report.pdf").exists()
