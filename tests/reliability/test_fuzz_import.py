"""Bad import files never crash the import: a summary, or a refusal naming rows and fields.

Hypothesis draws CSV files (UTF-8, with and without BOM, Latin-1, Windows-1252, UTF-16 with and
without BOM; comma, semicolon or tab separated; sometimes random bytes) and XLSX workbooks
whose rows mix valid values with formulas, control characters, invalid zones, times and dates,
emoji, quotes and separators inside cells, ragged and blank rows. Every file must end in an
``ImportSummary`` that matches what was written, or an ``ImportRefused`` whose problems each
name a row of the file (and a column of it, when a cell is at fault) while the database stays
exactly as it was. Huge cells (1 MB) are checked separately. The number of files tried goes
to ``tests/artifacts/fuzz_import.json``.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select

from coordinator.cli import main
from coordinator.db import Database, open_database
from coordinator.import_schema import ImportKind, normalise_header
from coordinator.importing import ImportRefused, ImportSummary, run_import
from coordinator.models import Community
from tests.reliability import programmes
from tests.reliability.fuzz_files import (
    KNOWN_COMMUNITIES,
    ImportFile,
    csv_bytes,
    import_files,
    xlsx_bytes,
)

CSV_EXAMPLES = 600
XLSX_EXAMPLES = 100


def fuzz(examples: int) -> settings:
    """Settings of a fuzz test: a fixed number of files, the same ones on every run."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,  # the same files on every run, so CI never flakes on a new draw
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TABLES = {
    ImportKind.COMMUNITIES: "community",
    ImportKind.FACILITATORS: "facilitator",
    ImportKind.ACTIVITY: "activity_snapshot",
}
TRIED: Counter[str] = Counter()


@pytest.fixture(scope="module")
def fuzz_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One database for all drawn files (each import either changes it whole or not at all)."""
    database = open_database(tmp_path_factory.mktemp("fuzz") / "programme.sqlite3")
    with database.unit_of_work() as session:
        for name in KNOWN_COMMUNITIES:
            session.add(Community(name=name, time_zone="Asia/Kathmandu"))
    yield database
    database.dispose()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    figures = {"files_tried": sum(TRIED.values()), "outcomes": dict(sorted(TRIED.items()))}
    (ARTIFACTS / "fuzz_import.json").write_text(json.dumps(figures, indent=2) + "\n")


def _check_one(database: Database, drawn: ImportFile) -> str:
    """Import one drawn file and check the outcome; return how it ended (for the figures)."""
    assert database.path is not None
    before = programmes.fingerprint(database.path)
    with tempfile.TemporaryDirectory() as folder:
        path = drawn.write(Path(folder))
        try:
            summary = run_import(database, path, drawn.kind)
        except ImportRefused as refused:
            _check_refusal(refused, drawn, path)
            assert programmes.fingerprint(database.path) == before, "refused but changed"
            return f"{drawn.encoding}: refused"
    _check_summary(summary, before, programmes.fingerprint(database.path))
    return f"{drawn.encoding}: imported"


def _check_refusal(refused: ImportRefused, drawn: ImportFile, path: Path) -> None:
    assert refused.problems, "a refusal without a reason"
    header_and_rows = drawn.rows + 1
    for problem in refused.problems:
        text = str(problem)
        assert problem.message.strip(), problem
        assert "Traceback" not in text and "Error(" not in text, text
        if problem.row > 0:
            assert drawn.rows < 0 or problem.row <= header_and_rows, f"{problem}: no such row"
            assert text.startswith(f"row {problem.row}"), text
        if problem.field and problem.row > 0 and not problem.field.startswith("column "):
            assert problem.field == normalise_header(problem.field), problem
    message = str(refused)
    assert "nothing" in message, message  # says that nothing was imported or changed


def _check_summary(summary: ImportSummary, before: dict, after: dict) -> None:
    table = TABLES[summary.kind]
    assert after[table][0] - before[table][0] == summary.added, summary
    changed = {t for t in after if after[t] != before[t]}
    assert changed <= {table, "audit_entry"}, changed
    assert after["audit_entry"][0] == before["audit_entry"][0] + 1


@fuzz(CSV_EXAMPLES)
@given(drawn=import_files())
def test_any_csv_file_is_imported_whole_or_refused_row_by_row(
    fuzz_database: Database, drawn: ImportFile
) -> None:
    TRIED["csv " + _check_one(fuzz_database, drawn)] += 1


@fuzz(XLSX_EXAMPLES)
@given(drawn=import_files(xlsx=True))
def test_any_xlsx_file_is_imported_whole_or_refused_row_by_row(
    fuzz_database: Database, drawn: ImportFile
) -> None:
    TRIED[_check_one(fuzz_database, drawn)] += 1


HUGE = "x" * 1_048_576


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("column", ["name", "notes"])
def test_a_one_megabyte_cell_is_named_not_fatal(
    database: Database, tmp_path: Path, suffix: str, column: str
) -> None:
    columns = ["name", "time_zone", "notes"]
    rows: list[list[object]] = [
        ["Fine", "Europe/London", ""],
        [HUGE if column == "name" else "Big", "Asia/Kolkata", HUGE if column == "notes" else ""],
    ]
    data = (
        xlsx_bytes(columns, rows) if suffix == ".xlsx" else csv_bytes(columns, rows, "utf-8", ",")
    )
    path = tmp_path / f"huge{suffix}"
    path.write_bytes(data)
    assert database.path is not None
    before = programmes.fingerprint(database.path)
    if column == "notes":  # an ignored column: the rows are fine
        summary = run_import(database, path, ImportKind.COMMUNITIES)
        assert summary.added == 2
        return
    with pytest.raises(ImportRefused) as refused:
        run_import(database, path, ImportKind.COMMUNITIES)
    assert [(p.row, p.field) for p in refused.value.problems] == [(3, "name")]
    assert "characters long (at most 200)" in str(refused.value)
    assert programmes.fingerprint(database.path) == before


def test_the_command_line_prints_the_problems_without_a_traceback(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(db_path).dispose()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        "name,time_zone,members\nCafé,Mars/Olympus,12\n=1+2,Europe/London,-4\n".encode("latin-1")
    )
    assert main(["import", "--db", str(db_path), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "row 2, name: is not UTF-8 text" in err
    assert "nothing" in err
    database = open_database(db_path)
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Community)) == 0
    database.dispose()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formulas_are_imported_as_text_never_run(
    database: Database, tmp_path: Path, suffix: str
) -> None:
    names = ["=1+2", "@SUM(A1:A2)", "+cmd|' /C calc'!A0", "-2+3"]
    rows: list[list[object]] = [[name, "Europe/London"] for name in names]
    columns = ["name", "time_zone"]
    path = tmp_path / f"formulas{suffix}"
    data = (
        xlsx_bytes(columns, rows) if suffix == ".xlsx" else csv_bytes(columns, rows, "utf-8", ",")
    )
    path.write_bytes(data)
    assert run_import(database, path).added == 4
    with database.reading() as session:
        assert sorted(session.scalars(select(Community.name))) == sorted(names)


def test_utf16_with_a_byte_order_mark_is_read_and_without_one_is_named(
    database: Database, tmp_path: Path
) -> None:
    # Excel's "Unicode Text": UTF-16 with a byte order mark, separated by tabs.
    text = "name\ttime_zone\nZürich Ωmega 🎉\tEurope/Zurich\n"
    marked = tmp_path / "unicode.txt"
    marked.write_bytes(text.encode("utf-16"))
    assert run_import(database, marked).added == 1
    unmarked = tmp_path / "unmarked.csv"
    unmarked.write_bytes(text.encode("utf-16-le"))
    with pytest.raises(ImportRefused, match="looks like UTF-16 text without a byte order mark"):
        run_import(database, unmarked)
    with database.reading() as session:
        assert list(session.scalars(select(Community.name))) == ["Zürich Ωmega 🎉"]


def test_control_characters_are_named_not_stored(database: Database, tmp_path: Path) -> None:
    # A NUL in front even made SQLite see the name as blank (a constraint error, not a message).
    path = tmp_path / "control.csv"
    path.write_bytes(b"name,time_zone,host_name\n\x00Ghost,UTC,ok\nFine,UTC,bell\x07\n")
    with pytest.raises(ImportRefused) as refused:
        run_import(database, path)
    assert [str(p) for p in refused.value.problems] == [
        "row 2, name: contains the control character U+0000; remove it",
        "row 3, host_name: contains the control character U+0007; remove it",
    ]
