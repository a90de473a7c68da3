"""Health bands with hysteresis on the sample's activity, month-by-month histories, showcase
candidates and revival order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from coordinator.db import Database
from coordinator.demo import load_sample
from coordinator.domain import CommunityKind, HealthBand
from coordinator.health import MonthActivity, Trend
from coordinator.queries import (
    CommunityRow,
    dashboard_summary,
    list_communities,
    list_facilitators,
)
from coordinator.reporting import programme
from coordinator.reporting.history import (
    band_counts,
    band_trend,
    build_history,
    load_histories,
    month_span,
    parse_month,
    shift_month,
)
from coordinator.reporting.programme import revival_requests, showcase_candidates
from coordinator.reporting.recognition import moved_up_during
from coordinator.settings import HealthThresholds
from tests.unit.report_data import build_story

TODAY = date(2026, 11, 23)  # the sample's six months become May–October 2026
R, A, Q, D, U = (
    HealthBand.REALLY_ACTIVE,
    HealthBand.ACTIVE,
    HealthBand.QUIET,
    HealthBand.DORMANT,
    HealthBand.UNKNOWN,
)


@pytest.fixture
def sample(database: Database) -> Database:
    load_sample(database, today=TODAY)
    return database


def _histories(database: Database):  # type: ignore[no-untyped-def]
    with database.reading() as session:
        return load_histories(session, HealthThresholds())


def _names(database: Database) -> dict[str, int]:
    from coordinator.queries import community_names

    return {name: cid for name, cid in community_names(database).items()}


def test_sample_is_half_active_and_a_quarter_of_those_really_active(sample: Database) -> None:
    histories = _histories(sample)
    october = date(2026, 10, 1)
    counts = band_counts(histories, histories.keys(), october)
    assert len(histories) == 56
    assert counts == {R: 7, A: 21, Q: 13, D: 15, U: 0}
    # DESIGN: "about half active, a quarter really active" — 28 of 56 are active or better,
    # and 7 of those 28 are really active (the sample's shares leave a clean gap at 0.20–0.25).
    assert counts[R] + counts[A] == 28
    assert counts[R] * 4 == counts[R] + counts[A]


@pytest.mark.parametrize(
    ("name", "raw", "shown"),
    [
        # one low month does not drop the band
        ("procurement mentoring community", [Q, Q, A, A, Q, A], [Q, Q, A, A, A, A]),
        ("finance mentoring community", [A, A, Q, A, Q, A], [A, A, A, A, A, A]),
        # the second low month in a row does
        ("data & analytics onboarding community", [Q, Q, Q, Q, D, D], [Q, Q, Q, Q, Q, D]),
        ("marketing customer community", [Q, Q, D, D, D, D], [Q, Q, Q, D, D, D]),
        # a rise shows at once
        ("supply chain customer community", [Q, D, D, D, D, Q], [Q, Q, D, D, D, Q]),
    ],
)
def test_hysteresis_on_sample_communities(
    sample: Database, name: str, raw: list[HealthBand], shown: list[HealthBand]
) -> None:
    history = _histories(sample)[_names(sample)[name]]
    assert history.months[0] == date(2026, 5, 1) and len(history.months) == 6
    assert list(history.raw) == raw
    assert list(history.shown) == shown


def test_month_by_month_counts_from_one_pass(sample: Database) -> None:
    histories = _histories(sample)
    months = month_span(date(2026, 10, 31), 12)
    trend = band_trend(histories, histories.keys(), months)
    assert [p.month for p in trend][:2] == [date(2025, 11, 1), date(2025, 12, 1)]
    assert dict(trend[0].counts) == {R: 0, A: 0, Q: 0, D: 0, U: 56}  # before the first import
    by_month = {p.month: dict(p.counts) for p in trend}
    assert by_month[date(2026, 5, 1)] == {R: 7, A: 20, Q: 28, D: 1, U: 0}
    assert by_month[date(2026, 9, 1)] == {R: 7, A: 21, Q: 12, D: 16, U: 0}
    assert by_month[date(2026, 10, 1)] == {R: 7, A: 21, Q: 13, D: 15, U: 0}
    assert trend[-1].share(A) == pytest.approx(21 / 56)


def test_history_carries_the_band_forward_and_is_unknown_before_the_first_month() -> None:
    months = [MonthActivity(date(2026, m, 1), 30, 10, 10) for m in (3, 4, 6)]
    history = build_history(1, 100, months, HealthThresholds())
    assert history.band_at(date(2026, 2, 1)) == U
    assert history.band_at(date(2026, 5, 1)) == R  # no snapshot in May: April's band
    assert history.bands([date(2026, 6, 1), date(2026, 7, 1)]) == [R, R]
    assert history.active_members([date(2026, 4, 1), date(2026, 5, 1)]) == [30, None]
    assert history.trend_at(date(2026, 6, 1)) == Trend.FLAT


def _really(months: list[int], members: int = 100) -> list[MonthActivity]:
    return [MonthActivity(date(2026, m, 1), 40, 20, 20) for m in months]


def test_showcase_streak_needs_consecutive_really_active_months() -> None:
    thresholds = HealthThresholds()
    october = date(2026, 10, 1)
    streak = build_history(1, 100, _really([7, 8, 9, 10]), thresholds)
    gap = build_history(2, 100, _really([6, 7, 9, 10]), thresholds)
    stale = build_history(3, 100, _really([6, 7, 8, 9]), thresholds)
    assert streak.really_active_streak(october) == 4
    assert gap.really_active_streak(october) == 2
    assert stale.really_active_streak(october) == 0  # nothing imported for October
    # Raw figures, not hysteresis: one quieter month ends the streak though the label stays.
    dip = [*_really([7, 8]), MonthActivity(date(2026, 9, 1), 15, 5, 5), *_really([10])]
    history = build_history(4, 100, dip, thresholds)
    assert history.band_at(date(2026, 9, 1)) == R and history.really_active_streak(october) == 1


def _row(cid: int, name: str, **values: object) -> CommunityRow:
    fields = {
        "id": cid, "version": 1, "name": name, "kind": CommunityKind.BUSINESS_UNIT,
        "host_name": "", "host_email": "", "time_zone": "Europe/London", "language": "English",
        "members": 100, "topics": (), "band": R, "trend": Trend.FLAT, "showcase": False,
        "help_requested_on": None, "active": True, "volunteer": None, "volunteer_id": None,
    }  # fmt: skip
    fields.update(values)
    return CommunityRow(**fields)  # type: ignore[arg-type]


def test_showcase_candidates_skip_flagged_and_inactive(sample: Database) -> None:
    histories = _histories(sample)
    names = {cid: name for name, cid in _names(sample).items()}
    rows = [_row(cid, names[cid]) for cid in histories]
    october = date(2026, 10, 1)
    found = showcase_candidates(rows, histories, october)
    assert len(found) == 7 and {c.months for c in found} == {6}
    assert [c.name for c in found] == sorted(c.name for c in found)
    flagged = names[found[0].community_id]
    rows = [
        _row(r.id, r.name, showcase=r.name == flagged, active=r.name != found[1].name) for r in rows
    ]
    assert [c.name for c in showcase_candidates(rows, histories, october)] == [
        c.name for c in found[2:]
    ]
    assert showcase_candidates(rows, histories, october, min_months=7) == []
    assert showcase_candidates(rows, histories, None) == []


def test_revival_requests_oldest_first() -> None:
    rows = [
        _row(1, "Beta", help_requested_on=date(2026, 10, 1)),
        _row(2, "alpha", help_requested_on=date(2026, 10, 1)),
        _row(3, "Gamma", help_requested_on=date(2026, 8, 15)),
        _row(4, "Delta"),
        _row(5, "Epsilon", help_requested_on=date(2026, 7, 1), active=False),
    ]
    found = revival_requests(rows, date(2026, 11, 23))
    assert [(r.name, r.days_waiting) for r in found] == [
        ("Gamma", 100),
        ("alpha", 53),
        ("Beta", 53),
    ]


def test_moved_up_during_a_caseload() -> None:
    thresholds = HealthThresholds()
    quiet, active = MonthActivity(date(2026, 5, 1), 5, 3, 3), 15
    months = [quiet] + [MonthActivity(date(2026, m, 1), active, 9, 9) for m in (6, 7, 8)]
    history = build_history(1, 100, months, thresholds)
    # Started in June: judged from May (quiet) to the end month (active).
    assert moved_up_during(history, date(2026, 6, 3), date(2026, 12, 3), date(2026, 8, 1)) == (Q, A)
    # Started in July: June was already active.
    assert moved_up_during(history, date(2026, 7, 1), date(2026, 12, 1), date(2026, 8, 1)) is None
    assert moved_up_during(None, date(2026, 6, 1), date(2026, 12, 1), date(2026, 8, 1)) is None


def test_month_helpers() -> None:
    assert parse_month("2026-10") == date(2026, 10, 1)
    assert shift_month(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert month_span(date(2026, 2, 14), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month("October")


def test_the_dashboard_reads_whole_rows_only_for_the_communities_it_lists(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = build_story(database)
    built: list[int] = []
    real = programme.read_communities

    def spy(*args: Any, **kwargs: Any) -> list[CommunityRow]:
        rows = real(*args, **kwargs)
        built.append(len(rows))
        return rows

    monkeypatch.setattr(programme, "read_communities", spy)
    health = programme.programme_health(database, today=story.today, now=story.now)
    every = list_communities(database)
    listed = {c.community_id for c in (*health.showcase_candidates, *health.revival_requests)}
    assert listed and len(built) == 1 and len(listed) <= built[0] < len(every) / 4
    # The counts read by one aggregate query are those of every row, read the long way.
    full = dashboard_summary(every, list_facilitators(database))
    assert full.unassigned and full.showcase and full.help_requested
    assert replace(health.summary, bands=full.bands) == full
    assert sum(health.summary.bands.values()) == full.communities
