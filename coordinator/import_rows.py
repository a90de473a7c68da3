"""Turning the cell text of an import file into typed values, naming every bad field.

Each known column maps to a model attribute and a parser. A column present in the file is
authoritative (an empty cell means that attribute's default); a column absent from the file
leaves what the database holds alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache
from typing import Any

from coordinator.domain import (
    MON_FRI,
    CommunityKind,
    Weekdays,
    check_time_zone,
    parse_clock,
    split_list,
)
from coordinator.import_files import RawTable
from coordinator.import_schema import ImportKind, RowProblem
from coordinator.settings import Settings


class _HelpYes:
    """``help_requested = yes``: the date already stored, else today (resolved when writing)."""

    def __repr__(self) -> str:
        return "HELP_YES"


HELP_YES: Any = _HelpYes()
_DEFAULT: Any = object()  # an empty cell takes the attribute's default

_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_NEGATIVE = re.compile(r"-\s*\d+")
_WHOLE = re.compile(r"\+?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-01)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, LF and CR are text


@dataclass(frozen=True)
class Field:
    """One import column: the model attribute it fills and how its text is parsed."""

    column: str
    attribute: str
    parse: Callable[[str], Any]
    required: bool = False


@dataclass
class Record:
    """A valid row: its row number, match key, the name it is known by and its typed values.

    ``name`` is the community's name, the volunteer's e-mail, or (activity) the community's.
    """

    number: int
    key: Hashable
    name: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How messages and the audit log name this row."""
        month = self.values.get("month")
        return f"{self.name} {month:%Y-%m}" if isinstance(month, date) else self.name


def _text(limit: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"is {len(text)} characters long (at most {limit})")
        return text

    return parse


def _email(text: str) -> str:
    if len(text) > 254 or not _EMAIL.fullmatch(text):
        raise ValueError(f"{text!r} is not an e-mail address")
    return text.lower()


def _count(text: str) -> int:
    if _NEGATIVE.fullmatch(text):
        raise ValueError(f"{text} cannot be negative")
    if not _WHOLE.fullmatch(text):
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)


@lru_cache(maxsize=4096)
def _date(text: str) -> date:
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None


@lru_cache(maxsize=1024)
def _month(text: str) -> date:
    # Excel turns a typed "2010-04" into a date, which is read back as 2010-04-01.
    match = _MONTH.fullmatch(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{text!r} is not a month (expected YYYY-MM)")
    return date(int(match.group(1)), int(match.group(2)), 1)


def _bool(text: str) -> bool:
    value = text.casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{text!r} is not yes or no")


def _help(text: str) -> Any:
    value = text.casefold()
    if value in _TRUE:
        return HELP_YES
    if value in _FALSE:
        return None
    try:
        return _date(text)
    except ValueError:
        raise ValueError(f"{text!r} is not yes, no or a date (YYYY-MM-DD)") from None


_SEPARATORS = re.compile(r"[\s_\-]+")
_KINDS = {_SEPARATORS.sub(" ", kind.value): kind for kind in CommunityKind}


def _kind(text: str) -> CommunityKind:
    kind = _KINDS.get(_SEPARATORS.sub(" ", text).casefold())
    if kind is not None:
        return kind
    choices = ", ".join(k.value for k in CommunityKind)
    raise ValueError(f"unknown kind {text!r} (expected one of: {choices})")


# Columns with few distinct values are parsed once per value (the results are immutable).
_zone = lru_cache(maxsize=1024)(check_time_zone)
_clock = lru_cache(maxsize=1024)(parse_clock)
_weekdays = lru_cache(maxsize=256)(Weekdays.parse)


FIELDS: dict[ImportKind, tuple[Field, ...]] = {
    ImportKind.COMMUNITIES: (
        Field("name", "name", _text(200), required=True),
        Field("kind", "kind", _kind),
        Field("host_name", "host_name", _text(200)),
        Field("host_email", "host_email", _email),
        Field("time_zone", "time_zone", _zone, required=True),
        Field("language", "language", _text(64)),
        Field("members", "members", _count),
        Field("topics", "topics", split_list),
        Field("created_on", "created_on", _date),
        Field("showcase", "showcase", _bool),
        Field("help_requested", "help_requested_on", _help),
        Field("active", "active", _bool),
    ),
    ImportKind.FACILITATORS: (
        Field("name", "name", _text(200), required=True),
        Field("email", "email", _email, required=True),
        Field("time_zone", "time_zone", _zone, required=True),
        Field("languages", "languages", split_list),
        Field("work_start", "work_start", _clock),
        Field("work_end", "work_end", _clock),
        Field("work_days", "work_days", _weekdays),
        Field("capacity", "capacity", _count),
        Field("skills", "skills", split_list),
        Field("available_from", "available_from", _date),
        Field("available_until", "available_until", _date),
        Field("active", "active", _bool),
    ),
    ImportKind.ACTIVITY: (
        Field("community", "community", _text(200), required=True),
        Field("month", "month", _month, required=True),
        Field("active_members", "active_members", _count),
        Field("posts", "posts", _count),
        Field("replies", "replies", _count),
    ),
}


_NAME = {
    ImportKind.COMMUNITIES: "name",
    ImportKind.FACILITATORS: "email",
    ImportKind.ACTIVITY: "community",
}


def defaults_for(kind: ImportKind, settings: Settings) -> dict[str, Any]:
    """Values a new row gets for attributes its file leaves out or leaves empty."""
    if kind is ImportKind.COMMUNITIES:
        return {
            "kind": CommunityKind.BUSINESS_UNIT,
            "host_name": "",
            "host_email": "",
            "language": "English",
            "members": 0,
            "topics": [],
            "created_on": None,
            "showcase": False,
            "help_requested_on": None,
            "active": True,
        }
    if kind is ImportKind.FACILITATORS:
        return {
            "languages": [],
            "work_start": time(9, 0),
            "work_end": time(17, 0),
            "work_days": MON_FRI,
            "capacity": settings.default_capacity,
            "skills": [],
            "available_from": None,
            "available_until": None,
            "active": True,
        }
    return {"active_members": 0, "posts": 0, "replies": 0}


def parse_rows(
    kind: ImportKind, table: RawTable, defaults: dict[str, Any]
) -> tuple[list[Record | None], list[RowProblem]]:
    """One ``Record`` per row (``None`` where the row is bad) and every problem found."""
    present = [f for f in FIELDS[kind] if f.column in table.columns]
    problems = list(table.problems)
    bad_rows = {p.row for p in problems}
    records: list[Record | None] = []
    first_row: dict[Hashable, int] = {}
    for row in table.rows:
        if row.number in bad_rows:
            # Its cells are misaligned (see the shape problem); checking them would only add noise.
            records.append(None)
            continue
        values: dict[str, Any] = {}
        row_problems: list[RowProblem] = []
        for spec in present:
            text = row.cells.get(spec.column, "")
            if not text:
                if spec.required:
                    message = f"is empty; every row of {kind.noun} needs a {spec.column}"
                    row_problems.append(RowProblem(row.number, spec.column, message))
                else:
                    values[spec.attribute] = defaults.get(spec.attribute)
                continue
            control = _CONTROL.search(text)
            if control is not None:
                # NUL and friends are no text (SQLite would even see a NUL-led name as blank).
                message = f"contains the control character U+{ord(control.group()):04X}; remove it"
                row_problems.append(RowProblem(row.number, spec.column, message))
                continue
            try:
                values[spec.attribute] = spec.parse(text)
            except ValueError as exc:
                row_problems.append(RowProblem(row.number, spec.column, str(exc)))
        row_problems.extend(cross_field_problems(row.number, values, values))
        key = _key(kind, values)
        if key is not None:
            earlier = first_row.setdefault(key, row.number)
            if earlier != row.number:
                row_problems.append(_duplicate(kind, row.number, earlier))
        problems.extend(row_problems)
        if row_problems:
            records.append(None)
        else:
            name = values[_NAME[kind]]
            if kind is ImportKind.ACTIVITY:
                del values["community"]  # not a column of the snapshot; resolved to an id later
            records.append(Record(row.number, key, name, values))
    problems.sort(key=lambda p: p.row)
    return records, problems


def cross_field_problems(
    number: int, given: dict[str, Any], merged: dict[str, Any]
) -> list[RowProblem]:
    """Rules spanning columns, on ``merged`` (the file's ``given`` values over stored ones)."""
    problems = []
    start, end = merged.get("work_start"), merged.get("work_end")
    if isinstance(start, time) and isinstance(end, time) and end <= start:
        column = "work_end" if "work_end" in given else "work_start"
        message = f"working hours end at {end:%H:%M}, not after they start at {start:%H:%M}"
        problems.append(RowProblem(number, column, message))
    first, last = merged.get("available_from"), merged.get("available_until")
    if isinstance(first, date) and isinstance(last, date) and last < first:
        column = "available_until" if "available_until" in given else "available_from"
        message = f"available until {last.isoformat()} is before available from {first.isoformat()}"
        problems.append(RowProblem(number, column, message))
    return problems


def _key(kind: ImportKind, values: dict[str, Any]) -> Hashable | None:
    """The match key (case-insensitive), or None when the fields it needs are bad."""
    if kind is ImportKind.COMMUNITIES:
        name = values.get("name")
        return name.casefold() if name else None
    if kind is ImportKind.FACILITATORS:
        email = values.get("email")
        return email.casefold() if email else None
    community, month = values.get("community"), values.get("month")
    return (community.casefold(), month) if community and month else None


def _duplicate(kind: ImportKind, number: int, earlier: int) -> RowProblem:
    if kind is ImportKind.COMMUNITIES:
        message = f"duplicate name: row {earlier} has the same community (names ignore case)"
        return RowProblem(number, "name", message)
    if kind is ImportKind.FACILITATORS:
        message = f"duplicate e-mail: row {earlier} has the same volunteer (e-mails ignore case)"
        return RowProblem(number, "email", message)
    message = f"duplicate: row {earlier} has the same community and month"
    return RowProblem(number, "month", message)
