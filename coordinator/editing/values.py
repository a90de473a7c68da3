"""What a person edits on a community or volunteer, the rules it must follow, and edit results."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Literal

from coordinator.domain import MON_FRI, CommunityKind, Weekdays, check_time_zone

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

Entity = Literal["community", "facilitator"]


class EditError(Exception):
    """An edit that was not made; the message is meant for a person."""


class EditConflict(EditError):
    """The record changed or disappeared since it was read (someone else saved)."""


class EditRefused(EditError):
    """The values are not valid; ``problems`` maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class CommunityFields:
    """The values a person edits on a community."""

    name: str
    time_zone: str
    kind: CommunityKind = CommunityKind.BUSINESS_UNIT
    host_name: str = ""
    host_email: str = ""
    language: str = "English"
    members: int = 0
    topics: tuple[str, ...] = ()
    created_on: date | None = None
    showcase: bool = False
    help_requested_on: date | None = None
    notes: str = ""
    active: bool = True
    host_work_start: time | None = None
    host_work_end: time | None = None
    host_work_days: Weekdays | None = None


@dataclass(frozen=True)
class FacilitatorFields:
    """The values a person edits on a volunteer facilitator."""

    name: str
    email: str
    time_zone: str
    work_start: time = time(9, 0)
    work_end: time = time(17, 0)
    work_days: Weekdays = MON_FRI
    languages: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    capacity: int = 10
    available_from: date | None = None
    available_until: date | None = None
    notes: str = ""
    active: bool = True


_LIST_FIELDS = {"topics", "languages", "skills"}


def _zone_problem(zone: str) -> str | None:
    try:
        check_time_zone(zone)
    except ValueError as exc:
        return str(exc)
    except OSError:  # "Africa/" names a folder of the tz database, which ZoneInfo cannot open
        return f"unknown time zone {zone.strip()!r} (expected an IANA name such as Asia/Kolkata)"
    return None


def community_problems(
    values: CommunityFields, taken_names: dict[str, int] | None = None, own_id: int | None = None
) -> dict[str, str]:
    """What is wrong with ``values``, per field (empty when valid)."""
    problems: dict[str, str] = {}
    name = values.name.strip()
    if not name:
        problems["name"] = "a name is required"
    elif taken_names and taken_names.get(name.casefold(), own_id) != own_id:
        problems["name"] = "another community already has this name"
    if values.host_email.strip() and not _EMAIL.match(values.host_email.strip()):
        problems["host_email"] = "not an e-mail address"
    if zone_problem := _zone_problem(values.time_zone):
        problems["time_zone"] = zone_problem
    if not values.language.strip():
        problems["language"] = "a language is required"
    if values.members < 0:
        problems["members"] = "cannot be negative"
    start, end = values.host_work_start, values.host_work_end
    if (start is None) != (end is None):
        problems["host_work"] = "give both start and end, or neither"
    elif start is not None and end is not None and end <= start:
        problems["host_work"] = "working hours must end after they start"
    return problems


def facilitator_problems(
    values: FacilitatorFields, taken_emails: dict[str, int] | None = None, own_id: int | None = None
) -> dict[str, str]:
    """What is wrong with ``values``, per field (empty when valid)."""
    problems: dict[str, str] = {}
    if not values.name.strip():
        problems["name"] = "a name is required"
    email = values.email.strip().lower()
    if not email:
        problems["email"] = "an e-mail address is required"
    elif not _EMAIL.match(email):
        problems["email"] = "not an e-mail address"
    elif taken_emails and taken_emails.get(email, own_id) != own_id:
        problems["email"] = "another volunteer already has this e-mail"
    if zone_problem := _zone_problem(values.time_zone):
        problems["time_zone"] = zone_problem
    if values.work_end <= values.work_start:
        problems["work_hours"] = "working hours must end after they start"
    if not values.languages:
        problems["languages"] = "name at least one language"
    if not 0 <= values.capacity <= 100:
        problems["capacity"] = "between 0 and 100 communities"
    start, until = values.available_from, values.available_until
    if start and until and until < start:
        problems["available"] = "available until must not be before available from"
    return problems


@dataclass(frozen=True)
class Saved:
    """A record as it stands after a write: its id, new version and name."""

    entity: Entity
    id: int
    version: int
    name: str


@dataclass(frozen=True)
class Updated:
    """An update: the record after it, and the values before (what an undo puts back)."""

    saved: Saved
    before: CommunityFields | FacilitatorFields


@dataclass(frozen=True)
class Deleted:
    """A deleted record with everything needed to restore it under the same id."""

    entity: Entity
    id: int
    values: CommunityFields | FacilitatorFields
    activity: tuple[tuple[date, int, int, int], ...] = ()


@dataclass(frozen=True)
class BulkChange:
    """One field changed on several records; ``revert`` puts ``before`` back."""

    entity: Entity
    field: str
    before: dict[int, Any]
    after: dict[int, Any]
    versions: dict[int, int]  # versions after the change, checked by the revert

    def __len__(self) -> int:
        return len(self.after)
