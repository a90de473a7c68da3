"""Real calendar clients read our .ics files exactly as the program schedules them.

Three independent readers — khal (a CLI calendar: import, then list), vobject (the parser of
the Radicale CalDAV server: ``getrruleset`` plus overrides) and recurring-ical-events (on
icalendar's parse) — must list the same occurrences as ``events_between``, instant by
instant, over 15 months, for volunteers and hosts in zones with 30- and 45-minute offsets,
a half-hour DST shift, no DST and across the date line, with moved and cancelled occurrences
(several on DST weekends). After a change, re-importing the new file into the same khal
updates the events instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from coordinator.db import Database, open_database
from coordinator.ics.calendar import export_calendar
from coordinator.ics.publish import publish_calendars
from coordinator.ics.scopes import CalendarScope, ScopeKind, community_scope, volunteer_scope
from coordinator.models import Assignment
from coordinator.scheduling import CHECK_IN, WEBINAR, build_schedule
from tests.acceptance.khal_client import KHAL, Khal
from tests.unit.ics_factory import (
    END,
    START,
    WINDOW,
    OddProgramme,
    change_programme,
    expected,
    odd_zone_programme,
    recurring_occurrences,
    vobject_occurrences,
)

pytestmark = pytest.mark.slow
needs_khal = pytest.mark.skipif(
    KHAL is None, reason="khal is not installed (Debian: apt-get install khal; CI installs it)"
)


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, OddProgramme]]:
    """The odd-zone programme after moves and cancellations (built once for this module)."""
    database = open_database(tmp_path_factory.mktemp("clients") / "odd.sqlite3")
    ids = odd_zone_programme(database)
    change_programme(database, ids)
    yield database, ids
    database.dispose()


def _scopes(
    database: Database, ids: OddProgramme, picks: tuple[int, ...] | None = None
) -> list[tuple[CalendarScope, dict]]:  # type: ignore[type-arg]
    """Every kind of scope: the programme, the webinars, volunteers and communities."""
    chosen = picks if picks is not None else tuple(range(len(ids.volunteers)))
    with database.reading() as s:
        volunteers = [volunteer_scope(s, ids.volunteers[i]) for i in chosen]
        communities = [community_scope(s, ids.communities[i]) for i in chosen[:3]]
    found: list[tuple[CalendarScope, dict]] = [  # type: ignore[type-arg]
        (CalendarScope(ScopeKind.PROGRAMME), {}),
        (CalendarScope(ScopeKind.WEBINARS), {"kinds": (WEBINAR,)}),
    ]
    found += [(v, {"facilitator_id": v.facilitator_id}) for v in volunteers]
    found += [(c, {"community_id": c.community_id, "kinds": (CHECK_IN,)}) for c in communities]
    return found


def _export(database: Database, scope: CalendarScope, folder: Path) -> Path:
    path = folder / f"{scope.file_stem}.ics"
    export_calendar(database, path, scope, START, END)
    return path


def test_vobject_and_recurring_ical_events_agree_with_the_schedule(changed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database, ids = changed
    for scope, filters in _scopes(database, ids):
        want = expected(database, **filters)
        assert want, scope
        data = _export(database, scope, tmp_path).read_bytes()
        assert vobject_occurrences(data) == want, f"vobject disagrees on {scope.title}"
        assert recurring_occurrences(data) == want, f"recurring-ical-events: {scope.title}"


@needs_khal
def test_khal_lists_what_the_schedule_says(changed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database, ids = changed
    # khal takes a second per import: Kolkata, Lord Howe (daily) and Kiritimati stand for all.
    for n, (scope, filters) in enumerate(_scopes(database, ids, picks=(0, 4, 5))):
        want = expected(database, **filters)
        khal = Khal(tmp_path / f"khal-{n}")
        khal.import_file(_export(database, scope, tmp_path))
        shown, flagged = khal.occurrences(*WINDOW)
        assert shown == want, f"khal disagrees on {scope.title}: {sorted(shown ^ want)[:6]}"
        assert flagged == set()  # cancelled occurrences are EXDATEs: gone, not just flagged


@needs_khal
def test_published_files_read_the_same_in_khal(changed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database, ids = changed
    files = publish_calendars(database, tmp_path / "shared", start=START, end=END)
    by_name = {f.name: f for f in files}
    assert "webinars.ics" in by_name and len(files) == len(ids.volunteers) + 1
    with database.reading() as s:
        person = volunteer_scope(s, ids.volunteers[5])  # Kiritimati: across the date line
    khal = Khal(tmp_path / "khal")
    khal.import_file(by_name[f"{person.file_stem}.ics"])
    shown, _ = khal.occurrences(*WINDOW)
    assert shown == expected(database, facilitator_id=person.facilitator_id)


@needs_khal
def test_reimport_after_changes_updates_instead_of_duplicating(tmp_path) -> None:  # type: ignore[no-untyped-def]
    database = open_database(tmp_path / "odd.sqlite3")
    ids = odd_zone_programme(database)
    khal = Khal(tmp_path / "khal")
    scope = CalendarScope(ScopeKind.PROGRAMME)
    before = _export(database, scope, tmp_path / "v1")
    khal.import_file(before)
    assert khal.occurrences(*WINDOW)[0] == expected(database)

    change_programme(database, ids)
    with database.unit_of_work() as s:  # and one assignment ends early: its series shortens
        tokyo = s.get(Assignment, 8)
        assert tokyo is not None and tokyo.community_id == ids.communities[7]
        tokyo.ends_on = date(2027, 2, 1)
        build_schedule(s, start=date(2026, 12, 1), months=12)
    after = _export(database, scope, tmp_path / "v2")
    khal.import_file(after)
    shown, _ = khal.occurrences(*WINDOW)
    want = expected(database)
    assert shown == want, sorted(shown ^ want)[:6]
    database.dispose()
