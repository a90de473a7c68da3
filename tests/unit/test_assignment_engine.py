"""Every assignment criterion, through ``propose`` on a real (fresh) database."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, time

import pytest

from coordinator.assignment import accept_proposal, propose
from coordinator.db import Database
from coordinator.domain import HealthBand
from coordinator.settings import load_settings, save_settings
from tests.unit.test_assignment_support import START, assign, community, volunteer


def placed(proposal) -> dict[str, str]:
    """Community name → volunteer name for added/moved/unchanged entries."""
    return {c.community_name: c.facilitator_name for c in proposal.changes}


def why(proposal, name: str) -> str:
    return next(u.reason for u in proposal.unassigned if u.community_name == name)


def set_min_overlap(database: Database, minutes: int) -> None:
    with database.unit_of_work() as s:
        save_settings(s, replace(load_settings(s), min_overlap_minutes=minutes))


def test_reason_names_overlap_language_topic_and_need(database: Database) -> None:
    with database.unit_of_work() as s:
        volunteer(s, "Ana", "Europe/Madrid", languages=["Spanish", "English"], skills=["Lean"])
        community(s, "Lean Sevilla", "Europe/Madrid", language="Spanish", topics=["lean"],
                  help_requested_on=date(2026, 5, 20))  # fmt: skip
    proposal = propose(database, start=START)
    (added,) = proposal.added
    assert added.reason == (
        "40.1 h shared working time a week, both speak Spanish, topic: lean, help requested"
    )
    assert (added.starts_on, added.ends_on) == (START, date(2026, 12, 1))


def test_overlap_is_computed_on_real_dates_dst_decides(database: Database) -> None:
    # London host 07:00-15:00; Tokyo volunteer 09:00-17:00 (no DST in Japan). During British
    # summer time they share 2 h a day, in winter 1 h: 10 h vs 5 h a week.
    set_min_overlap(database, 6 * 60)
    with database.unit_of_work() as s:
        volunteer(s, "Kenji", "Asia/Tokyo")
        community(s, "London Ops", "Europe/London", host_hours=(time(7), time(15)))
    summer = propose(database, start=date(2026, 4, 1))
    winter = propose(database, start=date(2026, 11, 1))
    assert placed(summer) == {"London Ops": "Kenji"}
    assert summer.added[0].reason.startswith("10 h shared working time a week")
    assert not winter.changes
    assert "shares 6 h of working time a week with the host" in why(winter, "London Ops")
    assert "Europe/London, 07:00–15:00 Mon-Fri" in why(winter, "London Ops")


def test_sun_thu_host_week_shares_only_common_days(database: Database) -> None:
    with database.unit_of_work() as s:
        volunteer(s, "Dana", "Asia/Jerusalem", days="Mon-Fri")
        volunteer(s, "Fri Only", "Asia/Jerusalem", days="Fri", capacity=5)
        community(s, "Tel Aviv R&D", "Asia/Jerusalem", host_days="Sun-Thu",
                  host_hours=(time(9), time(17)))  # fmt: skip
        community(s, "Haifa QA", "Asia/Jerusalem", host_days="Sun-Thu",
                  host_hours=(time(9), time(17)))  # fmt: skip
    proposal = propose(database, start=START)
    # Mon-Thu are shared with Dana (4 × 8 h, a little more on average over the period);
    # the Friday-only volunteer shares nothing with a Sun-Thu host.
    assert set(placed(proposal).values()) == {"Dana"}
    assert all(c.reason.startswith("32") for c in proposal.added)


def test_language_is_a_hard_constraint(database: Database) -> None:
    with database.unit_of_work() as s:
        volunteer(s, "Near", "Europe/Madrid", languages=["English"])
        volunteer(s, "Far", "America/Sao_Paulo", languages=["Spanish"])
        community(s, "Madrid Finance", "Europe/Madrid", language="Spanish")
        community(s, "Lisbon Ops", "Europe/Lisbon", language="Portuguese")
    proposal = propose(database, start=START)
    assert placed(proposal) == {"Madrid Finance": "Far"}
    assert "both speak Spanish" in proposal.added[0].reason
    assert why(proposal, "Lisbon Ops") == "no available volunteer speaks Portuguese"


def test_skills_matching_topics_win(database: Database) -> None:
    with database.unit_of_work() as s:
        volunteer(s, "Generalist", skills=["writing"])
        volunteer(s, "Lean Expert", skills=["six sigma", "LEAN"])
        community(s, "Plant Lean", topics=["lean", "six sigma"])
    proposal = propose(database, start=START)
    assert placed(proposal) == {"Plant Lean": "Lean Expert"}
    assert "topics: lean, six sigma" in proposal.added[0].reason


@pytest.mark.parametrize(
    ("needy", "kwargs", "label"),
    [
        ("Asked for help", {"help_requested_on": date(2026, 5, 1)}, "help requested"),
        ("Brand new", {"created_on": date(2026, 5, 1)}, "new community"),
        ("Gone quiet", {"band": HealthBand.DORMANT}, "dormant"),
    ],
)
def test_priority_wins_when_capacity_is_short(database: Database, needy, kwargs, label) -> None:
    with database.unit_of_work() as s:
        volunteer(s, "Only One", capacity=1, skills=["lean"])
        # The thriving community fits better (topic match), the needy one still comes first.
        community(s, "Thriving", topics=["lean"], band=HealthBand.REALLY_ACTIVE)
        community(s, needy, topics=["pottery"], **kwargs)
    proposal = propose(database, start=START)
    assert placed(proposal) == {needy: "Only One"}
    assert proposal.added[0].reason.endswith(label)
    assert (
        why(proposal, "Thriving") == "no capacity left: the 1 volunteer who fits (Only One) is full"
    )


def test_caseloads_get_a_balanced_mix_of_health_bands(database: Database) -> None:
    with database.unit_of_work() as s:
        volunteer(s, "Ann", capacity=2)
        volunteer(s, "Ben", capacity=2)
        for k in range(2):
            community(s, f"Dormant {k}", band=HealthBand.DORMANT)
            community(s, f"Buzzing {k}", band=HealthBand.REALLY_ACTIVE)
    proposal = propose(database, start=START)
    mix = Counter((c.facilitator_name, c.community_name.split()[0]) for c in proposal.added)
    assert mix == Counter({("Ann", "Dormant"): 1, ("Ann", "Buzzing"): 1,
                           ("Ben", "Dormant"): 1, ("Ben", "Buzzing"): 1})  # fmt: skip


def test_capacity_is_never_exceeded_and_counts_existing_caseload(database: Database) -> None:
    with database.unit_of_work() as s:
        vol = volunteer(s, "Busy", capacity=3)
        for k in range(2):
            assign(s, vol, community(s, f"Held {k}"))
        for k in range(4):
            community(s, f"New {k}")
    proposal = propose(database, start=START)
    assert len(proposal.added) == 1
    assert len(proposal.unchanged) == 2
    assert len(proposal.unassigned) == 3


def test_availability_dates_and_inactive_volunteers(database: Database) -> None:
    with database.unit_of_work() as s:
        volunteer(s, "Later", available_from=date(2026, 7, 1))
        volunteer(s, "Gone", available_until=date(2026, 5, 31))
        volunteer(s, "Retired", active=False)
        community(s, "Waiting")
    proposal = propose(database, start=START)
    assert why(proposal, "Waiting") == "no volunteer is available on 2026-06-01"
    later = propose(database, start=date(2026, 7, 1))
    assert placed(later) == {"Waiting": "Later"}


def test_assignment_ends_with_the_volunteers_availability(database: Database) -> None:
    with database.unit_of_work() as s:
        volunteer(s, "Short Stay", available_until=date(2026, 9, 30))
        community(s, "Quick Help")
    (added,) = propose(database, start=START).added
    assert added.ends_on == date(2026, 9, 30)
    assert "end of Short Stay's availability" in added.reason


def test_existing_and_pinned_assignments_stay_and_rerun_changes_nothing(database: Database) -> None:
    with database.unit_of_work() as s:
        poor = volunteer(s, "Poor Fit", "America/Los_Angeles")
        volunteer(s, "Great Fit", skills=["data"])
        assign(s, poor, community(s, "Kept", topics=["data"]))
        for k in range(3):
            community(s, f"Open {k}", topics=["data"])
    first = propose(database, start=START)
    assert [c.community_name for c in first.unchanged] == ["Kept"]
    accept_proposal(database, first)
    again = propose(database, start=START)
    assert not again.has_changes
    assert placed(again) == placed(first)


def test_rerun_of_rebalance_changes_nothing(database: Database) -> None:
    with database.unit_of_work() as s:
        for k in range(3):
            volunteer(s, f"Twin {k}", capacity=2)
        for k in range(5):
            community(s, f"Same {k}")
    accept_proposal(database, propose(database, start=START))
    rebalanced = propose(database, start=START, rebalance=True)
    assert not rebalanced.has_changes
    assert len(rebalanced.unchanged) == 5


def test_rebalance_moves_only_when_clearly_better(database: Database) -> None:
    with database.unit_of_work() as s:
        far = volunteer(s, "Far Away", "America/Chicago")  # 1 h a day with Berlin
        slightly = volunteer(s, "Slightly Worse", skills=[])
        volunteer(s, "Best Match", skills=["lean", "data"])
        pinned_far = community(s, "Pinned Far", topics=["lean"])
        assign(s, far, pinned_far, pinned=True)
        assign(s, far, community(s, "Thin Overlap", topics=["lean"]))
        assign(s, slightly, community(s, "Near Enough"))
    proposal = propose(database, start=START, rebalance=True)
    moved = {c.community_name: (c.previous_facilitator_name, c.facilitator_name)
             for c in proposal.moved}  # fmt: skip
    assert moved == {"Thin Overlap": ("Far Away", "Best Match")}
    assert {c.community_name for c in proposal.unchanged} == {"Pinned Far", "Near Enough"}
    # A plain re-run (no rebalance) never moves anything.
    assert not propose(database, start=START).moved


def test_infeasible_reasons_name_the_constraint(database: Database) -> None:
    with database.unit_of_work() as s:
        community(s, "Alone")
    assert why(propose(database, start=START), "Alone") == "no active volunteer"
    with database.unit_of_work() as s:
        volunteer(s, "Kiwi", "Pacific/Auckland", languages=["English", "Maori"])
        volunteer(s, "Berliner", "Europe/Berlin", languages=["German"])
        community(s, "Far Maori", "Europe/Berlin", language="Maori")
        # 06:00-08:00 in Honolulu is 16:00-18:00 UTC: after Berlin, before Auckland.
        community(s, "Honolulu Early", "Pacific/Honolulu", host_hours=(time(6), time(8)))
    proposal = propose(database, start=START)
    assert why(proposal, "Far Maori") == (
        "no available volunteer both speaks Maori and shares 1 h of working time a week "
        "with the host"
    )
    honolulu = why(proposal, "Honolulu Early")
    assert honolulu.startswith("no available volunteer shares 1 h of working time a week")
    assert "best:" in honolulu


def test_rebalance_replaces_an_inactive_volunteer_but_never_strands_a_community(
    database: Database,
) -> None:
    with database.unit_of_work() as s:
        leaving = volunteer(s, "Leaving")
        volunteer(s, "Stayer", languages=["English"])
        assign(s, leaving, community(s, "English Hub"))
        assign(s, leaving, community(s, "Basque Hub", language="Basque"))
        leaving.active = False
    proposal = propose(database, start=START, rebalance=True)
    assert placed(proposal) == {"English Hub": "Stayer"}
    assert why(proposal, "Basque Hub") == (
        "no available volunteer speaks Basque; stays with Leaving until someone fits"
    )
    accept_proposal(database, proposal)
    again = propose(database, start=START)
    assert {c.community_name: c.facilitator_name for c in again.unchanged} == {
        "English Hub": "Stayer",
        "Basque Hub": "Leaving",
    }
