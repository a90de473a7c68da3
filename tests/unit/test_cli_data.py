"""The data subcommands on the command line: demo, import, export (exit codes and messages)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coordinator.cli import main
from coordinator.db import open_database
from coordinator.models import Community, Facilitator


def community_count(db_path: Path) -> int:
    database = open_database(db_path)
    try:
        with database.reading() as session:
            return session.scalar(select(func.count()).select_from(Community)) or 0
    finally:
        database.dispose()


def test_demo_then_refused_then_replaced(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Created 56 communities, 6 volunteers and 336 months of activity in" in out
    assert "dates moved forward" in out
    assert main(["demo", "--db", str(db_path), "--communities", "30"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("coordinator demo: ") and "--replace" in err
    assert community_count(db_path) == 56
    assert main(["demo", "--db", str(db_path), "--communities", "30", "--force"]) == 0
    assert "Created 30 communities, 3 volunteers" in capsys.readouterr().out
    assert community_count(db_path) == 30


def test_demo_rejects_contradictory_options(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", str(db_path), "--communities", "5", "--as-recorded"]) == 1
    assert "--as-recorded is for the sample" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--db", str(db_path), "--communities", "-4"])
    assert exit_.value.code == 2


def test_import_prints_the_summary_or_every_problem(
    db_path: Path, samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--db", str(db_path), str(samples / "communities.csv")]) == 0
    out = capsys.readouterr().out
    assert out == (
        "Imported 56 communities from communities.csv: 56 added, 0 updated, 0 unchanged.\n"
    )
    bad = tmp_path / "volunteers.csv"
    bad.write_text(
        "name,email,time_zone,work_start,colour\n"
        "Kai,kai@example.org,Mars/Base,09:00,red\n"
        ",kai@EXAMPLE.org,UTC,25:00,blue\n",
        encoding="utf-8",
    )
    assert main(["import", "--db", str(db_path), str(bad), "--kind", "facilitators"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == (
        "coordinator import: volunteers.csv was not imported; nothing was changed. 4 problems:"
    )
    assert lines[1:] == [
        "  row 2, time_zone: unknown time zone 'Mars/Base' (expected an IANA name such as "
        "Asia/Kolkata)",
        "  row 3, name: is empty; every row of volunteers needs a name",
        "  row 3, work_start: time '25:00' is not a time of day",
        "  row 3, email: duplicate e-mail: row 2 has the same volunteer (e-mails ignore case)",
    ]
    database = open_database(db_path)
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Facilitator)) == 0
    database.dispose()


def test_import_dry_run_and_warnings(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "c.csv"
    file.write_text("name,time_zone,colour\nLean,Asia/Kolkata,red\n", encoding="utf-8")
    assert main(["import", "--db", str(db_path), str(file), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "1 new, 0 to update, 0 unchanged. Nothing was written" in captured.out
    assert captured.err.startswith("warning: 'colour' is not a column of communities")
    assert community_count(db_path) == 0


def test_import_of_a_missing_file(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--db", str(db_path), "nowhere.csv"]) == 1
    assert capsys.readouterr().err == (
        "coordinator import: nowhere.csv does not exist; nothing was imported\n"
    )


def test_export_json_with_the_default_period(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["demo", "--db", str(db_path)])
    out = tmp_path / "programme.json"
    assert main(["export", "--db", str(db_path), "--format", "json", "--out", str(out)]) == 0
    assert "Exported 56 communities, 6 volunteers" in capsys.readouterr().out
    document = json.loads(out.read_text(encoding="utf-8"))
    today = date.today()
    assert document["period"] == {
        "from": today.isoformat(),
        "until": (today + timedelta(days=90)).isoformat(),
    }
    assert len(document["communities"]) == 56


def test_export_csv_with_a_period(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["demo", "--db", str(db_path), "--communities", "12", "--seed", "4"])
    out = tmp_path / "report.csv"
    argv = ["export", "--db", str(db_path), "--format", "csv", "--out", str(out)]
    assert main([*argv, "--from", "2026-01-01", "--until", "2026-02-01"]) == 0
    assert sorted(p.name for p in tmp_path.glob("report*.csv")) == [
        "report-assignments.csv",
        "report-events.csv",
        "report-facilitators.csv",
        "report.csv",
    ]
    capsys.readouterr()
    assert main([*argv, "--from", "2026-02-01", "--until", "2026-01-01"]) == 1
    assert "--until 2026-01-01 is before --from 2026-02-01" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*argv, "--from", "1 March"])


def test_export_from_a_missing_database_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.sqlite3"
    out = tmp_path / "x.json"
    assert main(["export", "--db", str(missing), "--format", "json", "--out", str(out)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not missing.exists() and not out.exists()


def test_python_dash_m_runs_the_demo(db_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coordinator", "demo", "--db", str(db_path), "--communities", "40"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Created 40 communities, 4 volunteers and ")
    assert community_count(db_path) == 40
