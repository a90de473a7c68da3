"""Team server features: read-only role, stale edits refused, migrate-db (both backends)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import make_url

from coordinator import editing
from coordinator.assignment import accept_proposal, propose
from coordinator.cli import main
from coordinator.db import ReadOnlyError, open_database
from coordinator.importing import run_import
from coordinator.models import Base, Community, Facilitator
from coordinator.roster_view import list_volunteers, load_roster, snapshot_info
from coordinator.scheduling.build import schedule_programme
from tests.unit.test_editing import TOKYO


def test_a_stale_edit_from_another_copy_is_refused(db_url: str) -> None:
    first, second = open_database(db_url), open_database(db_url)
    try:
        saved = editing.create(first, TOKYO)
        for copy in (first, second):  # both coordinators opened version 1
            with copy.reading() as s:
                assert s.get(Community, saved.id).version == 1
        editing.update(first, "community", saved.id, replace(TOKYO, members=5), 1)
        with pytest.raises(editing.EditConflict, match="changed elsewhere"):
            editing.update(second, "community", saved.id, replace(TOKYO, members=9), 1)
        with second.reading() as s:
            assert s.get(Community, saved.id).members == 5
    finally:
        first.dispose()
        second.dispose()


def test_grant_readonly_refuses_sqlite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grant-readonly", "volunteers", "--db", str(tmp_path / "p.sqlite3")]) == 1
    assert "needs a PostgreSQL server" in capsys.readouterr().err


def test_read_only_role_reads_and_the_server_refuses_writes(
    pg_url: str,
    samples: Path,
    grant_readonly: Callable[[], str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    database = open_database(pg_url)
    for kind in ("communities", "facilitators", "activity"):
        run_import(database, samples / f"{kind}.csv")
    accept_proposal(database, propose(database))
    schedule_programme(database, months=3)
    database.dispose()
    url = grant_readonly()
    role = make_url(url).username
    assert f"Created read-only role {role}" in capsys.readouterr().out
    assert main(["grant-readonly", str(role), "--db", pg_url]) == 0  # again: no error
    reader = open_database(url, read_only=True)
    try:
        with reader.reading() as s:
            assert s.scalar(select(func.count()).select_from(Community)) == 56
        # The volunteers' roster view works through this role.
        assert snapshot_info(reader).published_at is None
        volunteers = list_volunteers(reader)
        assert len(volunteers) == 6
        busiest = max(volunteers, key=lambda v: v.caseload)
        assert busiest.caseload > 0
        roster = load_roster(reader, busiest.id)
        assert len(roster.caseload) == busiest.caseload and roster.upcoming
        # Opened as if to write: only the server stands in the way.
        writer = open_database(url)
        refused_message = f"role {role} may only read"
        with (
            pytest.raises(ReadOnlyError, match=refused_message) as refused,
            writer.unit_of_work() as s,
        ):
            s.execute(text("UPDATE community SET members = 0"))
        assert type(refused.value.__cause__.orig).__name__ == "InsufficientPrivilege"
        writer.dispose()
    finally:
        reader.dispose()


def test_migrate_db_copies_the_sample_into_postgres(
    tmp_path: Path, pg_url: str, samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source_url = f"sqlite:///{tmp_path / 'programme.sqlite3'}"
    source = open_database(source_url)
    for kind in ("communities", "facilitators", "activity"):
        run_import(source, samples / f"{kind}.csv")
    assert main(["migrate-db", "--from", source_url, "--to", pg_url]) == 0
    assert "Copied" in capsys.readouterr().out
    target = open_database(pg_url)
    try:
        with source.reading() as s, target.reading() as t:
            for table in Base.metadata.sorted_tables:
                count = select(func.count()).select_from(table)
                assert s.scalar(count) == t.scalar(count), table.name
            query = select(Facilitator).order_by(Facilitator.id)
            a, b = s.scalars(query).first(), t.scalars(query).first()
            assert (a.id, a.email, a.languages, a.work_days) == (
                b.id,
                b.email,
                b.languages,
                b.work_days,
            )
        with target.unit_of_work() as t:  # sequences were moved past the copied ids
            added = t.scalar(
                insert(Community)
                .values(name="After the move", time_zone="UTC")
                .returning(Community.id)
            )
        assert added == 57
        assert main(["migrate-db", "--from", source_url, "--to", pg_url]) == 1
        assert "already holds data" in capsys.readouterr().err
    finally:
        source.dispose()
        target.dispose()
