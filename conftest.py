"""Root test set-up: headless Qt, and the opt-in switch for the (slow) frozen-build tests."""

import os

import pytest

# Must be set before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

FROZEN_ENV = "COORDINATOR_TEST_FROZEN"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--frozen",
        action="store_true",
        help="also run the tests marked `frozen` (they build the PyInstaller app unless "
        "COORDINATOR_FROZEN_APP names an executable); same as COORDINATOR_TEST_FROZEN=1",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The build takes minutes, so these run only when asked for (.ci/run asks, after the suite).
    if config.getoption("--frozen") or os.environ.get(FROZEN_ENV) == "1":
        return
    skip = pytest.mark.skip(reason=f"frozen build: pass --frozen or set {FROZEN_ENV}=1")
    for item in items:
        if "frozen" in item.keywords:
            item.add_marker(skip)
