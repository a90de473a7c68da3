"""Every package folder is installed (a plain `pip install .` and the frozen build need it)."""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
INSTALLED_AS = {
    "coordinator": "coordinator",
    "ui": "coordinator_ui",
    "resources": "coordinator_resources",
}


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = set()
    for folder, name in INSTALLED_AS.items():
        for init in (REPO / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(REPO / folder).parts
            found.add(".".join((name, *parts)))
    assert found - listed == set()
