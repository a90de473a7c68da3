"""Sentences a person can read: why a pair was chosen, why a community was left out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray

from coordinator.assignment.costs import CostModel, Weights, priority_labels
from coordinator.assignment.programme import CommunityRow, VolunteerRow
from coordinator.worktime import WorkWeek

MAX_NAMES = 3


def format_duration(minutes: float) -> str:
    """``45 min``, ``1 h``, ``6.5 h``."""
    if minutes < 59.95:
        return f"{round(minutes)} min"
    return f"{minutes / 60:.1f}".rstrip("0").rstrip(".") + " h"


def describe_week(week: WorkWeek) -> str:
    """``Europe/Berlin, 09:00–17:00 Mon-Fri``."""
    return f"{week.time_zone}, {week.start:%H:%M}–{week.end:%H:%M} {week.days.to_text()}"


def matched_topics(community: CommunityRow, volunteer: VolunteerRow) -> list[str]:
    """The community's topics that are among the volunteer's skills (community's spelling)."""
    skills = {s.strip().casefold() for s in volunteer.skills}
    return [t for t in community.topics if t.strip().casefold() in skills]


def names(volunteers: Sequence[VolunteerRow]) -> str:
    """A short list of names: ``Ana, Bo, Cy and 4 more``."""
    shown = [v.name for v in volunteers[:MAX_NAMES]]
    extra = len(volunteers) - len(shown)
    return ", ".join(shown) + (f" and {extra} more" if extra > 0 else "")


def pair_reason(
    community: CommunityRow,
    volunteer: VolunteerRow,
    overlap_minutes: float,
    start: date,
    weights: Weights | None = None,
) -> str:
    """``6.5 h shared working time a week, both speak Spanish, topic: lean, help requested``."""
    parts = [f"{format_duration(overlap_minutes)} shared working time a week"]
    if community.language:
        spoken = {lang.strip().casefold() for lang in volunteer.languages}
        if community.language.casefold() in spoken:
            parts.append(f"both speak {community.language}")
        else:
            parts.append(f"{volunteer.name} does not speak {community.language}")
    topics = matched_topics(community, volunteer)
    if topics:
        parts.append(("topic: " if len(topics) == 1 else "topics: ") + ", ".join(topics))
    elif community.topics:
        parts.append("no topic match")
    parts.extend(priority_labels(community, start, weights or Weights()))
    return ", ".join(parts)


def why_unassigned(
    model: CostModel, row: int, free: NDArray[np.int64], min_overlap_minutes: int
) -> tuple[str, ...]:
    """Which hard constraints eliminate every volunteer for one community (or: all are full)."""
    community = model.communities[row]
    volunteers = model.volunteers
    if not any(v.active for v in volunteers):
        return ("no active volunteer",)
    available = model.available
    if not available.any():
        return (f"no volunteer is available on {model.start.isoformat()}",)
    minimum = format_duration(min_overlap_minutes)
    speaks = model.speaks[row] & available
    enough = model.enough_overlap[row] & available
    reasons: list[str] = []
    if community.language and not speaks.any():
        reasons.append(f"no available volunteer speaks {community.language}")
    if not enough.any():
        overlaps = np.where(available, model.overlap.row(row), -1.0)
        best = int(np.argmax(overlaps))
        reasons.append(
            f"no available volunteer shares {minimum} of working time a week with the host "
            f"({describe_week(community.host_week)}; best: "
            f"{format_duration(max(overlaps[best], 0.0))} with {volunteers[best].name})"
        )
    if reasons:
        return tuple(reasons)
    fits = np.flatnonzero(model.eligible[row])
    if len(fits) == 0:
        if model.excluded[row] and (speaks & enough).any():
            current = volunteers[int(model.current[row])]
            return (f"only {current.name} fits, and a new volunteer is wanted (rotation)",)
        language = f"speaks {community.language} and " if community.language else ""
        return (
            f"no available volunteer both {language}shares {minimum} of working time "
            "a week with the host",
        )
    full = [volunteers[j] for j in fits if free[j] <= 0]
    if len(full) == len(fits):
        if len(fits) == 1:
            return (f"no capacity left: the 1 volunteer who fits ({full[0].name}) is full",)
        return (f"no capacity left: the {len(fits)} volunteers who fit ({names(full)}) are full",)
    return ("the volunteers who fit were needed for higher-priority communities",)
