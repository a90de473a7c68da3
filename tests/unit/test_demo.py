"""Demo programmes: the sample moved to now, synthetic ones of any size, all or nothing."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, func, select

from coordinator import demo
from coordinator.db import Database
from coordinator.demo import DemoRefused, generate, load_sample
from coordinator.demo_synthetic import ZONES, add_months
from coordinator.exporting import build_export
from coordinator.importing import ImportRefused
from coordinator.models import ActivitySnapshot, Assignment, AuditEntry, Community, Facilitator

TODAY = date(2026, 3, 15)


def counts(database: Database) -> tuple[int, int, int]:
    with database.reading() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Community, Facilitator, ActivitySnapshot)
        )


def export_of(database: Database) -> dict[str, Any]:
    with database.reading() as session:
        return build_export(session, TODAY, TODAY)


def test_sample_is_moved_so_last_month_is_the_one_before_today(database: Database) -> None:
    progress: list[tuple[int, int]] = []
    summary = load_sample(database, today=TODAY, progress=lambda d, t: progress.append((d, t)))
    assert (summary.communities, summary.facilitators, summary.activity_months) == (56, 6, 336)
    assert counts(database) == (56, 6, 336)
    assert summary.seconds > 0
    assert str(summary).startswith("Created 56 communities, 6 volunteers and 336 months")
    assert progress[-1] == (398, 398)
    with database.reading() as session:
        months = sorted(set(session.scalars(select(ActivitySnapshot.month))))
        assert months == [date(2025, m, 1) for m in range(9, 13)] + [
            date(2026, 1, 1),
            date(2026, 2, 1),
        ]
        starts = set(session.scalars(select(Facilitator.available_from)))
        assert starts == {date(2026, 3, 1)}  # 2010-10-01 moved by the same 185 months
        claire = session.scalars(select(Facilitator).where(Facilitator.name == "Claire Fontaine"))
        assert claire.one().available_until == date(2026, 8, 31)  # 2011-03-31 + 185 months
        created = list(session.scalars(select(Community.created_on)))
        assert max(created) <= TODAY
        asked = session.scalars(select(Community.help_requested_on)).all()
        assert sorted(d for d in asked if d) == [TODAY] * 5
        entries = session.scalars(select(AuditEntry.action)).all()
        assert entries == ["demo"]  # one entry for the whole demo


def test_as_recorded_keeps_the_2010_dates(database: Database) -> None:
    load_sample(database, shift_to_today=False, today=TODAY)
    with database.reading() as session:
        months = sorted(set(session.scalars(select(ActivitySnapshot.month))))
    assert months[0] == date(2010, 4, 1) and months[-1] == date(2010, 9, 1)


def test_the_sample_has_current_health_bands(database: Database) -> None:
    load_sample(database, today=TODAY)
    bands = Counter(c["health"] for c in export_of(database)["communities"])
    assert bands["unknown"] == 0
    assert bands["active"] + bands["really active"] > 0 and bands["dormant"] > 0


def test_a_database_with_a_programme_is_refused_unless_replaced(database: Database) -> None:
    generate(database, 20, 2, seed=3, today=TODAY)
    with database.unit_of_work() as session:
        community = session.scalars(select(Community)).first()
        volunteer = session.scalars(select(Facilitator)).first()
        assert community is not None and volunteer is not None
        session.add(
            Assignment(
                facilitator_id=volunteer.id,
                community_id=community.id,
                starts_on=TODAY,
                ends_on=add_months(TODAY, 6),
            )
        )
    with pytest.raises(DemoRefused, match="already holds 20 communities and 2 volunteers"):
        load_sample(database, today=TODAY)
    assert counts(database)[:2] == (20, 2)
    load_sample(database, today=TODAY, replace_existing=True)
    assert counts(database) == (56, 6, 336)
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_a_failing_step_leaves_nothing_behind(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = demo.import_table

    def failing(session: Any, table: Any, kind: Any, **kw: Any) -> Any:
        if kind.value == "activity":
            raise ImportRefused([])
        return real(session, table, kind, **kw)

    monkeypatch.setattr(demo, "import_table", failing)
    with pytest.raises(ImportRefused):
        load_sample(database, today=TODAY)
    assert counts(database) == (0, 0, 0)


def test_synthetic_programmes_are_deterministic(tmp_path: Any) -> None:
    from coordinator.db import open_database

    exports = []
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        db = open_database(tmp_path / f"{name}.sqlite3")
        generate(db, 60, 6, seed=seed, today=TODAY)
        exports.append(export_of(db))
        db.dispose()
    first, same, other = exports
    for key in ("communities", "facilitators"):
        assert first[key] == same[key]
        assert first[key] != other[key]


def test_synthetic_programme_spreads(database: Database) -> None:
    progress: list[tuple[int, int]] = []
    summary = generate(
        database, 1200, 120, seed=5, today=TODAY, progress=lambda d, t: progress.append((d, t))
    )
    assert (summary.communities, summary.facilitators) == (1200, 120)
    assert progress[-1][0] == progress[-1][1] == 1200 + 120 + summary.activity_months
    document = export_of(database)
    communities, volunteers = document["communities"], document["facilitators"]
    assert len({c["name"] for c in communities}) == 1200
    continents = {c["time_zone"].split("/")[0] for c in communities}
    assert {"Europe", "America", "Asia", "Africa", "Australia"} <= continents
    bands = Counter(c["health"] for c in communities)
    active = bands["active"] + bands["really active"]
    assert 0.4 < active / 1200 < 0.6  # about half active …
    assert 0.15 < bands["really active"] / active < 0.35  # … a quarter of those really active
    assert bands["dormant"] > 60
    members = [c["members"] for c in communities]
    assert statistics.median(members) < statistics.mean(members)  # skewed: few large ones
    assert max(members) > 10 * statistics.median(members)
    tokyo = [c["language"] for c in communities if c["time_zone"] == "Asia/Tokyo"]
    assert tokyo and set(tokyo) <= {"Japanese", "English"}
    assert 0 < sum(c["showcase"] for c in communities) < 60
    assert 0 < sum(bool(c["help_requested"]) for c in communities) < 80
    capacities = Counter(v["capacity"] for v in volunteers)
    assert set(capacities) <= {8, 9, 10, 11, 12} and capacities.most_common(1)[0][0] == 10
    assert all(v["work_start"] < v["work_end"] for v in volunteers)
    assert all(v["languages"] and len(v["skills"]) >= 2 for v in volunteers)
    with database.reading() as session:
        weeks = dict(session.execute(select(Community.time_zone, Community.host_work_days)).all())
    if "Asia/Jerusalem" in weeks:
        assert str(weeks["Asia/Jerusalem"]) == "Sun-Thu"


def test_zone_table_has_the_odd_ones() -> None:
    zones = {zone for zone, _weight, _languages in ZONES}
    assert {
        "Asia/Kolkata",
        "Asia/Kathmandu",
        "Australia/Adelaide",
        "Australia/Lord_Howe",
        "America/St_Johns",
        "Asia/Tehran",
        "Pacific/Chatham",
        "Asia/Jerusalem",
        "Pacific/Auckland",
        "America/Phoenix",
    } <= zones


def test_generation_uses_bulk_inserts(database: Database) -> None:
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        generate(database, 1500, 150, seed=2, today=TODAY)
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    assert statements.count("INSERT") < 20  # thousands of rows, a handful of statements
    assert counts(database)[:2] == (1500, 150)
