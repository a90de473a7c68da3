"""Test data for the window's tests and benchmarks: the sample programme or a synthetic one."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from coordinator.db import Database
from coordinator.demo import load_sample
from coordinator.domain import AssignmentStatus, CommunityKind
from coordinator.models import ActivitySnapshot, Assignment, Community, Facilitator

ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Africa/Nairobi",
)
LANGUAGES = ("English", "Spanish", "Japanese", "German", "Portuguese", "Hindi")


def load_sample_programme(database: Database, *, assign: int = 30) -> None:
    """The 56-community sample, plus a first caseload for ``assign`` communities.

    The sample has no assignments (the assignment engine makes them); a few are added here so
    the Volunteer and Load columns show what a running programme looks like.
    """
    load_sample(database, shift_to_today=True)
    if not assign:
        return
    with database.unit_of_work() as session:
        volunteers = session.scalars(select(Facilitator.id).order_by(Facilitator.id)).all()
        communities = session.scalars(
            select(Community.id).order_by(Community.id).limit(assign)
        ).all()
        today = date.today()
        for i, community_id in enumerate(communities):
            session.add(
                Assignment(
                    facilitator_id=volunteers[i % len(volunteers)],
                    community_id=community_id,
                    starts_on=today,
                    ends_on=today + timedelta(days=182),
                )
            )


def make_programme(
    database: Database, communities: int, volunteers: int = 0, seed: int = 7
) -> None:
    """A synthetic programme with activity and caseloads, inserted in bulk."""
    rng = random.Random(seed)
    kinds = list(CommunityKind)
    with database.unit_of_work() as session:
        session.execute(
            insert(Community),
            [
                {
                    "name": f"Community {i:05d}",
                    "kind": kinds[i % len(kinds)],
                    "host_name": f"Host {i}",
                    "host_email": f"host{i}@example.com",
                    "time_zone": ZONES[i % len(ZONES)],
                    "language": LANGUAGES[i % len(LANGUAGES)],
                    "members": rng.randint(5, 600),
                    "topics": ["lean", "data"] if i % 3 else ["cloud"],
                    "showcase": i % 17 == 0,
                    "help_requested_on": date(2026, 1, 1) if i % 23 == 0 else None,
                    "active": i % 41 != 0,
                }
                for i in range(communities)
            ],
        )
        session.execute(
            insert(ActivitySnapshot),
            [
                {
                    "community_id": c + 1,
                    "month": date(2025, m, 1),
                    "active_members": rng.randint(0, 80),
                    "posts": rng.randint(0, 50),
                    "replies": rng.randint(0, 50),
                }
                for c in range(communities)
                for m in range(1, 13)
            ],
        )
        if volunteers:
            session.execute(
                insert(Facilitator),
                [
                    {
                        "name": f"Volunteer {v:04d}",
                        "email": f"volunteer{v}@example.com",
                        "time_zone": ZONES[v % len(ZONES)],
                        "languages": [LANGUAGES[v % len(LANGUAGES)], "English"],
                        "skills": ["coaching"],
                        "capacity": 10,
                    }
                    for v in range(volunteers)
                ],
            )
            session.execute(
                insert(Assignment),
                [
                    {
                        "facilitator_id": c % volunteers + 1,
                        "community_id": c + 1,
                        "starts_on": date(2026, 1, 1),
                        "ends_on": date(2026, 7, 1),
                        "status": AssignmentStatus.ACTIVE,
                    }
                    for c in range(0, communities, 2)
                ],
            )
