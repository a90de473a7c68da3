"""The CSV side of an export: file layout, formula-injection guard, atomic writes.

Works on the JSON-ready document ``coordinator.exporting.build_export`` makes, so both formats
always agree.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from coordinator.import_schema import COLUMNS, ImportKind

# Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The import columns come first, in import order, so the file can be edited and imported back.
COMMUNITY_COLUMNS = (
    *COLUMNS[ImportKind.COMMUNITIES],
    "health",
    "facilitator",
    "facilitator_email",
    "assigned_until",
    "id",
)
FACILITATOR_COLUMNS = (*COLUMNS[ImportKind.FACILITATORS], "caseload", "id")
ASSIGNMENT_COLUMNS = (
    "community",
    "facilitator",
    "facilitator_email",
    "starts_on",
    "ends_on",
    "status",
    "pinned",
    "reason",
    "community_id",
    "facilitator_id",
    "id",
)
EVENT_COLUMNS = (
    "uid",
    "kind",
    "title",
    "start",
    "end",
    "time_zone",
    "facilitator_ids",
    "community_id",
    "status",
)


def guard_cell(value: Any) -> str:
    """A cell's text, with an apostrophe in front if a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        value = ";".join(str(v) for v in value)
    text = str(value)
    # Apostrophes already in front are guarded too, or reading back would drop one of them.
    if isinstance(value, str) and text.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """UTF-8 CSV with a BOM (so Excel reads accents right), every cell guarded."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([guard_cell(row.get(column)) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_paths(out: Path) -> dict[str, Path]:
    """``out`` for communities and ``<stem>-facilitators.csv`` etc. next to it."""
    suffix = out.suffix or ".csv"
    side = {
        name: out.with_name(f"{out.stem}-{name}{suffix}")
        for name in ("facilitators", "assignments", "events")
    }
    return {"communities": out, **side}


def write_csv_files(document: Mapping[str, Any], out: Path) -> list[Path]:
    """Write the document's tables as CSV files (all or none); return their paths."""
    facilitators = {f["id"]: f for f in document["facilitators"]}
    communities = {c["id"]: c for c in document["communities"]}
    current = {a["community_id"]: a for a in document["assignments"] if a["status"] == "active"}
    caseload = Counter(a["facilitator_id"] for a in current.values())

    community_rows = []
    for community in sorted(communities.values(), key=lambda c: c["name"].casefold()):
        assignment = current.get(community["id"])
        volunteer = facilitators.get(assignment["facilitator_id"]) if assignment else None
        community_rows.append(
            {
                **community,
                "help_requested": community["help_requested"] or False,
                "facilitator": volunteer["name"] if volunteer else "",
                "facilitator_email": volunteer["email"] if volunteer else "",
                "assigned_until": assignment["ends_on"] if assignment else "",
            }
        )
    facilitator_rows = [
        {**f, "caseload": caseload.get(f["id"], 0)}
        for f in sorted(facilitators.values(), key=lambda f: f["name"].casefold())
    ]
    assignment_rows = []
    for a in document["assignments"]:
        volunteer = facilitators.get(a["facilitator_id"], {})
        assignment_rows.append(
            {
                **a,
                "community": communities.get(a["community_id"], {}).get("name", ""),
                "facilitator": volunteer.get("name", ""),
                "facilitator_email": volunteer.get("email", ""),
            }
        )
    paths = csv_paths(out)
    contents = {
        paths["communities"]: csv_bytes(COMMUNITY_COLUMNS, community_rows),
        paths["facilitators"]: csv_bytes(FACILITATOR_COLUMNS, facilitator_rows),
        paths["assignments"]: csv_bytes(ASSIGNMENT_COLUMNS, assignment_rows),
        paths["events"]: csv_bytes(EVENT_COLUMNS, document["events"]),
    }
    write_atomically(contents)
    return list(contents)


def write_atomically(contents: Mapping[Path, bytes]) -> None:
    """Write every file or none: each goes to a temporary file, then all are moved into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in contents.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((Path(name), target))
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            # mkstemp makes a private (0600) file; an export is an ordinary document.
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
            os.chmod(name, mode)
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _target in staged:
            temporary.unlink(missing_ok=True)
