"""How often each series' exceptions changed, so SEQUENCE rises when an occurrence moves.

The scheduler raises ``sequence`` when a series itself changes (re-slotted, ended). Moving,
cancelling or restoring one occurrence leaves the series untouched ("the series is never
touched", ``scheduling.log``) but changes what the .ics says about it (an EXDATE or an
override): a client that imported the earlier file keeps its copy unless SEQUENCE is higher.
The export must not write (volunteers export from read-only databases), so the number of
such changes is read from the audit log, which is append-only and therefore only grows.
``tests/unit/test_ics_revisions.py`` drives the real scheduling functions, so a change in
their audit wording fails there rather than silently freezing SEQUENCE.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator.domain import OccurrenceStatus
from coordinator.models import AuditEntry

# Audit actions of scheduling.log that change a check-in's calendar entry ("log" does not).
CHECK_IN_ACTIONS = ("move", "cancel", "restore")
_CHECK_IN_SERIES = re.compile(r"\bof series (\d+)\b")
_WEBINAR_SESSION = re.compile(r"^webinar session (\d+)\b")
_CANCELLED = OccurrenceStatus.CANCELLED.value


def exception_revisions(session: Session) -> tuple[Counter[int], Counter[int]]:
    """Changes to exceptions per check-in series id and per webinar session id."""
    check_ins: Counter[int] = Counter()
    webinars: Counter[int] = Counter()
    rows = session.execute(
        select(AuditEntry.entity, AuditEntry.action, AuditEntry.summary, AuditEntry.changes).where(
            AuditEntry.entity.in_(("check_in_occurrence", "webinar_occurrence"))
        )
    )
    for entity, action, summary, changes in rows:
        if entity == "check_in_occurrence":
            found = _CHECK_IN_SERIES.search(summary or "")
            if action in CHECK_IN_ACTIONS and found:
                check_ins[int(found.group(1))] += 1
        else:
            found = _WEBINAR_SESSION.search(summary or "")
            if found and _changes_calendar(changes or {}):
                webinars[int(found.group(1))] += 1
    return check_ins, webinars


def _changes_calendar(changes: dict[str, Any]) -> bool:
    """True when a webinar occurrence's start or cancelled state changed."""
    old_status, new_status = (changes.get("status") or [None, None])[:2]
    old_start, new_start = (changes.get("start") or [None, None])[:2]
    return (old_status == _CANCELLED) != (new_status == _CANCELLED) or old_start != new_start
