"""The README's commands are the ones CI runs, and it documents every CLI command."""

from __future__ import annotations

import re

from tests.cli.conftest import ROOT


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S)]


def test_readme_has_the_two_commands_and_ci_runs_the_test_one() -> None:
    commands = _readme_commands()
    assert len(commands) == 2
    app_command, test_command = commands
    assert "casedesk demo" in app_command and "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text("utf-8").strip().splitlines()
    assert ci[-1] == test_command
    assert "set -euo pipefail" in ci


def test_readme_documents_every_command() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    for command in (
        "casedesk init",
        "casedesk demo",
        "casedesk db status",
        "casedesk db upgrade",
        "casedesk user add",
        "casedesk user list",
        "CASEDESK_DB_KEY",
        "--db PATH",
    ):
        assert command in text, command


def _commands() -> list[str]:
    """Every command and subcommand the CLI's parser has ("casedesk db status", …)."""
    import argparse

    from app.cli.main import build_parser

    def walk(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
        found: list[str] = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    found += walk(sub, f"{prefix} {name}") or [f"{prefix} {name}"]
        return found

    return walk(build_parser(), "casedesk")


def test_the_readme_names_every_command_the_parser_has() -> None:
    """Derived from the parser, so a new command cannot go undocumented (`casedesk about` did,
    for a while: the list above is fixed). A subcommand may be written in its group's row, as
    `casedesk agreement approve|sign` or `casedesk complaint assign …` / `note …`."""
    text = (ROOT / "README.md").read_text("utf-8").replace("\\|", "|")
    missing = []
    for command in _commands():
        head, _, last = command.rpartition(" ")
        rows = [line for line in text.splitlines() if f"`{head} " in line]
        grouped = any(
            re.search(rf"`{re.escape(head)} [^`]*\b{re.escape(last)}\b", row)
            or f"`{last} " in row
            or f"`{last}`" in row
            for row in rows
        )
        if command not in text and not grouped:
            missing.append(command)
    assert not missing, missing
