"""Programme settings stored in the database, with their defaults and validation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coordinator.domain import MON_FRI, Cadence, Weekdays, parse_clock
from coordinator.models import Setting


@dataclass(frozen=True)
class HealthThresholds:
    """Monthly thresholds for the health bands on the share of members active that month.

    A month with no active member or no post/reply is dormant; see ``coordinator.health``.
    """

    quiet_share: float = 0.0  # above this (with some activity): at least quiet
    active_share: float = 0.10  # at or above this: active
    really_active_share: float = 0.22  # at or above this: really active


@dataclass(frozen=True)
class Settings:
    """Every programme-wide default the lead can change in the Settings dialog."""

    default_capacity: int = 10
    hand_holding_months: int = 6
    check_in_cadence: Cadence = Cadence.WEEKLY
    check_in_minutes: int = 30
    reminder_lead_minutes: tuple[int, ...] = (24 * 60, 15)
    host_work_start: time = time(9, 0)
    host_work_end: time = time(17, 0)
    host_work_days: Weekdays = MON_FRI
    overdue_days: int = 14
    min_overlap_minutes: int = 60
    health: HealthThresholds = field(default_factory=HealthThresholds)
    backups_kept: int = 10  # automatic and manual backups of the database file, newest first

    def validate(self) -> None:
        """Raise ``ValueError`` naming the first setting that makes no sense."""
        if self.default_capacity < 0:
            raise ValueError("default capacity cannot be negative")
        if not 1 <= self.hand_holding_months <= 36:
            raise ValueError("hand-holding months must be between 1 and 36")
        if not 5 <= self.check_in_minutes <= 240:
            raise ValueError("check-in length must be between 5 and 240 minutes")
        if any(m < 0 for m in self.reminder_lead_minutes):
            raise ValueError("reminder lead times cannot be negative")
        if self.host_work_end <= self.host_work_start:
            raise ValueError("host working hours must end after they start")
        if self.overdue_days < 1:
            raise ValueError("overdue after must be at least one day")
        if self.min_overlap_minutes < 5:
            raise ValueError("minimum overlap must be at least 5 minutes")
        if not 1 <= self.backups_kept <= 100:
            raise ValueError("backups kept must be between 1 and 100")


def _to_json(settings: Settings) -> dict[str, Any]:
    data = asdict(settings)
    data["check_in_cadence"] = settings.check_in_cadence.value
    data["reminder_lead_minutes"] = list(settings.reminder_lead_minutes)
    data["host_work_start"] = settings.host_work_start.strftime("%H:%M")
    data["host_work_end"] = settings.host_work_end.strftime("%H:%M")
    data["host_work_days"] = settings.host_work_days.to_text()
    return data


def _from_json(stored: dict[str, Any]) -> Settings:
    default = Settings()
    values: dict[str, Any] = {}
    names = {f.name for f in fields(Settings)}
    for key, raw in stored.items():
        if key not in names:
            continue  # a setting from a newer or older version: ignored, not fatal
        if key == "check_in_cadence":
            values[key] = Cadence(raw)
        elif key == "reminder_lead_minutes":
            values[key] = tuple(int(v) for v in raw)
        elif key in ("host_work_start", "host_work_end"):
            values[key] = parse_clock(raw)
        elif key == "host_work_days":
            values[key] = Weekdays.parse(raw)
        elif key == "health":
            known = {f.name for f in fields(HealthThresholds)}
            values[key] = HealthThresholds(**{k: v for k, v in raw.items() if k in known})
        else:
            values[key] = type(getattr(default, key))(raw)
    return replace(default, **values)


def load_settings(session: Session) -> Settings:
    """The stored settings merged over the defaults."""
    stored = {row.key: row.value for row in session.scalars(select(Setting))}
    return _from_json(stored)


def save_settings(session: Session, settings: Settings) -> None:
    """Validate and store every setting (inside the caller's transaction)."""
    settings.validate()
    existing = {row.key: row for row in session.scalars(select(Setting))}
    for key, value in _to_json(settings).items():
        row = existing.get(key)
        if row is None:
            session.add(Setting(key=key, value=value))
        elif row.value != value:
            row.value = value
