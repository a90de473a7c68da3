"""What an import file may hold: the three kinds, their columns, and the problem types.

Shared by the file reader, the row parser and the writer of ``coordinator.importing``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class ImportKind(StrEnum):
    COMMUNITIES = "communities"
    FACILITATORS = "facilitators"
    ACTIVITY = "activity"

    @property
    def noun(self) -> str:
        """What one row is, for messages ("volunteers", "activity months")."""
        return {
            ImportKind.COMMUNITIES: "communities",
            ImportKind.FACILITATORS: "volunteers",
            ImportKind.ACTIVITY: "activity months",
        }[self]


@dataclass(frozen=True)
class RowProblem:
    """One reason a file is refused: row as a spreadsheet shows it (header = 1; 0 = the file)."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        if self.row <= 0:
            return self.message if not self.field else f"{self.field}: {self.message}"
        if not self.field:
            return f"row {self.row}: {self.message}"
        return f"row {self.row}, {self.field}: {self.message}"


class ImportRefused(Exception):
    """A file that was not imported at all; ``problems`` names every bad row and field."""

    def __init__(self, problems: Iterable[RowProblem], source: str = "") -> None:
        self.problems: list[RowProblem] = list(problems)
        self.source = source
        super().__init__(self._message())

    def _message(self) -> str:
        if len(self.problems) == 1 and self.problems[0].row <= 0:
            return f"{self.problems[0]}; nothing was imported"
        what = f"{self.source} was not imported" if self.source else "The file was not imported"
        count = len(self.problems)
        lines = [f"{what}; nothing was changed. {count} problem{'s' if count != 1 else ''}:"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


# Known columns per kind, in the order DESIGN.md lists them (``active`` lets an export be
# imported back).
COLUMNS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.COMMUNITIES: (
        "name",
        "kind",
        "host_name",
        "host_email",
        "time_zone",
        "language",
        "members",
        "topics",
        "created_on",
        "showcase",
        "help_requested",
        "active",
    ),
    ImportKind.FACILITATORS: (
        "name",
        "email",
        "time_zone",
        "languages",
        "work_start",
        "work_end",
        "work_days",
        "capacity",
        "skills",
        "available_from",
        "available_until",
        "active",
    ),
    ImportKind.ACTIVITY: ("community", "month", "active_members", "posts", "replies"),
}

REQUIRED: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.COMMUNITIES: ("name", "time_zone"),
    ImportKind.FACILITATORS: ("name", "email", "time_zone"),
    ImportKind.ACTIVITY: ("community", "month", "active_members", "posts", "replies"),
}


def normalise_header(text: str) -> str:
    """``" Time Zone "`` → ``"time_zone"``: trimmed, case-folded, spaces and dashes as ``_``."""
    return re.sub(r"[\s\-]+", "_", text.strip()).casefold()


def parse_kind(text: str) -> ImportKind:
    """An ``ImportKind`` from its name (any case); ``ValueError`` naming the choices."""
    try:
        return ImportKind(text.strip().casefold())
    except ValueError:
        choices = ", ".join(k.value for k in ImportKind)
        raise ValueError(f"unknown kind {text!r} (expected one of {choices})") from None


def detect_kind(columns: Iterable[str]) -> ImportKind:
    """The kind whose columns the header holds; ``ImportRefused`` when it cannot be told."""
    present = set(columns)
    complete = [k for k in ImportKind if set(REQUIRED[k]) <= present]
    candidates = complete or list(ImportKind)
    scores = {k: len(present & set(COLUMNS[k])) for k in candidates}
    best = max(scores.values())
    winners = [k for k, score in scores.items() if score == best]
    if best == 0 or len(winners) > 1:
        expected = "; ".join(f"{k.value}: {', '.join(REQUIRED[k])}" for k in ImportKind)
        raise ImportRefused(
            [
                RowProblem(
                    1,
                    "",
                    "cannot tell what this file holds from its header "
                    f"(required columns — {expected}); name it with --kind",
                )
            ]
        )
    return winners[0]


def missing_columns(kind: ImportKind, columns: Iterable[str]) -> list[RowProblem]:
    """A problem (row 1) for each required column the header lacks."""
    present = set(columns)
    return [
        RowProblem(1, name, f"required column '{name}' is missing from the header")
        for name in REQUIRED[kind]
        if name not in present
    ]


def unknown_columns(kind: ImportKind, columns: Iterable[str]) -> list[str]:
    """A warning naming the columns that are not imported (not fatal), or none."""
    known = set(COLUMNS[kind])
    unknown = [name for name in columns if name not in known]
    if not unknown:
        return []
    names = ", ".join(f"'{name}'" for name in unknown)
    verb = "is not a column" if len(unknown) == 1 else "are not columns"
    return [
        f"{names} {verb} of {kind.value} and {'was' if len(unknown) == 1 else 'were'} ignored"
        f" (known: {', '.join(COLUMNS[kind])})"
    ]
