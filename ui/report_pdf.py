"""Reports as PDF: the core's HTML laid out by QTextDocument and printed page by page.

The document is laid out at 96 dpi on A4 (the same pixels the HTML speaks of), so the
QPdfWriter works at 96 dpi too: text stays vector, and the charts — painted with QPainter at
three times their size — are embedded at full resolution. Every page gets a running footer
with the report's name and "Page n of N"; pages after the first get a small header.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from coordinator import APP_NAME
from coordinator.exporting_csv import write_atomically
from coordinator.reporting.drawing import Drawing
from coordinator.reporting.files import (
    ReportFormat,
    report_format,
    write_handover,
    write_monthly_report,
)
from coordinator.reporting.handover import HandoverPack
from coordinator.reporting.handover_html import handover_html, handover_title
from coordinator.reporting.html import Flavour, Page
from coordinator.reporting.monthly import MonthlyReport
from coordinator.reporting.monthly_html import monthly_report_html, report_title
from coordinator_ui.charts import drawing_image

DPI = 96
MM = DPI / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16 * MM, 16 * MM, 20 * MM
BODY_W, BODY_H = PAGE_W - 2 * MARGIN_X, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
_FAMILIES = ("Segoe UI", "Helvetica Neue", "Helvetica", "Arial", "DejaVu Sans", "Nimbus Sans")

HtmlBuilder = Callable[[Page], str]


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new one (offscreen when there is no display)."""
    app = QGuiApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(sys.argv[:1])


def report_font(points: float = 9.5) -> QFont:
    """A clean sans-serif present on this system."""
    families = set(QFontDatabase.families())
    family = next((f for f in _FAMILIES if f in families), QFont().defaultFamily())
    font = QFont(family)
    font.setPointSizeF(points)
    return font


def build_document(build: HtmlBuilder, device: QPdfWriter | None = None) -> QTextDocument:
    """The HTML (Qt flavour) in a paginated document, its charts as image resources.

    Laid out for ``device`` when given, so point sizes mean the same on every platform
    (the screen's logical DPI is 72 on macOS and 96 elsewhere).
    """
    images: dict[str, Drawing] = {}

    def chart(name: str, drawing: Drawing) -> str:
        images[name] = drawing
        width = min(drawing.width, BODY_W)
        height = drawing.height * width / drawing.width
        return f'<img src="chart:{name}" width="{width:.0f}" height="{height:.0f}">'

    html = build(Page(Flavour.QT, chart))
    document = QTextDocument()
    if device is not None:
        document.documentLayout().setPaintDevice(device)
    document.setDefaultFont(report_font())
    document.setDocumentMargin(0)
    font = report_font()
    for name, drawing in images.items():
        document.addResource(
            QTextDocument.ResourceType.ImageResource,
            QUrl(f"chart:{name}"),
            drawing_image(drawing, 3.0, font),
        )
    document.setHtml(html)
    document.setPageSize(QSizeF(BODY_W, BODY_H))
    return document


def _running_text(painter: QPainter, page: int, pages: int, title: str) -> None:
    painter.save()
    painter.setFont(report_font(7.5))
    muted = QColor("#6b7280")
    painter.setPen(QPen(QColor("#d5dbe6"), 0.8))
    footer_y = PAGE_H - MARGIN_BOTTOM + 7 * MM
    painter.drawLine(
        QPointF(MARGIN_X, footer_y - 4 * MM), QPointF(PAGE_W - MARGIN_X, footer_y - 4 * MM)
    )
    painter.setPen(muted)
    painter.drawText(QPointF(MARGIN_X, footer_y), f"{APP_NAME} · {title}")
    label = f"Page {page} of {pages}"
    width = painter.fontMetrics().horizontalAdvance(label)
    painter.drawText(QPointF(PAGE_W - MARGIN_X - width, footer_y), label)
    if page > 1:
        painter.drawText(QPointF(MARGIN_X, MARGIN_TOP - 6 * MM), title)
    painter.restore()


def pdf_bytes(build: HtmlBuilder, title: str) -> tuple[bytes, int]:
    """The PDF of the document ``build`` writes, and its number of pages."""
    ensure_gui_app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setTitle(title)
    writer.setCreator(APP_NAME)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF()
        )
    )
    document = build_document(build, writer)
    pages = document.pageCount()
    painter = QPainter(writer)
    for index in range(pages):
        if index:
            writer.newPage()
        painter.save()
        painter.translate(MARGIN_X, MARGIN_TOP - index * BODY_H)
        document.drawContents(painter, QRectF(0, index * BODY_H, BODY_W, BODY_H))
        painter.restore()
        _running_text(painter, index + 1, pages, title)
    painter.end()
    buffer.close()
    return bytes(data.data()), pages


def monthly_report_pdf(report: MonthlyReport) -> tuple[bytes, int]:
    """The monthly report as PDF bytes and its page count."""
    return pdf_bytes(lambda page: monthly_report_html(report, page), report_title(report))


def handover_pdf(pack: HandoverPack) -> tuple[bytes, int]:
    """The hand-over pack as PDF bytes and its page count."""
    return pdf_bytes(lambda page: handover_html(pack, page), handover_title(pack))


def save_monthly_report(report: MonthlyReport, out: Path) -> Path:
    """Write the report as PDF, HTML or CSV by the file's extension (all or nothing)."""
    if report_format(out) == ReportFormat.PDF:
        write_atomically({out: monthly_report_pdf(report)[0]})
        return out
    return write_monthly_report(report, out)


def save_handover(pack: HandoverPack, out: Path) -> Path:
    """Write the hand-over pack as PDF or HTML by the file's extension."""
    if report_format(out, (ReportFormat.PDF, ReportFormat.HTML)) == ReportFormat.PDF:
        write_atomically({out: handover_pdf(pack)[0]})
        return out
    return write_handover(pack, out)


def default_report_name(month: date) -> str:
    """``coordinator-report-2026-10.pdf``."""
    return f"coordinator-report-{month:%Y-%m}.pdf"
