"""Writing reports to files: HTML and CSV here; PDF needs Qt (``coordinator_ui.report_pdf``).

Every file is written to a temporary file and moved into place, so nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

from coordinator.exporting_csv import csv_bytes, write_atomically
from coordinator.reporting.charts import BAND_LABELS
from coordinator.reporting.handover import HandoverPack
from coordinator.reporting.handover_html import handover_html
from coordinator.reporting.history import BANDS_BEST_FIRST
from coordinator.reporting.monthly import MonthlyReport
from coordinator.reporting.monthly_html import monthly_report_html

CSV_COLUMNS = ("section", "item", "value", "total", "previous", "detail")


class ReportFormat(StrEnum):
    PDF = "pdf"
    HTML = "html"
    CSV = "csv"


def report_format(
    path: Path, allowed: tuple[ReportFormat, ...] = tuple(ReportFormat)
) -> ReportFormat:
    """The format a file name asks for (``ValueError`` naming the choices otherwise)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "htm":
        suffix = "html"
    if suffix not in {f.value for f in allowed}:
        names = ", ".join(f".{f.value}" for f in allowed)
        raise ValueError(f"{path.name}: the file name must end in {names}")
    return ReportFormat(suffix)


def _row(
    section: str, item: str, value: Any = "", total: Any = "", previous: Any = "", detail: Any = ""
) -> dict[str, Any]:
    return dict(zip(CSV_COLUMNS, (section, item, value, total, previous, detail), strict=True))


def report_rows(report: MonthlyReport) -> Iterator[dict[str, Any]]:
    """The report's figures as long-format rows (section, item, value, total, previous, detail)."""
    h, s = report.health, report.health.summary
    yield _row(
        "report", "month", f"{report.month:%Y-%m}", detail=f"made on {report.made_on:%Y-%m-%d}"
    )
    for item, value in (
        ("active communities", s.communities),
        ("volunteers", s.volunteers),
        ("open places", s.open_places),
        ("unassigned communities", s.unassigned),
        ("help requested", s.help_requested),
        ("showcase communities", s.showcase),
        ("overdue check-ins", len(h.overdue)),
        ("caseloads ending in 30 days", len(h.ending)),
    ):
        yield _row("summary", item, value)
    yield _row("summary", "check-ins done", report.check_ins_done, report.check_ins_planned)
    for band in BANDS_BEST_FIRST:
        count = s.bands.get(band, 0)
        previous = h.previous_bands.get(band, 0) if h.previous_bands else ""
        share = f"{count * 100 / s.communities:.1f} %" if s.communities else ""
        yield _row("health", BAND_LABELS[band].lower(), count, s.communities, previous, share)
    for point in h.band_trend:
        for band in BANDS_BEST_FIRST:
            yield _row("band trend", f"{point.month:%Y-%m}", point.counts.get(band, 0), point.total,
                       detail=BAND_LABELS[band].lower())  # fmt: skip
    for section, moves in (("moved up", report.moved_up), ("moved down", report.moved_down)):
        for m in moves:
            change = f"{BAND_LABELS[m.before].lower()} → {BAND_LABELS[m.after].lower()}"
            yield _row(section, m.name, detail=change)
    for section, changes in (
        ("caseload started", report.started),
        ("caseload ended", report.ended),
    ):
        for c in changes:
            yield _row(section, c.community, detail=f"{c.volunteer}; {c.starts_on} – {c.ends_on}")
    for t in report.check_ins:
        detail = f"missed {t.missed}; not logged {t.not_logged}; upcoming {t.upcoming}"
        yield _row("check-ins", t.name, t.done, t.planned, detail=detail)
    for w in report.webinars:
        when = f"{w.start:%Y-%m-%d %H:%M} UTC"
        yield _row("webinar", w.title, w.attended, w.audience,
                   detail=f"{when}; {w.status.value}; volunteers {w.volunteers}; hosts {w.hosts}; "
                   f"expected {w.expected}")  # fmt: skip
    for r in report.recognition:
        moved = "; ".join(m.name for m in r.moved_up)
        yield _row("recognition", r.name, r.check_ins_done, r.communities_coached, detail=moved)
    for v in h.loads:
        yield _row("volunteer load", v.name, v.load, v.capacity)
    for c in h.showcase_candidates:
        yield _row("showcase candidate", c.name, c.months, detail=c.volunteer or "")
    for r in h.revival_requests:
        yield _row("revival request", r.name, r.days_waiting, detail=f"asked {r.requested_on}")
    for o in h.overdue:
        yield _row("overdue check-in", o.community_name, o.days_since, detail=o.facilitator_name)
    for e in h.ending:
        yield _row("ending caseload", e.community_name, e.days_left,
                   detail=f"{e.facilitator_name}; ends {e.ends_on}")  # fmt: skip


def report_csv(report: MonthlyReport) -> bytes:
    """The report's figures as one CSV (UTF-8 with BOM, formula-guarded cells)."""
    return csv_bytes(CSV_COLUMNS, report_rows(report))


def write_monthly_report(report: MonthlyReport, out: Path) -> Path:
    """Write the report as HTML or CSV, by the file's extension (PDF: see the ui package)."""
    fmt = report_format(out, (ReportFormat.HTML, ReportFormat.CSV))
    data = (
        monthly_report_html(report).encode("utf-8")
        if fmt == ReportFormat.HTML
        else report_csv(report)
    )
    write_atomically({out: data})
    return out


def write_handover(pack: HandoverPack, out: Path) -> Path:
    """Write the hand-over pack as HTML."""
    report_format(out, (ReportFormat.HTML,))
    write_atomically({out: handover_html(pack).encode("utf-8")})
    return out
