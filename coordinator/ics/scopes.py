"""What a calendar file holds: one volunteer, one community, the webinars or the whole programme."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coordinator.models import Community, Facilitator


class ScopeKind(StrEnum):
    VOLUNTEER = "volunteer"  # their check-ins and every webinar session
    COMMUNITY = "community"  # its check-ins (with whichever volunteer coached it)
    WEBINARS = "webinars"  # every session of every webinar
    PROGRAMME = "programme"  # everything


class ScopeError(ValueError):
    """The scope asked for does not exist; the message says what does."""


@dataclass(frozen=True, slots=True)
class CalendarScope:
    """A calendar's contents, with the names its file and its clients show."""

    kind: ScopeKind
    facilitator_id: int | None = None
    community_id: int | None = None
    label: str = ""  # the volunteer's or community's name
    email: str = ""  # the volunteer's e-mail

    @property
    def check_ins(self) -> bool:
        return self.kind != ScopeKind.WEBINARS

    @property
    def webinars(self) -> bool:
        return self.kind != ScopeKind.COMMUNITY

    @property
    def title(self) -> str:
        """The calendar's name in clients (X-WR-CALNAME / NAME)."""
        if self.kind == ScopeKind.VOLUNTEER:
            return f"CoP check-ins and webinars — {self.label}"
        if self.kind == ScopeKind.COMMUNITY:
            return f"CoP check-ins — {self.label}"
        if self.kind == ScopeKind.WEBINARS:
            return "CoP webinars"
        return "CoP programme — all check-ins and webinars"

    @property
    def uid(self) -> str:
        """A stable UID for the calendar itself (RFC 7986), the same at every export."""
        key = self.facilitator_id or self.community_id
        return f"calendar-{self.kind.value}{f'-{key}' if key else ''}@coordinator"

    @property
    def file_stem(self) -> str:
        """A file name (without ``.ics``) that says what is inside."""
        if self.kind == ScopeKind.VOLUNTEER:
            return safe_file_stem(self.email or self.label)
        if self.kind == ScopeKind.COMMUNITY:
            return safe_file_stem(self.label)
        return self.kind.value


def safe_file_stem(text: str) -> str:
    """A file name part made of letters, digits, ``.``, ``_`` and ``-`` only (``@`` → ``-at-``)."""
    text = text.strip().lower().replace("@", "-at-")
    stem = re.sub(r"[^a-z0-9._-]+", "_", text).strip("._-")
    return stem[:120] or "calendar"


def volunteer_scope(session: Session, facilitator_id: int) -> CalendarScope:
    """The calendar of one volunteer (by id)."""
    person = session.get(Facilitator, facilitator_id)
    if person is None:
        raise ScopeError(f"There is no volunteer with id {facilitator_id}.")
    return CalendarScope(ScopeKind.VOLUNTEER, person.id, None, person.name, person.email)


def community_scope(session: Session, community_id: int) -> CalendarScope:
    """The calendar of one community's check-ins (by id)."""
    item = session.get(Community, community_id)
    if item is None:
        raise ScopeError(f"There is no community with id {community_id}.")
    return CalendarScope(ScopeKind.COMMUNITY, None, item.id, item.name)


def volunteer_choices(session: Session) -> list[tuple[int, str, str]]:
    """(id, name, e-mail) of every volunteer, active ones first, for a picker."""
    rows = session.execute(
        select(Facilitator.id, Facilitator.name, Facilitator.email, Facilitator.active).order_by(
            Facilitator.active.desc(), Facilitator.name
        )
    )
    return [(row.id, row.name, row.email) for row in rows]


def community_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every community, active ones first, for a picker."""
    rows = session.execute(
        select(Community.id, Community.name).order_by(Community.active.desc(), Community.name)
    )
    return [(row.id, row.name) for row in rows]


def resolve_scope(
    session: Session,
    *,
    facilitator: str | None = None,
    community: str | None = None,
    webinars: bool = False,
) -> CalendarScope:
    """The scope named on the command line: an e-mail, a community name, webinars or all."""
    chosen = [
        name
        for name, on in (
            ("--facilitator", facilitator),
            ("--community", community),
            ("--webinars", webinars),
        )
        if on
    ]
    if len(chosen) > 1:
        raise ScopeError(
            f"Choose one of {' / '.join(chosen)}: a volunteer's calendar already holds every "
            "webinar session, and a community's holds only its check-ins."
        )
    if facilitator:
        email = facilitator.strip().lower()
        found = session.scalars(select(Facilitator).where(Facilitator.email == email)).first()
        if found is None:
            known = session.scalars(select(Facilitator.email)).all()
            raise ScopeError(
                f"No volunteer has the e-mail {facilitator!r}.{_suggest(email, known)}"
            )
        return CalendarScope(ScopeKind.VOLUNTEER, found.id, None, found.name, found.email)
    if community:
        name = community.strip()
        found_c = session.scalars(
            select(Community).where(func.lower(Community.name) == name.lower())
        ).first()
        if found_c is None:
            known = session.scalars(select(Community.name)).all()
            raise ScopeError(f"No community is called {community!r}.{_suggest(name, known)}")
        return CalendarScope(ScopeKind.COMMUNITY, None, found_c.id, found_c.name)
    if webinars:
        return CalendarScope(ScopeKind.WEBINARS)
    return CalendarScope(ScopeKind.PROGRAMME)


def _suggest(wanted: str, known: list[str]) -> str:
    by_lower = {k.lower(): k for k in known}
    # A high cutoff: e-mails share their domain, so lower ones suggest strangers.
    close = difflib.get_close_matches(wanted.lower(), list(by_lower), n=3, cutoff=0.8)
    if not close:
        return ""
    return " Did you mean " + " or ".join(repr(by_lower[c]) for c in close) + "?"
