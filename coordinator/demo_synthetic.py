"""A synthetic programme of any size, the same for the same seed: plain rows, ready to insert.

Spreads follow what a global programme looks like: zones on every continent (half-hour and
45-minute offsets, zones without daylight saving, Sun–Thu and Sat–Wed weeks), languages
that go with the zone, member counts skewed (most communities small, a few very large),
and six months of activity where about half the communities are active and a quarter of
those really active.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from coordinator.domain import MON_FRI, CommunityKind, Weekdays

# (zone, relative weight, languages spoken there, most common first)
ZONES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("Europe/London", 8, ("English",)),
    ("Europe/Dublin", 2, ("English",)),
    ("Europe/Paris", 5, ("French",)),
    ("Europe/Berlin", 6, ("German",)),
    ("Europe/Zurich", 2, ("German", "French")),
    ("Europe/Madrid", 3, ("Spanish",)),
    ("Europe/Rome", 3, ("Italian",)),
    ("Europe/Amsterdam", 2, ("Dutch",)),
    ("Europe/Stockholm", 2, ("Swedish",)),
    ("Europe/Warsaw", 3, ("Polish",)),
    ("Europe/Lisbon", 1, ("Portuguese",)),
    ("Europe/Istanbul", 2, ("Turkish",)),  # no daylight saving
    ("Europe/Moscow", 1, ("Russian",)),  # no daylight saving
    ("America/New_York", 8, ("English",)),
    ("America/Chicago", 5, ("English",)),
    ("America/Denver", 2, ("English",)),
    ("America/Phoenix", 1, ("English",)),  # no daylight saving, unlike its neighbours
    ("America/Los_Angeles", 5, ("English",)),
    ("America/Toronto", 2, ("English", "French")),
    ("America/St_Johns", 1, ("English",)),  # UTC-3:30
    ("America/Mexico_City", 3, ("Spanish",)),
    ("America/Bogota", 1, ("Spanish",)),
    ("America/Lima", 1, ("Spanish",)),
    ("America/Sao_Paulo", 4, ("Portuguese",)),
    ("America/Argentina/Buenos_Aires", 2, ("Spanish",)),
    ("America/Santiago", 1, ("Spanish",)),  # southern-hemisphere daylight saving
    ("Africa/Johannesburg", 2, ("English",)),
    ("Africa/Lagos", 2, ("English",)),
    ("Africa/Nairobi", 1, ("English", "Swahili")),
    ("Africa/Cairo", 1, ("Arabic",)),
    ("Africa/Casablanca", 1, ("French", "Arabic")),
    ("Asia/Kolkata", 7, ("English", "Hindi")),  # UTC+5:30
    ("Asia/Kathmandu", 1, ("Nepali", "English")),  # UTC+5:45
    ("Asia/Dhaka", 1, ("Bengali", "English")),
    ("Asia/Dubai", 2, ("English", "Arabic")),
    ("Asia/Riyadh", 1, ("Arabic",)),
    ("Asia/Tehran", 1, ("Persian",)),  # UTC+3:30
    ("Asia/Jerusalem", 2, ("Hebrew", "English")),
    ("Asia/Singapore", 3, ("English", "Chinese")),
    ("Asia/Shanghai", 5, ("Chinese",)),
    ("Asia/Tokyo", 4, ("Japanese",)),
    ("Asia/Seoul", 2, ("Korean",)),
    ("Asia/Manila", 2, ("English", "Filipino")),
    ("Asia/Jakarta", 1, ("Indonesian",)),
    ("Asia/Ho_Chi_Minh", 1, ("Vietnamese",)),
    ("Australia/Sydney", 3, ("English",)),
    ("Australia/Adelaide", 1, ("English",)),  # UTC+9:30 / +10:30
    ("Australia/Brisbane", 1, ("English",)),  # no daylight saving
    ("Australia/Perth", 1, ("English",)),
    ("Australia/Lord_Howe", 0.2, ("English",)),  # daylight saving of 30 minutes
    ("Pacific/Auckland", 1, ("English", "Maori")),
    ("Pacific/Chatham", 0.2, ("English",)),  # UTC+12:45 / +13:45
    ("Pacific/Honolulu", 0.5, ("English",)),
    ("Antarctica/McMurdo", 0.1, ("English",)),  # a research station's community
)
WORK_WEEKS = {
    "Asia/Jerusalem": "Sun-Thu",
    "Asia/Riyadh": "Sun-Thu",
    "Asia/Dhaka": "Sun-Thu",
    "Africa/Cairo": "Sun-Thu",
    "Asia/Tehran": "Sat-Wed",
}
UNITS = (
    "Finance", "Supply Chain", "HR", "Legal", "Marketing", "Sales Ops", "Customer Care", "R&D",
    "Manufacturing", "Procurement", "IT Service Desk", "Data & Analytics", "Safety",
    "Sustainability", "Engineering", "Quality", "Logistics", "Treasury", "Risk", "Compliance",
    "Product", "Design", "Security", "Cloud Platform", "Field Service", "Retail", "Energy",
    "Communications", "Facilities", "Learning",
)  # fmt: skip
TOPICS = (
    "Agile", "Data", "Leadership", "Lean", "Onboarding", "Sales", "Customer", "Cloud", "Safety",
    "Design", "Security", "Mentoring", "Quality", "Innovation", "Automation", "AI",
    "Accessibility", "Sustainability", "Negotiation", "Writing", "Python", "Excel", "Six Sigma",
    "Storytelling", "Coaching",
)  # fmt: skip
FIRST_NAMES = (
    "Elif", "Omar", "Hana", "Vik", "Ben", "Rosa", "Jun", "Ana", "Kofi", "Quinn", "Chen", "Priya",
    "Lena", "Yara", "Wen", "Ivo", "Farah", "Sven", "Goran", "Uma", "Nia", "Dara", "Mateo",
    "Aiko", "Tariq", "Ingrid", "Sipho", "Mei", "Rahul", "Lucía", "Noa", "Kai", "Amara", "Jonas",
)  # fmt: skip
LAST_NAMES = (
    "Cohen", "Tan", "O'Brien", "García", "Haddad", "Müller", "Mensah", "Kaur", "Nakamura",
    "Kowalski", "Rossi", "Novak", "Lindqvist", "Dubois", "Okafor", "Silva", "Ahmed", "Kim",
    "Petrov", "Yilmaz", "Nguyen", "Santos", "Shapiro", "Mahlangu", "Fernández", "Sato", "Jensen",
    "Banerjee", "Walker", "Moreau",
)  # fmt: skip
KINDS = (
    (CommunityKind.BUSINESS_UNIT, 40),
    (CommunityKind.SHARED_SERVICE, 25),
    (CommunityKind.CROSS_FUNCTIONAL, 25),
    (CommunityKind.EXTERNAL, 10),
)
# Share of members active in a month, per profile (ranges keep monthly noise inside a band).
PROFILES = (("dormant", 0.20), ("quiet", 0.30), ("active", 0.375), ("really active", 0.125))
_SHARE = {"dormant": (0.0, 0.0), "quiet": (0.02, 0.08), "active": (0.12, 0.18)}
_SHARE["really active"] = (0.26, 0.45)
MONTHS = 6


def _cumulative(weights: list[float]) -> list[float]:
    """Running totals, so ``random.choices`` does not recompute them for every row."""
    totals, running = [], 0.0
    for weight in weights:
        running += weight
        totals.append(running)
    return totals


_ZONE_NAMES = [z for z, _w, _l in ZONES]
_ZONE_WEIGHTS = _cumulative([w for _z, w, _l in ZONES])
_SPOKEN = {z: langs for z, _w, langs in ZONES}
_KIND_VALUES = [k for k, _ in KINDS]
_KIND_WEIGHTS = _cumulative([w for _, w in KINDS])
_PROFILE_NAMES = [p for p, _ in PROFILES]
_PROFILE_WEIGHTS = _cumulative([w for _, w in PROFILES])
_CAPACITIES = (8, 9, 10, 11, 12)
_CAPACITY_WEIGHTS = _cumulative([15, 5, 55, 5, 20])


@dataclass
class Programme:
    """Rows for bulk insert; activity rows name their community by list index."""

    communities: list[dict[str, Any]] = field(default_factory=list)
    facilitators: list[dict[str, Any]] = field(default_factory=list)
    activity: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == " ").replace(" ", "")


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of shorter months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def synthesize(communities: int, facilitators: int, seed: int, today: date) -> Programme:
    """A programme of ``communities`` × ``facilitators``; the same seed gives the same rows."""
    rng = random.Random(seed)
    programme = Programme()
    first_month = add_months(today.replace(day=1), -MONTHS)
    names: set[str] = set()
    for index in range(communities):
        zone = rng.choices(_ZONE_NAMES, cum_weights=_ZONE_WEIGHTS)[0]
        row = _community(rng, zone, _SPOKEN[zone], names, today)
        programme.communities.append(row)
        profile = rng.choices(_PROFILE_NAMES, cum_weights=_PROFILE_WEIGHTS)[0]
        for month_row in _activity(rng, row, profile, first_month, today):
            programme.activity.append((index, month_row))
    emails: set[str] = set()
    for _ in range(facilitators):
        zone = rng.choices(_ZONE_NAMES, cum_weights=_ZONE_WEIGHTS)[0]
        programme.facilitators.append(_facilitator(rng, zone, _SPOKEN[zone], emails, today))
    return programme


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return f"{first} {last}", f"{_ascii(first)}.{_ascii(last)}"


def _community(
    rng: random.Random, zone: str, spoken: tuple[str, ...], names: set[str], today: date
) -> dict[str, Any]:
    unit, topic = rng.choice(UNITS), rng.choice(TOPICS)
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    name = f"{unit} {topic} Community"
    if name in names:
        name = f"{unit} {topic} Community {city}"
    suffix = 2
    base = name
    while name in names:
        name = f"{base} {suffix}"
        suffix += 1
    names.add(name)
    host, handle = _person(rng)
    extra = rng.sample([t for t in TOPICS if t != topic], rng.choice((0, 1, 1, 2)))
    members = min(20_000, max(5, int(rng.lognormvariate(4.0, 1.1))))
    language = spoken[0] if rng.random() < 0.65 else rng.choice((*spoken, "English"))
    week = WORK_WEEKS.get(zone)
    return {
        "name": name,
        "kind": rng.choices(_KIND_VALUES, cum_weights=_KIND_WEIGHTS)[0],
        "host_name": host,
        "host_email": f"{handle}@example.com",
        "time_zone": zone,
        "language": language,
        "topics": [t.lower() for t in (topic, *extra)],
        "members": members,
        "created_on": today - timedelta(days=rng.randint(60, 8 * 365)),
        "showcase": False,
        "help_requested_on": None,
        "active": True,
        "host_work_days": Weekdays.parse(week) if week else None,
    }


def _activity(
    rng: random.Random, community: dict[str, Any], profile: str, first: date, today: date
) -> list[dict[str, Any]]:
    members = community["members"]
    low, high = _SHARE[profile]
    base = rng.uniform(low, high)
    # Some communities change course: fading ones drop to quiet, waking ones start posting.
    turn = rng.random()
    rows = []
    for offset in range(MONTHS):
        month = add_months(first, offset)
        if month < community["created_on"].replace(day=1):
            continue
        share = base * rng.uniform(0.9, 1.1)
        if offset >= MONTHS - 2 and turn < 0.08 and profile in ("active", "really active"):
            share = rng.uniform(*_SHARE["quiet"])
        if offset >= MONTHS - 2 and turn < 0.08 and profile == "dormant":
            share = rng.uniform(*_SHARE["quiet"])
        active = max(1, round(members * share)) if share > 0 else 0
        posts = max(1, round(active * rng.uniform(0.4, 2.5))) if active else 0
        replies = round(posts * rng.uniform(0.5, 2.0))
        rows.append({"month": month, "active_members": active, "posts": posts, "replies": replies})
    if profile == "really active" and rng.random() < 0.15:
        community["showcase"] = True
    if profile in ("dormant", "quiet") and rng.random() < 0.06:
        community["help_requested_on"] = today - timedelta(days=rng.randint(0, 60))
    return rows


def _facilitator(
    rng: random.Random, zone: str, spoken: tuple[str, ...], emails: set[str], today: date
) -> dict[str, Any]:
    name, handle = _person(rng)
    email, number = f"{handle}@example.org", 2
    while email in emails:
        email, number = f"{handle}{number}@example.org", number + 1
    emails.add(email)
    languages = list(spoken[:2])
    if "English" not in languages and rng.random() < 0.85:
        languages.append("English")
    if rng.random() < 0.2:
        other = rng.choice(("Spanish", "French", "German", "Portuguese", "Arabic", "Chinese"))
        if other not in languages:
            languages.append(other)
    start_minutes = rng.choice((7 * 60, 7 * 60 + 30, 8 * 60, 8 * 60 + 30, 9 * 60, 9 * 60 + 30))
    full_time = rng.random() < 0.8
    length = rng.choice((480, 510, 540) if full_time else (240, 300, 360))
    end_minutes = start_minutes + length
    week = Weekdays.parse(WORK_WEEKS[zone]) if zone in WORK_WEEKS else MON_FRI
    if rng.random() < 0.15:
        week = Weekdays.of(_first_four(week))  # a four-day week
    available_from = today.replace(day=1)
    until = None
    if rng.random() < 0.15:
        until = add_months(available_from, rng.randint(6, 12)) - timedelta(days=1)
    return {
        "name": name,
        "email": email,
        "time_zone": zone,
        "languages": languages,
        "skills": [t.lower() for t in rng.sample(TOPICS, rng.choice((2, 2, 3)))],
        "work_start": time(start_minutes // 60, start_minutes % 60),
        "work_end": time(end_minutes // 60, end_minutes % 60),
        "work_days": week,
        "capacity": rng.choices(_CAPACITIES, cum_weights=_CAPACITY_WEIGHTS)[0],
        "available_from": available_from,
        "available_until": until,
        "active": True,
    }


def _first_four(week: Weekdays) -> list[int]:
    """The first four days of a wrapping week such as Sun-Thu (→ Sun-Wed)."""
    start = next(d for d in week.days if (d - 1) % 7 not in week.days)
    return [(start + k) % 7 for k in range(4)]
