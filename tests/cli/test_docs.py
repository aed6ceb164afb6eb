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
