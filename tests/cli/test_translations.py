"""Every message the CLI can show has a Chinese translation with the same placeholders."""

from __future__ import annotations

import ast
import json
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
