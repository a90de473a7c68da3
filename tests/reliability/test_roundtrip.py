"""Awkward text survives every way out: JSON, CSV (and importing that CSV back), and .ics.

Hypothesis draws names, host names, languages, notes and webinar titles full of what breaks
naive writers: newlines, quotes, commas, semicolons, backslashes, colons, emoji (some
several code points long), leading ``=``/``+``/``-``/``@`` (spreadsheet formulas) and an
apostrophe in front of those. Each drawn programme is exported; the JSON must hold the exact
strings, the CSV's cells must read back (after the formula guard is undone by the import)
as the exact strings, and the calendar's summaries and descriptions must parse back to them.
The number of programmes tried goes to ``tests/artifacts/roundtrip.json``.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from sqlalchemy import select

from coordinator.cli import main
from coordinator.db import Database, open_database
from coordinator.domain import OccurrenceStatus
from coordinator.exporting import ExportFormat, export
from coordinator.ics.wording import check_in_summary, webinar_summary
from coordinator.importing import ImportKind, run_import
from coordinator.models import (
    Assignment,
    CheckInOccurrence,
    CheckInSeries,
    Community,
    Facilitator,
)
from coordinator.scheduling import create_webinar_series

EXAMPLES = 100
FIRST = date(2027, 1, 4)  # a Monday
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TRIED: Counter[str] = Counter()

_PIECES = [*"aZé ,;:\"'\\\n=+-@", "🎉", "👩🏽\u200d💻", "«»", "\r\n", "Ω", "ß", "\u00a0"]


def _text(max_size: int) -> st.SearchStrategy[str]:
    """Awkward text without leading or trailing white space (imports trim cells)."""
    raw = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=max_size).map("".join)
    return raw.map(str.strip).filter(bool)


@dataclass(frozen=True)
class Texts:
    """The strings one drawn programme carries."""

    names: list[str]
    hosts: list[str]
    languages: list[str]
    volunteer: str
    note: str
    title: str
    about: str


texts = st.builds(
    Texts,
    names=st.lists(_text(20), min_size=3, max_size=3),
    hosts=st.lists(_text(20), min_size=3, max_size=3),
    languages=st.lists(_text(10), min_size=3, max_size=3),
    volunteer=_text(20),
    note=_text(40),
    title=_text(20),
    about=_text(40),
)


def _unique(name: str, index: int) -> str:
    # Names are unique ignoring case; a suffix keeps drawn ones apart ("ß" vs "SS").
    return f"{name} #{index}"


def _fill(database: Database, drawn: Texts) -> None:
    with database.unit_of_work() as session:
        volunteer = Facilitator(
            name=drawn.volunteer, email="v@example.org", time_zone="Asia/Kolkata"
        )
        session.add(volunteer)
        for index, (name, host, language) in enumerate(
            zip(drawn.names, drawn.hosts, drawn.languages, strict=True)
        ):
            community = Community(
                name=_unique(name, index),
                host_name=host,
                host_email=f"host{index}@example.org",
                language=language,
                time_zone="Europe/Berlin",
            )
            session.add(community)
            session.flush()
            assignment = Assignment(
                facilitator_id=volunteer.id,
                community_id=community.id,
                starts_on=FIRST,
                ends_on=date(2027, 7, 4),
            )
            session.add(assignment)
            session.flush()
            series = CheckInSeries(
                assignment_id=assignment.id,
                weekday=0,
                local_time=time(10, 0),
                time_zone="Europe/Berlin",
                starts_on=FIRST,
            )
            session.add(series)
        session.flush()
        first = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
        session.add(
            CheckInOccurrence(
                series_id=series.id,
                original_start=first,
                start=first,
                status=OccurrenceStatus.DONE,
                notes=drawn.note,
            )
        )
        create_webinar_series(
            session,
            title=drawn.title,
            ordinal=2,
            weekday=1,
            starts_on=FIRST,
            sessions=[(time(9, 0), "Europe/Berlin", "Europe")],
            description=drawn.about,
        )


def _check_json(database: Database, folder: Path, drawn: Texts) -> None:
    out = folder / "programme.json"
    export(database, ExportFormat.JSON, out, FIRST, date(2027, 2, 28))
    document = json.loads(out.read_text(encoding="utf-8"))
    communities = sorted(document["communities"], key=lambda c: c["id"])
    assert [c["name"] for c in communities] == [_unique(n, i) for i, n in enumerate(drawn.names)]
    assert [c["host_name"] for c in communities] == drawn.hosts
    assert [c["language"] for c in communities] == drawn.languages
    assert [f["name"] for f in document["facilitators"]] == [drawn.volunteer]
    notes = {e["notes"] for e in document["events"] if e["kind"] == "check-in"}
    assert drawn.note in notes
    titles = {e["title"] for e in document["events"] if e["kind"] == "webinar"}
    assert titles == {webinar_summary(drawn.title, "Europe")}


def _check_csv(database: Database, fresh: Database, folder: Path, drawn: Texts) -> None:
    out = folder / "programme.csv"
    export(database, ExportFormat.CSV, out, FIRST, date(2027, 2, 28))
    with out.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    names = [_unique(n, i) for i, n in enumerate(drawn.names)]
    assert len(rows) == 3
    for row in rows:
        # Every cell a spreadsheet would run as a formula starts with an apostrophe.
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values()), row

    try:
        summary = run_import(fresh, out, ImportKind.COMMUNITIES)
        assert summary.added == 3
        side = folder / "programme-facilitators.csv"
        assert run_import(fresh, side, ImportKind.FACILITATORS).added == 1
        with fresh.reading() as session:
            back = {c.name: (c.host_name, c.language) for c in session.scalars(select(Community))}
            volunteers = list(session.scalars(select(Facilitator.name)))
    finally:
        fresh.dispose()
    assert back == dict(zip(names, zip(drawn.hosts, drawn.languages, strict=True), strict=True))
    assert volunteers == [drawn.volunteer]


def _check_ics(database: Database, folder: Path, drawn: Texts) -> None:
    out = folder / "programme.ics"
    assert database.path is not None
    code = main(
        ["export-ics", "--db", str(database.path), "--out", str(out), "--from", "2027-01-01"]
    )
    assert code == 0
    calendar = Calendar.from_ical(out.read_bytes())
    events = list(calendar.walk("VEVENT"))
    summaries = {str(e.get("SUMMARY")) for e in events}
    for index, name in enumerate(drawn.names):
        assert _lines(check_in_summary(_unique(name, index), drawn.volunteer)) in summaries
    assert _lines(webinar_summary(drawn.title, "Europe")) in summaries
    descriptions = "\n".join(str(e.get("DESCRIPTION", "")) for e in events)
    for host in drawn.hosts:
        assert _lines(host) in descriptions
    assert _lines(drawn.about) in descriptions


def _lines(text: str) -> str:
    # iCalendar text has one kind of line break (an escaped n): CRLF comes back as LF.
    return text.replace("\r\n", "\n")


@pytest.fixture(scope="module")
def empty_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A migrated, empty database to copy (migrating once, not twice per example)."""
    path = tmp_path_factory.mktemp("roundtrip") / "empty.sqlite3"
    open_database(path).dispose()
    yield path
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "roundtrip.json").write_text(json.dumps(dict(TRIED), indent=2) + "\n")


def _fresh(empty_file: Path, target: Path) -> Database:
    shutil.copyfile(empty_file, target)
    return open_database(target)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(drawn=texts)
def test_awkward_text_round_trips_through_json_csv_and_ics(
    drawn: Texts, empty_file: Path, private_home: Path
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        database = _fresh(empty_file, folder / "programme.sqlite3")
        try:
            _fill(database, drawn)
            _check_json(database, folder, drawn)
            _check_csv(database, _fresh(empty_file, folder / "reimported.sqlite3"), folder, drawn)
            _check_ics(database, folder, drawn)
        finally:
            database.dispose()
    TRIED["programmes"] += 1
