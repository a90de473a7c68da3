"""Whose reminders: COORDINATOR_USER, else the login name, never empty."""

from __future__ import annotations

import getpass

import pytest

from coordinator.identity import OWNER_LENGTH, current_owner


def test_the_environment_names_the_coordinator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COORDINATOR_USER", "  Aïsha Okafor ")
    assert current_owner() == "Aïsha Okafor"
    monkeypatch.setenv("COORDINATOR_USER", "x" * 300)
    assert current_owner() == "x" * OWNER_LENGTH


def test_otherwise_the_login_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COORDINATOR_USER", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "lead")
    assert current_owner() == "lead"


def test_never_empty_without_a_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COORDINATOR_USER", " ")

    def no_login() -> str:
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", no_login)
    assert current_owner() == "coordinator"
