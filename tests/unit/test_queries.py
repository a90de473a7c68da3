"""List queries for the views: plain rows, bands, volunteers, loads, filters; fast at scale."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from coordinator import editing
from coordinator.db import Database
from coordinator.domain import CommunityKind, HealthBand
from coordinator.editing import CommunityFields, FacilitatorFields
from coordinator.models import ActivitySnapshot, Assignment
from coordinator.queries import (
    CommunityFilter,
    FacilitatorFilter,
    dashboard_summary,
    is_empty,
    known_languages,
    list_communities,
    list_facilitators,
    region_of,
)
from tests.ui.programme_data import make_programme


def _programme(database: Database) -> tuple[int, int, int]:
    lively = editing.create(
        database,
        CommunityFields(name="Lively", time_zone="Asia/Tokyo", language="Japanese", members=10),
    ).id
    quiet = editing.create(
        database, CommunityFields(name="Quiet", time_zone="Europe/Berlin", showcase=True)
    ).id
    mara = editing.create(
        database,
        FacilitatorFields(
            name="Mara", email="m@example.com", time_zone="Europe/Stockholm", languages=("Swedish",)
        ),
    ).id
    with database.unit_of_work() as session:
        for month in (1, 2, 3):
            session.add(
                ActivitySnapshot(
                    community_id=lively,
                    month=date(2026, month, 1),
                    active_members=5 + month,
                    posts=10,
                    replies=3,
                )
            )
        session.add(
            Assignment(
                facilitator_id=mara,
                community_id=lively,
                starts_on=date(2026, 1, 1),
                ends_on=date(2026, 7, 1),
            )
        )
    return lively, quiet, mara


def test_rows_carry_band_trend_and_volunteer(database: Database) -> None:
    assert is_empty(database)
    lively, quiet, mara = _programme(database)
    assert not is_empty(database)
    rows = {row.id: row for row in list_communities(database)}
    assert rows[lively].band == HealthBand.REALLY_ACTIVE
    assert rows[lively].trend == "up"
    assert rows[lively].volunteer == "Mara" and rows[lively].volunteer_id == mara
    assert rows[quiet].band == HealthBand.UNKNOWN and rows[quiet].volunteer is None
    assert rows[quiet].region == "Europe"
    (volunteer,) = list_facilitators(database)
    assert (volunteer.load, volunteer.capacity, volunteer.has_room) == (1, 10, True)
    assert known_languages(database) == ["English", "Japanese", "Swedish"]


def test_community_filter_criteria(database: Database) -> None:
    _programme(database)
    rows = list_communities(database)

    def names(criteria: CommunityFilter) -> list[str]:
        return [r.name for r in rows if criteria.accepts(r)]

    assert names(CommunityFilter()) == ["Lively", "Quiet"]
    assert names(CommunityFilter(text="tokyo")) == ["Lively"]
    assert names(CommunityFilter(text="MARA lively")) == ["Lively"]
    assert names(CommunityFilter(bands=frozenset({HealthBand.UNKNOWN}))) == ["Quiet"]
    assert names(CommunityFilter(kinds=frozenset({CommunityKind.EXTERNAL}))) == []
    assert names(CommunityFilter(region="Asia")) == ["Lively"]
    assert names(CommunityFilter(language="japanese")) == ["Lively"]
    assert names(CommunityFilter(showcase=True)) == ["Quiet"]
    assert names(CommunityFilter(unassigned=True)) == ["Quiet"]
    assert names(CommunityFilter(help_requested=True)) == []
    quiet = next(r for r in rows if r.name == "Quiet")
    inactive = replace(quiet, active=False)
    assert not CommunityFilter().accepts(inactive)
    assert CommunityFilter(include_inactive=True).accepts(inactive)


def test_facilitator_filter_and_dashboard(database: Database) -> None:
    _programme(database)
    volunteers = list_facilitators(database)
    assert FacilitatorFilter(language="swedish").accepts(volunteers[0])
    assert not FacilitatorFilter(region="Asia").accepts(volunteers[0])
    assert FacilitatorFilter(with_room=True, text="mara").accepts(volunteers[0])
    summary = dashboard_summary(list_communities(database), volunteers)
    assert summary.communities == 2 and summary.unassigned == 1 and summary.showcase == 1
    assert summary.bands[HealthBand.REALLY_ACTIVE] == 1
    assert (summary.volunteers, summary.volunteers_with_room, summary.open_places) == (1, 1, 9)


def test_region_of() -> None:
    assert region_of("America/Argentina/Salta") == "America"
    assert region_of("UTC") == "UTC"


def test_five_thousand_rows_in_few_queries(database: Database) -> None:
    make_programme(database, 5000, volunteers=300)
    statements: list[str] = []

    from sqlalchemy import event

    def count(*_args: object) -> None:
        statements.append("x")

    event.listen(database.engine, "before_cursor_execute", count)
    started = time.perf_counter()
    rows = list_communities(database)
    elapsed = time.perf_counter() - started
    event.remove(database.engine, "before_cursor_execute", count)
    assert len(rows) == 5000
    assert sum(r.volunteer is not None for r in rows) == 2500
    assert len(statements) <= 5  # settings, activity, volunteers, communities: no N+1
    assert elapsed < 5.0  # generous: a shared 2-core machine; typically well under a second
    assert len(list_facilitators(database)) == 300
