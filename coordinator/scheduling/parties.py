"""The two parties of a check-in (volunteer and host) as plain working weeks."""

from __future__ import annotations

from dataclasses import dataclass

from coordinator.models import Community, Facilitator
from coordinator.settings import Settings
from coordinator.worktime import WorkWeek


@dataclass(frozen=True, slots=True)
class Party:
    """A person whose working hours matter to the schedule: a volunteer or a community's host."""

    key: str  # "facilitator:<id>" or "host:<community id>"
    name: str
    role: str  # "volunteer" or "host"
    week: WorkWeek
    email: str = ""

    @property
    def time_zone(self) -> str:
        return self.week.time_zone


def volunteer_week(facilitator: Facilitator) -> WorkWeek:
    """The volunteer's working week in their own zone."""
    return WorkWeek(
        facilitator.time_zone, facilitator.work_start, facilitator.work_end, facilitator.work_days
    )


def host_week(community: Community, settings: Settings) -> WorkWeek:
    """The host's working week; unset hours and days fall back to the settings' defaults."""
    return WorkWeek(
        community.time_zone,
        community.host_work_start or settings.host_work_start,
        community.host_work_end or settings.host_work_end,
        community.host_work_days or settings.host_work_days,
    )


def volunteer_party(facilitator: Facilitator) -> Party:
    """A volunteer as a planner row."""
    return Party(
        f"facilitator:{facilitator.id}",
        facilitator.name,
        "volunteer",
        volunteer_week(facilitator),
        facilitator.email,
    )


def host_party(community: Community, settings: Settings) -> Party:
    """A community's host as a planner row (named after the host, or the community)."""
    name = community.host_name or f"Host of {community.name}"
    return Party(
        f"host:{community.id}",
        f"{name} ({community.name})" if community.host_name else name,
        "host",
        host_week(community, settings),
        community.host_email,
    )
