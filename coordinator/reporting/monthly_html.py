"""The monthly report as one self-contained HTML document (charts inline)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from coordinator.domain import HealthBand
from coordinator.reporting.charts import BAND_LABELS, bands_chart, load_chart
from coordinator.reporting.history import BANDS_BEST_FIRST
from coordinator.reporting.html import (
    Page,
    band_badge,
    change_text,
    day_text,
    percent,
    text,
)
from coordinator.reporting.monthly import MonthlyReport
from coordinator.reporting.recognition import BandMove

CHART_WIDTH = 700


def report_title(report: MonthlyReport) -> str:
    """``Monthly report — October 2026``."""
    return f"Monthly report — {report.month:%B %Y}"


def monthly_report_html(report: MonthlyReport, page: Page | None = None) -> str:
    """The report as HTML: title block, figures, charts, changes, volunteers, webinars."""
    page = page or Page()
    health = report.health
    meta = [
        f"Made on {day_text(report.made_on)} from {report.source}",
        f"Health from the activity up to {report.month:%B %Y}; caseloads and follow-ups "
        f"as of {day_text(report.made_on)}",
    ]
    parts = [
        page.title_block("Communities of Practice programme", report_title(report), meta),
        _summary(report),
        page.cards(_figures(report)),
        page.section("Health of the communities"),
        _bands_table(report, page),
        page.chart("bands", bands_chart(health.band_trend, CHART_WIDTH, 260)),
        page.section(f"Changes since {report.previous_month:%B}"),
        *_changes(report, page),
        page.section("Volunteers", page_break=True),
        page.chart("load", load_chart(health.loads, CHART_WIDTH)),
        f"<h3>Check-ins in {report.month:%B}: done vs planned</h3>",
        _check_ins(report, page),
        "<h3>Recognition</h3>",
        '<p class="muted">Check-ins done so far and communities whose health band rose '
        "while in the volunteer's caseload.</p>",
        _recognition(report, page),
        page.section("Webinars"),
        _webinars(report, page),
        page.section("Where to spend attention", page_break=True),
        *_attention(report, page),
    ]
    return page.document(report_title(report), "\n".join(parts))


def _summary(report: MonthlyReport) -> str:
    bands = report.health.summary.bands
    total = report.health.summary.communities
    alive = bands[HealthBand.ACTIVE] + bands[HealthBand.REALLY_ACTIVE]
    really = bands[HealthBand.REALLY_ACTIVE]
    return (
        f'<p class="lead">In {report.month:%B %Y}, <b>{alive} of {total}</b> active communities '
        f"({percent(alive, total)}) were active or better and <b>{really}</b> "
        f"({percent(really, total)}) really active. {len(report.moved_up)} moved up a band and "
        f"{len(report.moved_down)} moved down since {report.previous_month:%B}. Volunteers did "
        f"<b>{report.check_ins_done} of {report.check_ins_planned}</b> planned check-ins.</p>"
    )


def _figures(report: MonthlyReport) -> list[tuple[str, str, str]]:
    s = report.health.summary
    alive = s.bands[HealthBand.ACTIVE] + s.bands[HealthBand.REALLY_ACTIVE]
    really = s.bands[HealthBand.REALLY_ACTIVE]
    health = report.health
    done = f"{report.check_ins_done}/{report.check_ins_planned}"
    return [
        (f"{s.communities:,}", "Active communities", f"{s.showcase} showcase"),
        (f"{alive:,}", "Active or better", percent(alive, s.communities)),
        (f"{really:,}", "Really active", percent(really, s.communities)),
        (f"{s.volunteers:,}", "Volunteers", f"{s.open_places:,} open places"),
        (f"{s.unassigned:,}", "Unassigned", "communities without a volunteer"),
        (f"{s.help_requested:,}", "Asked for help", "revival requests"),
        (f"{len(health.overdue):,}", "Overdue check-ins", "caseload entries"),
        (done, "Check-ins done", f"of those planned in {report.month:%B}"),
    ]  # fmt: skip


def _bands_table(report: MonthlyReport, page: Page) -> str:
    health = report.health
    total = health.summary.communities
    rows = []
    for band in BANDS_BEST_FIRST:
        count = health.summary.bands.get(band, 0)
        if band == HealthBand.UNKNOWN and not count:
            continue
        before = health.previous_bands.get(band, 0) if health.previous_bands else None
        rows.append(
            [
                band_badge(band),
                text(count),
                percent(count, total),
                text("" if before is None else before),
                change_text(health.band_change(band)),
            ]
        )
    headers = ["Band", "Communities", "Share", f"In {report.previous_month:%B}", "Change"]
    return page.table(headers, rows, numeric=(1, 2, 3, 4), widths=("40%",))


def _moves(moves: tuple[BandMove, ...], page: Page, empty: str) -> str:
    rows = [
        [text(m.name), band_badge(m.before), band_badge(m.after), text(m.volunteer or "—")]
        for m in moves
    ]
    return page.table(["Community", "From", "To", "Volunteer"], rows, empty=empty)


def _changes(report: MonthlyReport, page: Page) -> list[str]:
    started = [
        [text(c.community), text(c.volunteer), day_text(c.starts_on), day_text(c.ends_on)]
        for c in report.started
    ]
    ended = [
        [text(c.community), text(c.volunteer), day_text(c.ends_on), text(c.status.value)]
        for c in report.ended
    ]
    return [
        f"<h3>Moved up a band ({len(report.moved_up)})</h3>",
        _moves(report.moved_up, page, "No community moved up a band."),
        f"<h3>Moved down a band ({len(report.moved_down)})</h3>",
        _moves(report.moved_down, page, "No community moved down a band."),
        f"<h3>New caseload entries ({len(report.started)})</h3>",
        page.table(
            ["Community", "Volunteer", "From", "Planned end"],
            started,
            empty=f"No caseload started in {report.month:%B}.",
        ),
        f"<h3>Caseload entries ended ({len(report.ended)})</h3>",
        page.table(
            ["Community", "Volunteer", "Ended", "Status"],
            ended,
            empty=f"No caseload ended in {report.month:%B}.",
        ),
    ]


def _check_ins(report: MonthlyReport, page: Page) -> str:
    rows = [
        [
            text(t.name),
            text(t.planned),
            text(t.done),
            text(t.missed),
            text(t.not_logged),
            "–" if t.rate is None else f"{t.rate * 100:.0f} %",
        ]
        for t in report.check_ins
    ]
    headers = ["Volunteer", "Planned", "Done", "Missed", "Not logged", "Done %"]
    return page.table(headers, rows, numeric=(1, 2, 3, 4, 5), widths=("34%",))


def _recognition(report: MonthlyReport, page: Page) -> str:
    rows = [
        [
            text(r.name),
            text(r.check_ins_done),
            text(r.communities_coached),
            ", ".join(
                f"{text(m.name)} <span class='muted'>({BAND_LABELS[m.before].lower()} → "
                f"{BAND_LABELS[m.after].lower()})</span>"
                for m in r.moved_up
            )
            or '<span class="muted">—</span>',
        ]
        for r in report.recognition
    ]
    headers = ["Volunteer", "Check-ins done", "Coached", "Moved up a band"]
    return page.table(headers, rows, numeric=(1, 2), widths=("22%", "14%", "10%"))


def _webinars(report: MonthlyReport, page: Page) -> str:
    rows = []
    for w in report.webinars:
        local = w.start.astimezone(ZoneInfo(w.time_zone))
        rows.append(
            [
                text(w.title),
                f"{local:%a %d %b %H:%M}<br>{text(w.time_zone)}",
                text(w.status.value),
                text(w.volunteers),
                text(w.hosts),
                text(f"{w.expected} of {w.audience}"),
            ]
        )
    headers = ["Webinar", "When", "Status", "Volunteers", "Hosts", "Expected"]
    empty = f"No webinar took place in {report.month:%B}."
    return page.table(headers, rows, numeric=(3, 4, 5), empty=empty)


def _attention(report: MonthlyReport, page: Page) -> list[str]:
    h = report.health
    showcase = [
        [text(c.name), text(c.months), text(c.members), text(c.volunteer or "—")]
        for c in h.showcase_candidates
    ]
    revival = [
        [text(r.name), day_text(r.requested_on), f"{r.days_waiting} days", band_badge(r.band),
         text(r.volunteer or "unassigned")]
        for r in h.revival_requests
    ]  # fmt: skip
    overdue = [
        [text(o.community_name), text(o.facilitator_name), day_text(o.last_done) or "never",
         f"{o.days_since} days"]
        for o in h.overdue
    ]  # fmt: skip
    ending = [
        [text(e.community_name), text(e.facilitator_name), day_text(e.ends_on),
         f"{e.days_left} days" if e.days_left >= 0 else f"{-e.days_left} days ago"]
        for e in h.ending
    ]  # fmt: skip
    return [
        f"<h3>Showcase candidates ({len(showcase)})</h3>",
        '<p class="muted">Really active three months or more in a row, '
        "not flagged showcase yet.</p>",
        page.table(["Community", "Months really active", "Members", "Volunteer"], showcase,
                   numeric=(1, 2), empty="No new showcase candidate."),
        f"<h3>Revival requests, oldest first ({len(revival)})</h3>",
        page.table(["Community", "Asked on", "Waiting", "Health", "Volunteer"], revival,
                   empty="No community is asking for help."),
        f"<h3>Overdue check-ins ({len(overdue)})</h3>",
        page.table(["Community", "Volunteer", "Last check-in done", "Since"], overdue,
                   numeric=(3,), empty="Every caseload entry had a recent check-in."),
        f"<h3>Caseloads ending in the next 30 days ({len(ending)})</h3>",
        page.table(["Community", "Volunteer", "Planned end", "Left"], ending, numeric=(3,),
                   empty="No caseload ends in the next 30 days."),
    ]  # fmt: skip
