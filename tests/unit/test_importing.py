"""Importing CSV and XLSX files: whole files or nothing, every bad row named, re-import updates."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import event, func, select

from coordinator.db import Database
from coordinator.domain import CommunityKind, Weekdays
from coordinator.importing import (
    ImportKind,
    ImportRefused,
    RowProblem,
    preview_import,
    run_import,
)
from coordinator.models import ActivitySnapshot, AuditEntry, Community, Facilitator

TODAY = date(2026, 3, 15)
TABLES = (Community, Facilitator, ActivitySnapshot, AuditEntry)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def edited_copy(
    samples: Path,
    folder: Path,
    kind: str,
    edits: dict[tuple[int, str], str],
    extra: Sequence[Sequence[str]] = (),
) -> Path:
    """A copy of a sample file with cells changed: edits[(spreadsheet row, column)] = text."""
    with (samples / f"{kind}.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    for (row, column), value in edits.items():
        rows[row - 1][rows[0].index(column)] = value
    rows.extend(list(r) for r in extra)
    path = folder / f"broken-{kind}.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def state(database: Database) -> dict[str, list[Any]]:
    """Every row of the tables an import touches, to prove a refused import wrote nothing."""
    with database.reading() as session:
        return {
            model.__tablename__: [tuple(r) for r in session.execute(select(model.__table__))]
            for model in TABLES
        }


def import_samples(database: Database, samples: Path) -> None:
    for kind in ("communities", "facilitators", "activity"):
        run_import(database, samples / f"{kind}.csv", today=TODAY)


def where(problems: Sequence[RowProblem]) -> set[tuple[int, str]]:
    return {(p.row, p.field) for p in problems}


def test_the_sample_files_import(database: Database, samples: Path) -> None:
    communities = run_import(database, samples / "communities.csv", today=TODAY)
    facilitators = run_import(database, samples / "facilitators.csv", today=TODAY)
    activity = run_import(database, samples / "activity.csv", today=TODAY)

    assert (communities.kind, communities.added) == (ImportKind.COMMUNITIES, 56)
    assert (facilitators.kind, facilitators.added) == (ImportKind.FACILITATORS, 6)
    assert (activity.kind, activity.added) == (ImportKind.ACTIVITY, 336)
    assert str(communities) == (
        "Imported 56 communities from communities.csv: 56 added, 0 updated, 0 unchanged"
    )
    with database.reading() as session:
        hr = session.scalars(select(Community).where(Community.name == "HR Leadership Community"))
        community = hr.one()
        assert community.kind is CommunityKind.CROSS_FUNCTIONAL
        assert community.topics == ["leadership", "lean"]
        assert community.created_on == date(2009, 3, 20)
        asked = session.scalars(
            select(Community).where(Community.name == "Manufacturing Design Community")
        ).one()
        assert asked.help_requested_on == TODAY  # "yes" means asked today
        claire = session.scalars(
            select(Facilitator).where(Facilitator.email == "claire.fontaine@example.com")
        ).one()
        assert claire.work_days == Weekdays.parse("Mon-Thu")
        assert claire.available_until == date(2011, 3, 31)
        assert claire.languages == ["French", "English", "Spanish"]
        assert session.scalar(select(func.count()).select_from(ActivitySnapshot)) == 336
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "import")).all()
        assert [e.entity for e in entries] == ["community", "facilitator", "activity_snapshot"]


def test_reimport_changes_nothing_and_adds_no_duplicates(database: Database, samples: Path) -> None:
    import_samples(database, samples)
    before = state(database)
    again = [
        run_import(database, samples / f"{k}.csv", today=TODAY)
        for k in ("communities", "facilitators", "activity")
    ]
    counts = [(s.added, s.updated, s.unchanged) for s in again]
    assert counts == [(0, 0, 56), (0, 0, 6), (0, 0, 336)]
    after = state(database)
    for table in ("community", "facilitator", "activity_snapshot"):
        assert after[table] == before[table]


def test_a_changed_row_is_updated_and_audited(
    database: Database, samples: Path, tmp_path: Path
) -> None:
    import_samples(database, samples)
    changed = edited_copy(
        samples, tmp_path, "communities", {(2, "members"): "420", (3, "time_zone"): "Asia/Tehran"}
    )
    summary = run_import(database, changed, today=TODAY)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 2, 54)
    with database.reading() as session:
        finance = session.scalars(
            select(Community).where(Community.name == "Finance Agile Community")
        ).one()
        assert finance.members == 420
        assert finance.version == 2  # the optimistic-concurrency counter moved on
        assert session.scalar(select(func.count()).select_from(Community)) == 56
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None
        assert entry.changes["Finance Agile Community: members"] == [400, 420]
        assert entry.changes["Supply Chain Data Community: time_zone"] == [
            "America/New_York",
            "Asia/Tehran",
        ]


def test_matching_ignores_case_of_names_and_emails(database: Database, tmp_path: Path) -> None:
    first = write(tmp_path / "v.csv", "name,email,time_zone\nMara,Mara@Example.com,UTC\n")
    run_import(database, first)
    again = write(tmp_path / "v2.csv", "name,email,time_zone\nMara L,MARA@example.COM,UTC\n")
    summary = run_import(database, again)
    assert (summary.added, summary.updated) == (0, 1)
    with database.reading() as session:
        assert session.scalars(select(Facilitator.name)).all() == ["Mara L"]
        assert session.scalars(select(Facilitator.email)).all() == ["mara@example.com"]


def test_broken_communities_are_refused_whole(
    database: Database, samples: Path, tmp_path: Path
) -> None:
    broken = edited_copy(
        samples,
        tmp_path,
        "communities",
        {
            (2, "time_zone"): "Mars/Base",
            (5, "name"): "",
            (6, "members"): "-5",
            (7, "kind"): "guild",
            (8, "created_on"): "2010-02-30",
            (9, "showcase"): "maybe",
            (10, "host_email"): "not-an-address",
        },
        extra=[["hr leadership community", "", "", "", "UTC", "", "", "", "", "", ""]],
    )
    before = state(database)
    with pytest.raises(ImportRefused) as refused:
        run_import(database, broken)
    assert where(refused.value.problems) == {
        *[(2, "time_zone"), (5, "name"), (6, "members"), (7, "kind"), (8, "created_on")],
        *[(9, "showcase"), (10, "host_email"), (58, "name")],  # 58: row 4's name, other case
    }
    message = str(refused.value)
    assert "row 2, time_zone: unknown time zone 'Mars/Base'" in message
    assert "row 58, name: duplicate name: row 4" in message
    assert "nothing was changed" in message
    assert state(database) == before


def test_broken_facilitators_are_refused_whole(
    database: Database, samples: Path, tmp_path: Path
) -> None:
    import_samples(database, samples)
    broken = edited_copy(
        samples,
        tmp_path,
        "facilitators",
        {
            (2, "work_start"): "25:00",
            (3, "email"): "MARA.LINDQVIST@example.com",  # row 2's address in other case
            (4, "name"): "",
            (5, "work_end"): "08:00",  # before the 09:00 start
            (6, "time_zone"): "Europe/Atlantis",
            (7, "capacity"): "-1",
            (2, "available_until"): "2010-09-01",  # before available_from 2010-10-01
        },
    )
    before = state(database)
    with pytest.raises(ImportRefused) as refused:
        run_import(database, broken)
    assert where(refused.value.problems) == {
        *[(2, "work_start"), (2, "available_until"), (3, "email"), (4, "name")],
        *[(5, "work_end"), (6, "time_zone"), (7, "capacity")],
    }
    assert "row 2, work_start: time '25:00' is not a time of day" in str(refused.value)
    assert state(database) == before


def test_broken_activity_is_refused_whole(
    database: Database, samples: Path, tmp_path: Path
) -> None:
    run_import(database, samples / "communities.csv", today=TODAY)
    broken = edited_copy(
        samples,
        tmp_path,
        "activity",
        {
            (2, "month"): "2010-13",
            (3, "community"): "Nowhere Community",
            (4, "posts"): "-3",
            (5, "replies"): "many",
            (6, "month"): "2010-07",  # the month of row 5 (same community)
        },
    )
    before = state(database)
    with pytest.raises(ImportRefused) as refused:
        run_import(database, broken)
    problems = where(refused.value.problems)
    assert {(2, "month"), (3, "community"), (4, "posts"), (5, "replies")} <= problems
    assert (6, "month") in problems
    assert "row 6, month: duplicate: row 5 has the same community and month" in str(refused.value)
    assert "unknown community 'Nowhere Community'" in str(refused.value)
    assert state(database) == before


def test_activity_for_unknown_communities_is_refused(database: Database, samples: Path) -> None:
    with pytest.raises(ImportRefused) as refused:
        run_import(database, samples / "activity.csv")
    assert len(refused.value.problems) == 336
    assert {p.field for p in refused.value.problems} == {"community"}


def test_a_file_that_is_not_utf8_names_each_bad_row_and_field(
    database: Database, samples: Path, tmp_path: Path
) -> None:
    text = (samples / "communities.csv").read_text(encoding="utf-8")
    latin = write(tmp_path / "latin.csv", text, encoding="latin-1")
    with pytest.raises(ImportRefused) as refused:
        run_import(database, latin)
    expected = set()
    for number, line in enumerate(text.splitlines(), start=1):
        for column, cell in zip(text.splitlines()[0].split(","), line.split(","), strict=True):
            if not cell.isascii():
                expected.add((number, column))
    assert expected and where(refused.value.problems) == expected
    assert "not UTF-8" in str(refused.value) and "CSV UTF-8" in str(refused.value)
    assert "on line 6" in str(refused.value)  # García is on line 6
    assert state(database)["community"] == []


def test_bom_quotes_and_header_case(database: Database, tmp_path: Path) -> None:
    text = (
        "\ufeff Name ,KIND,Host_Name,Time Zone,Topics,Members,Help_Requested\r\n"
        '"Lean, Mean Community",Cross_Functional,"O\'Brien, Hana",Asia/Kathmandu,'
        '"lean; data ;lean",1200,2025-12-01\r\n'
        '"Multi\nLine Community",SHARED SERVICE,"Said ""Sam""",Pacific/Chatham,,0,no\r\n'
        "\r\n"  # a blank row, as spreadsheets leave at the end
    )
    summary = run_import(database, write(tmp_path / "c.csv", text))
    assert summary.added == 2
    with database.reading() as session:
        rows = {c.name: c for c in session.scalars(select(Community))}
    lean = rows["Lean, Mean Community"]
    assert lean.kind is CommunityKind.CROSS_FUNCTIONAL
    assert lean.host_name == "O'Brien, Hana"
    assert lean.topics == ["lean", "data"]
    assert lean.help_requested_on == date(2025, 12, 1)
    multi = rows["Multi\nLine Community"]
    assert multi.host_name == 'Said "Sam"'
    assert multi.kind is CommunityKind.SHARED_SERVICE


def test_semicolon_separated_csv_and_sun_thu_weeks(database: Database, tmp_path: Path) -> None:
    text = (
        "name;email;time_zone;languages;work_start;work_end;work_days\n"
        'Noa;noa@example.org;Asia/Jerusalem;"Hebrew;English";08:00;16:30;Sun-Thu\n'
        "Ravi;ravi@example.org;Asia/Kolkata;English;9:30;18:00;Mon;Tue;Thu\n"
    )
    # In a ;-separated file a ;-list must be quoted; Ravi's row is not, so it is refused.
    with pytest.raises(ImportRefused) as refused:
        run_import(database, write(tmp_path / "v.csv", text))
    assert where(refused.value.problems) == {(3, "")}
    fixed = text.replace("Mon;Tue;Thu", '"Mon;Tue;Thu"')
    assert run_import(database, write(tmp_path / "v.csv", fixed)).added == 2
    with database.reading() as session:
        people = {f.name: f for f in session.scalars(select(Facilitator))}
    assert people["Noa"].work_days == Weekdays.of([6, 0, 1, 2, 3])
    assert people["Noa"].languages == ["Hebrew", "English"]
    assert people["Ravi"].work_days == Weekdays.of([0, 1, 3])
    assert people["Ravi"].work_start == time(9, 30)


def test_xlsx_with_typed_cells_and_formula_text(database: Database, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Email", "Time Zone", "Work Start", "Work End", "Work Days",
                  "Capacity", "Available From", "Notes"])  # fmt: skip
    sheet.append(['=HYPERLINK("https://example.org","Kai")', "kai@example.org",
                  "Australia/Lord_Howe", time(8, 30), time(16, 0), "Mon-Fri", 12,
                  date(2026, 4, 1), "ignored"])  # fmt: skip
    sheet.append(["Mei", "mei@example.org", "America/St_Johns", "07:00", "15:00", "Sun-Thu",
                  8.0, None, None])  # fmt: skip
    workbook.create_sheet("Other")
    path = tmp_path / "volunteers.xlsx"
    workbook.save(path)

    summary = run_import(database, path)
    assert (summary.kind, summary.added) == (ImportKind.FACILITATORS, 2)
    assert any("'notes'" in w for w in summary.warnings)
    assert any("only the first worksheet" in w for w in summary.warnings)
    with database.reading() as session:
        people = {f.email: f for f in session.scalars(select(Facilitator))}
    kai = people["kai@example.org"]
    assert kai.name == '=HYPERLINK("https://example.org","Kai")'  # text, never evaluated
    assert (kai.work_start, kai.work_end, kai.capacity) == (time(8, 30), time(16, 0), 12)
    assert kai.available_from == date(2026, 4, 1)
    assert people["mei@example.org"].capacity == 8


def test_help_requested_keeps_the_first_date_while_still_yes(
    database: Database, tmp_path: Path
) -> None:
    path = write(tmp_path / "c.csv", "name,time_zone,help_requested\nA,UTC,yes\nB,UTC,no\n")
    run_import(database, path, today=date(2026, 1, 5))
    summary = run_import(database, path, today=date(2026, 2, 9))
    assert summary.unchanged == 2
    run_import(
        database, write(tmp_path / "c.csv", "name,time_zone,help_requested\nA,UTC,n\nB,UTC,Y\n")
    )
    with database.reading() as session:
        asked = dict(session.execute(select(Community.name, Community.help_requested_on)).all())
    assert asked["A"] is None
    assert asked["B"] == date.today()
    # Columns the file leaves out keep what the database holds.
    run_import(database, write(tmp_path / "c.csv", "name,time_zone\nB,Asia/Tokyo\n"))
    with database.reading() as session:
        b = session.scalars(select(Community).where(Community.name == "B")).one()
    assert (b.time_zone, b.help_requested_on) == ("Asia/Tokyo", date.today())


def test_work_hours_are_checked_against_the_stored_ones(database: Database, tmp_path: Path) -> None:
    run_import(
        database, write(tmp_path / "v.csv", "name,email,time_zone,work_end\nA,a@x.org,UTC,12:00\n")
    )
    later = write(tmp_path / "v.csv", "name,email,time_zone,work_start\nA,a@x.org,UTC,13:00\n")
    with pytest.raises(ImportRefused) as refused:
        run_import(database, later)
    assert where(refused.value.problems) == {(2, "work_start")}
    assert "end at 12:00, not after they start at 13:00" in str(refused.value)


def test_kind_is_told_from_the_header_or_named(database: Database, tmp_path: Path) -> None:
    file = write(tmp_path / "x.csv", "name,time_zone\nLean Community,UTC\n")
    assert preview_import(database, file).kind is ImportKind.COMMUNITIES
    with pytest.raises(ImportRefused) as refused:
        run_import(database, file, ImportKind.FACILITATORS)
    assert where(refused.value.problems) == {(1, "email")}
    unknown = write(tmp_path / "y.csv", "colour,size\nred,4\n")
    with pytest.raises(ImportRefused) as refused:
        run_import(database, unknown)
    assert "--kind" in str(refused.value)
    missing = write(tmp_path / "z.csv", "community,month,posts\nA,2010-01,3\n")
    with pytest.raises(ImportRefused) as refused:
        run_import(database, missing)
    assert where(refused.value.problems) == {(1, "active_members"), (1, "replies")}


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.csv", None, "does not exist"),
        ("notes.pdf", b"%PDF-1.4", "not a .csv or .xlsx file"),
        ("empty.csv", b"", "is empty"),
        ("blank.csv", b"\xef\xbb\xbf\r\n,,\r\n", "is empty"),
        ("headless.csv", b",,\nLean,UTC\n", "no header"),
        ("fake.xlsx", b"name,time_zone\n", "not a readable Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "old Excel file"),
    ],
)
def test_unreadable_files_are_refused_with_one_problem(
    database: Database, tmp_path: Path, name: str, content: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ImportRefused) as refused:
        preview_import(database, path)
    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].row == 0
    assert expected in str(refused.value)


def test_preview_shows_each_rows_fate_and_writes_nothing(
    database: Database, samples: Path, tmp_path: Path
) -> None:
    run_import(database, samples / "facilitators.csv")
    before = state(database)
    edited = edited_copy(
        samples,
        tmp_path,
        "facilitators",
        {(3, "capacity"): "11", (4, "time_zone"): "Mars/Base"},
        extra=[["New Person", "new@example.org", "Pacific/Auckland"] + [""] * 8],
    )
    preview = preview_import(database, edited)
    assert preview.kind is ImportKind.FACILITATORS
    assert not preview.ok()
    assert preview.rows_status == ["unchanged", "update", "error", *["unchanged"] * 3, "new"]
    assert preview.row_numbers == [2, 3, 4, 5, 6, 7, 8]
    assert preview.rows[2]["time_zone"] == "Mars/Base"
    assert [str(p) for p in preview.problems] == [
        "row 4, time_zone: unknown time zone 'Mars/Base' (expected an IANA name such as "
        "Asia/Kolkata)"
    ]
    assert state(database) == before


def test_unknown_columns_warn_and_extra_cells_are_refused(
    database: Database, tmp_path: Path
) -> None:
    ok = write(tmp_path / "c.csv", "name,time_zone,colour\nA,UTC,red\n")
    summary = run_import(database, ok)
    assert summary.added == 1
    assert summary.warnings == [
        "'colour' is not a column of communities and was ignored (known: name, kind, "
        "host_name, host_email, time_zone, language, members, topics, created_on, showcase, "
        "help_requested, active)"
    ]
    shifted = write(tmp_path / "d.csv", "name,time_zone\nB,UTC\nLean, Mean,UTC\n")
    with pytest.raises(ImportRefused) as refused:
        run_import(database, shifted)
    assert where(refused.value.problems) == {(3, "")}


def test_export_guard_apostrophe_is_dropped_on_import(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", "name,time_zone\n'=Lean Community,UTC\n'Plain,UTC\n")
    run_import(database, path)
    with database.reading() as session:
        assert sorted(session.scalars(select(Community.name))) == ["'Plain", "=Lean Community"]


def test_progress_and_no_query_per_row(database: Database, tmp_path: Path) -> None:
    lines = ["name,email,time_zone,work_days,skills"]
    lines += [f"V{i},v{i}@example.org,Asia/Kolkata,Sun-Thu,a;b" for i in range(5000)]
    path = write(tmp_path / "many.csv", "\n".join(lines) + "\n")
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    calls: list[tuple[int, int]] = []
    event.listen(database.engine, "before_cursor_execute", count)
    try:
        summary = run_import(database, path, progress=lambda d, t: calls.append((d, t)))
        again = run_import(database, path, progress=lambda d, t: calls.append((d, t)))
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    assert (summary.added, again.unchanged) == (5000, 5000)
    assert calls[-1] == (5000, 5000)
    assert all(done <= total for done, total in calls)
    assert statements.count("SELECT") < 10  # settings and existing rows, never one per row
    assert statements.count("INSERT") < 30
