"""Collect the msgids the UI translates, by reading ui/ source (no Qt needed)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
LABELS = Path(__file__).resolve().parents[2] / "app" / "labels.py"  # the core's display names
_CALLS = {"_", "tr", "Column", "section_label", "Spec"}  # Spec: ui/actions.py titles
_TUPLE_CALLS = {"detail_table", "FieldForm"}


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List):
        return [s for element in node.elts for s in _strings(element)]
    if isinstance(node, ast.Dict):
        return [s for value in node.values if value is not None for s in _strings(value)]
    return []


def ui_msgids() -> set[str]:
    """Every literal passed to _()/Column()/section_label(), header tuples and label tables."""
    found: set[str] = set()
    for path in [*UI.rglob("*.py"), LABELS]:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in _CALLS:
                    found.update(
                        _strings(node.args[0]) if isinstance(node.args[0], ast.Constant) else []
                    )
                elif name in _TUPLE_CALLS and isinstance(node.args[0], ast.Tuple | ast.Name):
                    found.update(_strings(node.args[0]))
            elif isinstance(node, ast.Assign) and node.col_offset == 0:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id.isupper():
                    if isinstance(node.value, ast.Dict | ast.Tuple):
                        found.update(_strings(node.value))
    return {
        m for m in found if m.strip() and any(c.isalpha() for c in m) and not _KEY.fullmatch(m)
    } - _NOT_MSGIDS


# Lower-case identifiers in constant tables are keys ("all", "lapsed") or module names
# ("ui.pages.queue"), not user-visible text.
_KEY = re.compile(r"[a-z][a-z0-9_.]*")
# Upper-case constants that are not user-visible text.
_NOT_MSGIDS = {"Casedesk", "wqy-microhei.ttc"}


# --- every layer: ui/, app/ and reports/ --------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("ui", "app", "reports", "db")  # db/: its errors reach the user too
# Calls whose first argument is a message id: translation, errors, warnings, notices.
MESSAGE_CALLS = _CALLS | {
    "CasedeskError",
    "ValidationError",
    "AuthenticationError",
    "DatabaseError",
    "WrongKey",
    "KeptKeyWrong",
    "PasswordRefused",
    "PermissionDenied",
    "NotFound",
    "SharedNumber",
    "_warn",
    "Notice",
    "t",  # app/queries/case_story.py's tr in the reader's language
}
# Calls whose second argument is the message id (the first names the field or source).
SECOND_ARG_CALLS = {"FieldError", "RuleSetError"}
# plural(count, one, many) and Counted(count, one, many): the catalog holds `many`; `one` is
# English only (Chinese has no plural).
PLURAL_CALLS = {"plural", "Counted"}


def _call_name(node: ast.Call) -> str:
    return getattr(node.func, "id", getattr(node.func, "attr", ""))


def layer_msgids() -> dict[str, set[str]]:
    """msgid → the files using it, for every literal message in ui/, app/, reports/ and db/ (the
    label tables and header tuples included, as ui_msgids finds them)."""
    found: dict[str, set[str]] = {}

    def add(text: object, where: str) -> None:
        if isinstance(text, str) and text.strip() and any(c.isalpha() for c in text):
            if not _KEY.fullmatch(text) and text not in _NOT_MSGIDS:
                found.setdefault(text, set()).add(where)

    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            where = str(path.relative_to(ROOT))
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                for text in _looped_msgids(node):
                    add(text, where)
                if not isinstance(node, ast.Call):
                    continue
                name = _call_name(node)
                index = (
                    2
                    if name in PLURAL_CALLS
                    else 1
                    if name in SECOND_ARG_CALLS
                    else 0
                    if name in MESSAGE_CALLS
                    else None
                )
                if index is None or len(node.args) <= index:
                    continue
                arg = node.args[index]
                if isinstance(arg, ast.Constant):
                    add(arg.value, where)
                elif isinstance(arg, ast.IfExp):  # "a" if cond else "b"
                    for branch in (arg.body, arg.orelse):
                        if isinstance(branch, ast.Constant):
                            add(branch.value, where)
    for msgid in ui_msgids():
        found.setdefault(msgid, set()).add("ui/ tables")
    for text, where in _table_msgids():
        add(text, where)
    return found


def _table_msgids() -> list[tuple[str, str]]:
    """The values of the module-level tables whose entries are translated somewhere:
    `tr(DECIDED[decision])`, `_(ENDINGS[status])`, `label(DONE, decision)` — wherever the
    table lives in ui/, app/ or reports/."""
    trees = {
        str(path.relative_to(ROOT)): ast.parse(path.read_text("utf-8"))
        for layer in LAYERS
        for path in (ROOT / layer).rglob("*.py")
    }
    tables: set[str] = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            first = node.args[0]
            if _call_name(node) in MESSAGE_CALLS and isinstance(first, ast.Subscript):
                if isinstance(first.value, ast.Name):
                    tables.add(first.value.id)
            elif _call_name(node) == "label" and isinstance(first, ast.Name):
                tables.add(first.id)
    found: list[tuple[str, str]] = []
    for where, tree in trees.items():
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                if node.targets[0].id in tables and isinstance(node.value, ast.Dict):
                    found += [(text, where) for text in _strings(node.value)]
    return found


def _translates(body: ast.AST, name: str) -> bool:
    """Whether `body` passes the variable `name` to a message call as its message id."""
    return any(
        isinstance(node, ast.Call)
        and _call_name(node) in MESSAGE_CALLS
        and node.args
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == name
        for node in ast.walk(body)
    )


def _looped_msgids(node: ast.AST) -> list[str]:
    """The literals of `tr(h) for h in ("When", "Case", …)` and of `for h in (…): tr(h)`."""
    loops: list[tuple[ast.AST, ast.AST, ast.AST]] = []
    if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp):
        loops = [(g.target, g.iter, node.elt) for g in node.generators]
    elif isinstance(node, ast.For):
        loops = [(node.target, node.iter, ast.Module(body=node.body, type_ignores=[]))]
    found: list[str] = []
    for target, iterable, body in loops:
        if (
            isinstance(target, ast.Name)
            and isinstance(iterable, ast.Tuple | ast.List)
            and _translates(body, target.id)
        ):
            found += _strings(iterable)
    return found


def plural_pairs() -> list[tuple[str, str, str]]:
    """(one, many, file) of every plural(count, one, many) and Counted(count, one, many) call
    with literal forms in ui/, app/ and reports/."""
    pairs: list[tuple[str, str, str]] = []
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Call) and _call_name(node) in PLURAL_CALLS:
                    one, many = (node.args[1:3] + [None, None])[:2]
                    if isinstance(one, ast.Constant) and isinstance(many, ast.Constant):
                        where = str(path.relative_to(ROOT))
                        pairs.append((one.value, many.value, where))
    return pairs
