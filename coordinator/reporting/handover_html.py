"""The hand-over pack as one self-contained HTML document, a section per community."""

from __future__ import annotations

from html import escape

from coordinator.domain import OccurrenceStatus
from coordinator.reporting.charts import community_chart
from coordinator.reporting.handover import CommunityPack, HandoverPack
from coordinator.reporting.html import Page, band_badge, day_text, text, trend_badge

CHART_WIDTH = 700
_STATUS = {
    OccurrenceStatus.DONE: '<span style="color:#2f8a57">✔ done</span>',
    OccurrenceStatus.MISSED: '<span style="color:#c2353c">✘ missed</span>',
    OccurrenceStatus.SCHEDULED: '<span style="color:#b7791f">not logged</span>',
    OccurrenceStatus.CANCELLED: '<span style="color:#6b7280">cancelled</span>',
    OccurrenceStatus.MOVED: '<span style="color:#b7791f">not logged</span>',
}
_FOLLOW_UP_MARK = {
    "help": "#c2353c",
    "missed": "#c2353c",
    "overdue": "#c2353c",
    "unlogged": "#b7791f",
    "health": "#b7791f",
    "outcome": "#2f5bea",
}


def handover_title(pack: HandoverPack) -> str:
    """``Hand-over pack — Mara Lindqvist's caseload``."""
    outgoing = pack.outgoing
    return f"Hand-over pack — {outgoing}'s caseload" if outgoing else "Hand-over pack"


def handover_html(pack: HandoverPack, page: Page | None = None) -> str:
    """The pack: a title block with contents, then one section per community."""
    page = page or Page()
    count = len(pack.communities)
    meta = [
        f"Made on {day_text(pack.made_on)} · {count} "
        f"{'community' if count == 1 else 'communities'} · times in each host's zone",
        "For the volunteer taking over: contacts, what happened so far and what is still open.",
    ]
    contents = page.table(
        ["Community", "Host", "Health", "Open follow-ups", "Planned end"],
        [
            [
                text(c.name),
                text(c.host_name or "—"),
                band_badge(c.band),
                text(len(c.follow_ups)),
                day_text(c.coaching[0].ends_on) if c.coaching else "",
            ]
            for c in pack.communities
        ],
        numeric=(3,),
        empty="No community was chosen.",
    )
    parts = [page.title_block("Communities of Practice programme", handover_title(pack), meta)]
    parts.append(contents if count > 1 else "")
    for i, community in enumerate(pack.communities):
        parts.append(_community(community, page, i))
    return page.document(handover_title(pack), "\n".join(parts))


def _community(c: CommunityPack, page: Page, index: int) -> str:
    flags = []
    if c.showcase:
        flags.append('<span style="color:#b7791f">★ showcase</span>')
    if c.help_requested_on:
        flags.append(
            f'<span style="color:#c2353c">asked for help {day_text(c.help_requested_on)}</span>'
        )
    topics = ", ".join(c.topics) or "—"
    summary = " · ".join([text(c.kind), f"{c.members:,} members", text(c.language), *flags])
    mail = (
        f'<a href="mailto:{escape(c.host_email)}">{escape(c.host_email)}</a>'
        if c.host_email
        else "—"
    )
    contact = page.table(
        ["Host", "E-mail", "Time zone", "Host's hours", "Topics"],
        [[text(c.host_name or "—"), mail, text(c.time_zone), text(c.host_hours), text(topics)]],
        widths=("16%", "31%", "20%", "18%", "15%"),
    )
    coaching = page.table(
        ["Volunteer", "E-mail", "From", "Until", "Status"],
        [
            [
                text(k.volunteer),
                text(k.email),
                day_text(k.starts_on),
                day_text(k.ends_on),
                text(k.status.value),
            ]
            for k in c.coaching
        ],
        empty="Nobody has coached this community yet.",
    )
    follow = (
        "".join(
            f'<p class="follow"><span style="color:{_FOLLOW_UP_MARK.get(f.kind, "#374151")}">'
            f"■</span>&nbsp; {text(f.text)}</p>"
            for f in c.follow_ups
        )
        if c.follow_ups
        else '<p class="empty">Nothing open.</p>'
    )
    done, missed = c.count(OccurrenceStatus.DONE), c.count(OccurrenceStatus.MISSED)
    history = page.table(
        ["When (host's time)", "Status", "Volunteer", "Notes", "Outcome"],
        [
            [text(f"{e.start:%a %d %b %Y %H:%M}"), _STATUS[e.status], text(e.volunteer),
             text(e.notes), text(e.outcome)]
            for e in c.check_ins
        ],
        widths=("19%", "11%", "16%", "27%", "27%"),
        empty="No check-in has taken place yet.",
    )  # fmt: skip
    chart = community_chart(c.months, c.bands, c.active_members, CHART_WIDTH, 190)
    return "\n".join(
        [
            page.section(c.name, page_break=index > 0),
            f'<p class="meta">{summary}</p>',
            "<h3>Contact</h3>",
            contact,
            "<h3>Open follow-ups</h3>",
            follow,
            "<h3>Health</h3>",
            f"<p>Now {band_badge(c.band)} · {trend_badge(c.trend)}</p>",
            page.chart(f"community-{index}", chart),
            "<h3>Who coached it</h3>",
            coaching,
            f"<h3>Check-in history <span class='muted'>({done} done, {missed} missed)</span></h3>",
            history,
        ]
    )
