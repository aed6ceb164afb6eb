"""A command line that names a command builds only that command's family of parsers
(app.cli.main.family_of): every command the full parser has is found in its family, and a
command line reads the same through its family alone as through the full parser."""

from __future__ import annotations

import argparse
from importlib import import_module

import pytest

from app.cli.main import COMMAND_MODULES, _parse, build_parser, family_of


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_is_found_in_the_family_that_registers_it() -> None:
    full = _commands(build_parser())
    assert len(full) > len(COMMAND_MODULES)  # families with more than one command among them
    for command in full:
        family = family_of(command)
        assert family is not None, command
        parser = argparse.ArgumentParser()
        import_module(f"app.cli.cmd_{family}").register(parser.add_subparsers(dest="command"))
        assert command in _commands(parser), (command, family)
    assert family_of("no-such-command") is None


@pytest.mark.parametrize(
    "argv",
    [
        ["queue", "--limit", "5", "--bucket", "M2"],
        ["--lang", "zh_CN", "case", "show", "C2026-000001"],
        ["payment", "post", "L1", "100.00", "--date", "2026-12-01"],
        ["approvals"],
        ["dashboard", "--json"],
        [
            "contact",
            "log",
            "C1",
            "--channel",
            "phone",
            "--party",
            "borrower",
            "--outcome",
            "no_answer",
            "--db",
            "x.db",
        ],
    ],
)
def test_a_command_line_reads_the_same_through_its_family_alone(argv: list[str]) -> None:
    full = build_parser().parse_args(argv)
    alone = _parse(argv)
    assert vars(alone) == vars(full)
    assert alone.func is full.func


def test_a_mistyped_command_is_refused_by_the_full_parser(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        _parse(["quuee", "list"])
    err = capsys.readouterr().err
    assert "invalid choice: 'quuee'" in err and "queue" in err and "visit" in err
