"""Every message the CLI can show has a Chinese translation with the same placeholders."""

from __future__ import annotations

import ast
import json
import re
import string
from importlib import resources
from pathlib import Path

import app.cli

MESSAGE_CALLS = {
    "tr",
    "CasedeskError",
    "ValidationError",
    "AuthenticationError",
    "DatabaseError",
    "PermissionDenied",
    "NotFound",
}


def _msgids() -> set[str]:
    found: set[str] = set()
    for source in Path(app.cli.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            first = node.args[0]
            if name in MESSAGE_CALLS and isinstance(first, ast.Constant):
                found.add(first.value)
    return found


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_cli_catalog_is_valid_json_and_complete() -> None:
    from app.i18n import _catalog

    own = json.loads(
        resources.files("resources.i18n").joinpath("zh_CN/cli.json").read_text("utf-8")
    )
    assert own and all(isinstance(v, str) and v for v in own.values())
    catalog = _catalog("zh_CN")
    ids = _msgids()
    assert len(ids) > 50
    missing = sorted(i for i in ids if i not in catalog)
    assert missing == []
    for msgid in ids:
        assert _fields(catalog[msgid]) == _fields(msgid), msgid


def _argparse_msgids() -> set[str]:
    """What argparse looks up through its gettext functions `_` and `ngettext`."""
    import argparse
    import inspect

    found: set[str] = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in ("_", "ngettext"):
                found |= {a.value for a in node.args if isinstance(a, ast.Constant)}
    return found


def test_argparse_words_are_translated_with_their_placeholders() -> None:
    own = json.loads(
        resources.files("resources.i18n").joinpath("zh_CN/argparse.json").read_text("utf-8")
    )
    ours = {"show program's version number and exit"}  # our --version's help
    # Every one still argparse's (a new Python that rewords one is noticed here) …
    assert set(own) - ours <= _argparse_msgids()
    # … and every one a user can meet translated, with its %-placeholders.
    users_see = {
        "usage: ",
        "options",
        "positional arguments",
        "show this help message and exit",
        "the following arguments are required: %s",
        "argument %(argument_name)s: %(message)s",
        "invalid %(type)s value: %(value)r",
        "invalid choice: %(value)r (choose from %(choices)s)",
        "expected one argument",
        "not allowed with argument %s",
        "one of the arguments %s is required",
        "unrecognized arguments: %s",
    }
    assert users_see <= set(own)
    for msgid, text in own.items():
        assert sorted(re.findall(r"%\(\w+\)[sr]|%[sr]", text)) == sorted(
            re.findall(r"%\(\w+\)[sr]|%[sr]", msgid)
        ), msgid


def test_usage_errors_and_help_in_chinese(capsys) -> None:
    from app.cli.main import main

    argv = ["--lang", "zh_CN", "agreement", "draft", "C1", "--instalments", "x"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：casedesk agreement draft")
    assert err.rstrip().endswith("casedesk: 参数 --instalments：不是整数：x")
    assert main(["--lang", "zh_CN", "report", "compliance", "--from", "2026-01-01"]) == 2
    assert "缺少以下参数：--to, -o/--output" in capsys.readouterr().err
    assert main(["--lang", "zh_CN", "--help"]) == 0
    shown = capsys.readouterr().out
    assert "用法：" in shown and "显示此帮助并退出" in shown and "usage:" not in shown
    # English stays English.
    assert main(["agreement", "draft", "C1", "--instalments", "x"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: ") and "--instalments: not a whole number: x" in err
