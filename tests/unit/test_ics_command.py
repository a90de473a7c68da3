"""``coordinator export-ics``: scopes, publishing, and errors a person can act on."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from coordinator.cli import main
from coordinator.db import Database
from coordinator.models import Community, Facilitator
from tests.unit.ics_factory import odd_zone_programme

PERIOD = ["--from", "2026-09-01", "--until", "2027-11-30"]


@pytest.fixture
def odd(database: Database):  # type: ignore[no-untyped-def]
    return odd_zone_programme(database)


def uids(path: Path) -> set[str]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]) for e in calendar.walk("VEVENT")}


def test_scopes_on_the_command_line(database, odd, db_path, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    with database.reading() as s:
        email = s.get(Facilitator, odd.volunteers[4]).email
        name = s.get(Community, odd.communities[1]).name
    db = ["--db", str(db_path)]
    out = tmp_path / "all.ics"
    assert main(["export-ics", *db, "--out", str(out), *PERIOD]) == 0
    assert len(uids(out)) == len(odd.series) + len(odd.sessions)
    assert "recurring series" in capsys.readouterr().out
    assert (
        main(["export-ics", *db, "--out", str(out), "--facilitator", email.upper(), *PERIOD]) == 0
    )
    assert f"checkin-{odd.series[4]}@coordinator" in uids(out)
    assert main(["export-ics", *db, "--out", str(out), "--community", name, *PERIOD]) == 0
    assert uids(out) == {f"checkin-{odd.series[1]}@coordinator"}
    assert main(["export-ics", *db, "--out", str(out), "--webinars", *PERIOD]) == 0
    assert uids(out) == {f"webinar-{i}@coordinator" for i in odd.sessions}


def test_publish_on_the_command_line(database, odd, db_path, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "shared"
    assert main(["export-ics", "--db", str(db_path), "--publish", str(folder), *PERIOD]) == 0
    assert f"Published {len(odd.volunteers)} volunteer calendars and webinars.ics" in (
        capsys.readouterr().out
    )
    assert len(list(folder.glob("*.ics"))) == len(odd.volunteers) + 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--facilitator", "nobody@example.org"],
            "No volunteer has the e-mail 'nobody@example.org'",
        ),
        (["--community", "Atlantis"], "No community is called 'Atlantis'"),
        (["--community", "X", "--webinars"], "Choose one of --community / --webinars"),
        (["--from", "2027-01-01", "--until", "2026-01-01"], "--until 2026-01-01 is before"),
    ],
)
def test_errors_say_what_to_do(
    database, odd, db_path, tmp_path, capsys, arguments, message
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.ics"
    assert main(["export-ics", "--db", str(db_path), "--out", str(out), *arguments]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_bad_targets_are_refused(db_path, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["export-ics", "--db", str(tmp_path / "none.sqlite3"), "--out", "x.ics"]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()
    assert main(["export-ics", "--db", str(db_path), "--out", str(tmp_path / "x.txt")]) == 1
    assert "should end in .ics" in capsys.readouterr().err
    assert main(["export-ics", "--db", str(db_path), "--out", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["export-ics", "--db", str(db_path)])  # --out or --publish is required
    args = ["export-ics", "--db", str(db_path), "--publish", str(tmp_path), "--webinars"]
    assert main(args) == 1
    assert "leave out the scope options" in capsys.readouterr().err
