"""Hypothesis strategies for import files: plausible rows laced with everything people send.

A file is drawn as a header (the kind's columns in any order and spelling, sometimes an
unknown or missing one) and rows whose cells are mostly valid values, the rest nasty ones:
formulas, control characters, invalid zones, times and dates, emoji, separators and quotes
inside cells. It is written as CSV in one of several encodings and separators, or as XLSX.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hypothesis import strategies as st

from coordinator.import_schema import COLUMNS, REQUIRED, ImportKind

# Communities the activity rows refer to; the test database holds them.
KNOWN_COMMUNITIES = ("Seed Community Α", "Seed, Community «B»", "Seed Community 🎉")
ZONES = ("Europe/London", "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns", "UTC")
NASTY = (
    "=1+2",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    '=HYPERLINK("http://x","y")',
    "'=already guarded",
    "Ünïcødé 🎉👩🏽‍💻",
    'quote " inside',
    '"',
    "comma, inside",
    "semi; colon;",
    "new\nline",
    "cr\rreturn",
    "\r\n",
    "\x00",
    "nul\x00inside",
    "\x07bell\x1b[31m",
    "\u200b",
    "\ufeff",
    "\u202eevil",
    "\ud7ff\uffff",
    "  padded  ",
    "Mars/Olympus",
    "europe/london",
    "UTC+5",
    "GMT+5:30",
    "../../etc/passwd",
    "Etc/GMT+99",
    "America/",
    "zone.tab",
    "__init__.py",
    "25:00",
    "9",
    "09:60",
    "24:00",
    "noon",
    "9.30",
    "-1",
    "1e3",
    "١٢",
    "12.5",
    "99999999999999999999999",
    "2026-02-30",
    "2026-13",
    "0000-01-01",
    "99999-01-01",
    "maybe",
    "Funday",
    "Mon;Tue;Xyz",
    "Fri-Fri",
    "a" * 300,
)
ENCODINGS = ("utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be")


@dataclass(frozen=True)
class ImportFile:
    """A drawn file: bytes, suffix, the kind passed (or None), rows written (-1: noise)."""

    data: bytes
    suffix: str
    kind: ImportKind | None
    rows: int
    encoding: str

    def write(self, folder: Path, stem: str = "fuzz") -> Path:
        """Write it to ``folder`` and return the path."""
        path = folder / f"{stem}{self.suffix}"
        path.write_bytes(self.data)
        return path


def _number(low: int = 0, high: int = 5000) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(str)


def _date(first: int = 1900, last: int = 2100) -> st.SearchStrategy[str]:
    return st.dates(date(first, 1, 1), date(last, 12, 31)).map(lambda d: d.isoformat())


def _clock(first: int, last: int) -> st.SearchStrategy[str]:
    hours = st.tuples(st.integers(first, last), st.integers(0, 59))
    return hours.map(lambda t: f"{t[0]:02d}:{t[1]:02d}")


_words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
)
_label = st.builds(lambda word, n: f"{word.strip() or 'x'} {n}", _words, st.integers(0, 10**6))
_list = st.lists(_words.map(lambda w: w.replace(";", ",")), max_size=3).map(";".join)

VALID: dict[str, st.SearchStrategy[str]] = {
    "name": _label,
    "kind": st.sampled_from(["business unit", "Shared Service", "cross_functional", "external"]),
    "host_name": _words,
    "host_email": st.integers(0, 10**6).map(lambda n: f"host{n}@example.org"),
    "email": st.integers(0, 10**6).map(lambda n: f"Volunteer{n}@Example.org"),
    "time_zone": st.sampled_from(ZONES),
    "language": st.sampled_from(["English", "Español", "日本語"]),
    "languages": _list,
    "skills": _list,
    "topics": _list,
    "members": _number(),
    "capacity": _number(0, 30),
    "active_members": _number(),
    "posts": _number(),
    "replies": _number(),
    "created_on": _date(),
    "available_from": _date(2000, 2029),
    "available_until": _date(2030, 2040),
    "showcase": st.sampled_from(["yes", "no", "TRUE", "0"]),
    "active": st.sampled_from(["yes", "no", "y", "1"]),
    "help_requested": st.one_of(st.sampled_from(["yes", "no"]), _date()),
    "work_start": _clock(0, 11),
    "work_end": _clock(12, 23),
    "work_days": st.sampled_from(["Mon-Fri", "Sun-Thu", "Mon;Tue;Thu", "Sat-Wed", "mon,wed"]),
    "community": st.sampled_from(KNOWN_COMMUNITIES),
    "month": st.tuples(st.integers(2000, 2040), st.integers(1, 12)).map(
        lambda t: f"{t[0]}-{t[1]:02d}"
    ),
}


def cell(column: str, dirt: int) -> st.SearchStrategy[str]:
    """A valid value for ``column``, except in ``dirt`` cases of 100: a nasty or random one."""

    def pick(n: int) -> st.SearchStrategy[str]:
        if n >= dirt:
            return VALID.get(column, _words)
        return st.sampled_from(NASTY) if n % 3 else st.text(max_size=20)

    return st.integers(0, 99).flatmap(pick)


def _spelling(column: str) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [column, column.upper(), column.replace("_", " ").title(), f" {column.replace('_', '-')} "]
    )


@st.composite
def header(draw: st.DrawFn, kind: ImportKind) -> list[str]:
    """The kind's columns: all required ones (usually), some optional, any order and spelling."""
    columns = [c for c in COLUMNS[kind] if c in REQUIRED[kind] or draw(st.booleans())]
    if draw(st.integers(0, 19)) == 0 and columns:
        columns.remove(draw(st.sampled_from(columns)))  # a missing column now and then
    if draw(st.integers(0, 9)) == 0:
        columns.append(draw(st.sampled_from(["notes", "", "name"])))  # unknown, blank, twice
    return draw(st.permutations(columns))


@st.composite
def table(draw: st.DrawFn) -> tuple[ImportKind, list[str], list[list[object]]]:
    """A kind, a header and rows of cells (strings, sometimes ragged)."""
    kind = draw(st.sampled_from(list(ImportKind)))
    columns = draw(header(kind))
    names = [c.strip().replace("-", "_").replace(" ", "_").lower() for c in columns]
    dirt = draw(st.sampled_from([0, 0, 2, 10, 30]))  # share of bad cells, in percent
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        row: list[object] = [draw(cell(name, dirt)) for name in names]
        shape = draw(st.integers(0, 99)) if dirt else 99
        if shape == 0:
            row.append(draw(cell("name", dirt)))  # one cell too many
        elif shape < 3:
            row = row[: len(row) // 2]  # cut short
        elif shape < 6:
            row = [""] * len(row)  # blank line
        rows.append(row)
    return kind, [draw(_spelling(c)) if c else c for c in columns], rows


def csv_bytes(columns: list[str], rows: list[list[object]], encoding: str, delimiter: str) -> bytes:
    """The table as CSV text in ``encoding`` (unencodable characters become ``?``)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(columns: list[str], rows: list[list[object]]) -> bytes:
    """The table as the first sheet of a workbook (characters XML cannot hold dropped)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    for values in [columns, *rows]:
        sheet.append([_xlsx_value(v, ILLEGAL_CHARACTERS_RE) for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: object, illegal: object) -> object:
    if not isinstance(value, str):
        return value
    text = illegal.sub("", value)  # type: ignore[attr-defined]
    # Spreadsheets hold numbers and dates as such: write the cells that look like one that way.
    if text.isascii() and text.isdigit() and len(text) < 15:
        return int(text)
    if len(text) == 10 and text[4:5] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    return "".join(ch for ch in text if not "\ud800" <= ch <= "\udfff")


@st.composite
def import_files(draw: st.DrawFn, *, xlsx: bool = False) -> ImportFile:
    """A whole import file, CSV (any encoding and separator) or XLSX, sometimes pure noise."""
    kind, columns, rows = draw(table())
    passed = draw(st.one_of(st.none(), st.just(kind)))
    if xlsx:
        return ImportFile(xlsx_bytes(columns, rows), ".xlsx", passed, len(rows), "xlsx")
    if draw(st.integers(0, 29)) == 0:
        noise = draw(st.binary(max_size=200))
        return ImportFile(noise, ".csv", passed, -1, "noise")
    encoding = draw(st.sampled_from(ENCODINGS))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    data = csv_bytes(columns, rows, encoding, delimiter)
    return ImportFile(data, ".csv", passed, len(rows), encoding)
