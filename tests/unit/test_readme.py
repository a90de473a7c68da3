"""README.md documents only what exists: its command lines parse, its fresh-machine commands are
there for .ci/run to read."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

from coordinator.cli import build_parser

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def fenced_block_after(marker: str) -> str:
    match = re.search(re.escape(marker) + r"\s*```\w*\n(.*?)```", README, re.DOTALL)
    assert match, f"README.md has no code block after {marker}"
    return match.group(1)


def documented_command_lines() -> list[list[str]]:
    """The `coordinator …` lines of the Command line section, comments dropped."""
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL)
    assert block, "the Command line section has no code block"
    lines = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    return [shlex.split(line) for line in lines if line.startswith("coordinator")]


def test_both_fresh_machine_commands_are_there() -> None:
    assert "pip install -e ." in fenced_block_after("<!-- ci: app-command -->")
    tests = fenced_block_after("<!-- ci: test-command -->")
    assert '.[test]"' in tests
    assert tests.rstrip().endswith("python -m pytest")


def test_every_documented_command_and_option_exists() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    lines = documented_command_lines()
    assert lines
    for words in lines:
        sub = words[1] if len(words) > 1 and not words[1].startswith(("-", "[")) else None
        target = parser
        if sub is not None:
            assert sub in commands.choices, f"README documents a missing command: {sub}"
            target = commands.choices[sub]
        known = {option for action in target._actions for option in action.option_strings}
        for option in re.findall(r"(?<![\w-])--[a-z][\w-]*", " ".join(words)):
            assert option in known, f"README: `{' '.join(words[:2])}` has no {option}"
