"""Reading an import file (CSV or XLSX) into a header and rows of plain cell text.

Nothing here knows what the columns mean; ``coordinator.import_rows`` does. Row numbers are
the ones a spreadsheet shows (the header is row 1), so messages point where people look.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NoReturn

from coordinator.import_schema import ImportRefused, RowProblem, normalise_header

log = logging.getLogger(__name__)

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAVE_AS = "save it as 'CSV UTF-8' and import it again"
# The CSV export prefixes these with an apostrophe (formula guard); reading drops it again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RawRow:
    """One data row: its spreadsheet row number, first line in the file, and cell texts."""

    number: int
    line: int
    cells: dict[str, str]


@dataclass
class RawTable:
    """A file's normalised header and non-blank rows, plus what was odd about its shape."""

    source: Path
    columns: list[str]
    rows: list[RawRow]
    warnings: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _refuse(path: Path, message: str) -> ImportRefused:
    return ImportRefused([RowProblem(0, "", message)], source=path.name)


def read_table(path: Path) -> RawTable:
    """Read ``path`` (.csv or .xlsx); ``ImportRefused`` (row 0) when it cannot be read at all."""
    path = Path(path)
    if not path.exists():
        raise _refuse(path, f"{path} does not exist")
    if not path.is_file():
        raise _refuse(path, f"{path} is not a file")
    suffix = path.suffix.casefold()
    if suffix in XLSX_SUFFIXES:
        records, warnings = _xlsx_records(path)
        return _table(path, records, warnings, unguard=False)
    if suffix in CSV_SUFFIXES:
        return _table(path, _csv_records(path), [], unguard=True)
    if suffix == ".xls":
        raise _refuse(path, f"{path.name} is an old Excel file; save it as .xlsx or CSV UTF-8")
    raise _refuse(path, f"{path.name} is not a .csv or .xlsx file")


def _csv_records(path: Path) -> list[tuple[int, list[str]]]:
    """(first line, cells) per CSV record; refuses files that are not UTF-8, naming each cell."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(path, f"cannot read {path}: {exc.strerror or exc}") from exc
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    text, valid = _decode(path, data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count) if first_line else ","
    # A cell may be as long as the file (csv stops at 128 KiB): the row parser then names it.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _refuse(path, f"line {reader.line_num + 1} cannot be read as CSV: {exc}") from exc
    if not valid:
        _refuse_not_utf8(path, records)
    return records


def _decode(path: Path, data: bytes) -> tuple[str, bool]:
    """The file's text, and whether it was valid (UTF-8, or UTF-16 with a byte order mark)."""
    if data.startswith(_UTF16_BOMS):
        # Excel's "Unicode Text" is UTF-16 with a byte order mark: unambiguous, so read it.
        try:
            return data.decode("utf-16"), True
        except UnicodeDecodeError:
            raise _refuse(path, f"{path.name} is not valid UTF-16 text; {_SAVE_AS}") from None
    sample = data[:4096]
    if len(sample) >= 2 and sample.count(0) * 4 >= len(sample):
        raise _refuse(
            path, f"{path.name} looks like UTF-16 text without a byte order mark; {_SAVE_AS}"
        )
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        # surrogateescape keeps the bad bytes visible, so every bad cell can be named below.
        return data.decode("utf-8", errors="surrogateescape"), False


def _refuse_not_utf8(path: Path, records: Sequence[tuple[int, list[str]]]) -> NoReturn:
    header = [normalise_header(c) for c in records[0][1]] if records else []
    problems = []
    for number, (line, cells) in enumerate(records, start=1):
        for index, cell in enumerate(cells):
            if not _has_bad_bytes(cell):
                continue
            bad = next(ch for ch in cell if "\udc80" <= ch <= "\udcff")
            name = header[index] if index < len(header) and number > 1 else f"column {index + 1}"
            problems.append(
                RowProblem(
                    number,
                    name,
                    f"is not UTF-8 text (byte 0x{ord(bad) - 0xDC00:02X} on line {line}); "
                    "save the file as 'CSV UTF-8' and import it again",
                )
            )
    raise ImportRefused(problems, source=path.name)


def _has_bad_bytes(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _xlsx_records(path: Path) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """(row, cells) per row of the first worksheet, every cell as plain text; and warnings."""
    # Imported here: every command line start would otherwise pay for loading openpyxl.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only=False: a formula is read as its text and never evaluated.
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _refuse(path, f"{path.name} is not a readable Excel workbook (.xlsx)") from exc
    try:
        if not workbook.worksheets:
            raise _refuse(path, f"{path.name} has no worksheet")
        sheet = workbook.worksheets[0]
        try:
            records = [
                (number, [_cell_text(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
        except Exception as exc:  # the sheet's XML is parsed lazily; any damage shows here
            log.warning("cannot read the worksheet of %s", path, exc_info=True)
            raise _refuse(path, f"{path.name} has a damaged worksheet ({exc})") from exc
        warnings = []
        if len(workbook.worksheets) > 1:
            warnings.append(f"only the first worksheet, '{sheet.title}', was read")
    finally:
        workbook.close()
    return records, warnings


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees (dates ISO, times HH:MM, 400.0 → 400)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unguard(text: str) -> str:
    # The inverse of the export's guard: one apostrophe before [more apostrophes and] a formula.
    if text[:1] == "'" and text[1:].lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _table(
    path: Path, records: list[tuple[int, list[str]]], warnings: list[str], *, unguard: bool
) -> RawTable:
    if not records or not any(cell.strip() for _line, cells in records for cell in cells):
        raise _refuse(path, f"{path.name} is empty")
    header_cells = records[0][1]
    if not any(cell.strip() for cell in header_cells):
        raise _refuse(path, f"{path.name} has no header: row 1 must name the columns")
    names = [normalise_header(cell) for cell in header_cells]
    table = RawTable(source=path, columns=[], rows=[], warnings=warnings)
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        if name in seen:
            table.problems.append(
                RowProblem(1, name, f"column appears twice (columns {seen[name]} and {index + 1})")
            )
            continue
        seen[name] = index + 1
        table.columns.append(name)
    unnamed_with_data: set[int] = set()
    for number, (line, cells) in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank rows (common at the end of a sheet) are skipped, not errors
        values: dict[str, str] = {}
        for index, cell in enumerate(cells):
            text = (_unguard(cell) if unguard and cell[:1] == "'" else cell).strip()
            name = names[index] if index < len(names) else None
            if name is None:
                if text:
                    table.problems.append(
                        RowProblem(
                            number,
                            "",
                            f"has {len(cells)} cells but the header names {len(names)} columns"
                            " (a value containing the separator must be in double quotes)",
                        )
                    )
                    break
            elif not name:
                if text:
                    unnamed_with_data.add(index + 1)
            elif name not in values:
                values[name] = text
        for name in table.columns:
            values.setdefault(name, "")
        table.rows.append(RawRow(number=number, line=line, cells=values))
    table.warnings.extend(
        f"column {index} has no header; its cells were ignored"
        for index in sorted(unnamed_with_data)
    )
    return table
