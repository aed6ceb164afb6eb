"""Every form row's label in the window ends in a colon, the full-width "：" in Chinese (QA: the
Courses dialog's and the agreement dialog's labels had none, where every other dialog's have one).
Read from the source: a row added as `form.addRow(_("Label:"), field)`."""

from __future__ import annotations

import ast
from pathlib import Path

from app.i18n import _catalog

UI = Path(__file__).resolve().parents[2] / "ui"


def _row_labels() -> list[tuple[str, int, str]]:
    """(file, line, msgid) of every addRow whose label is a translated literal."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "addRow"
                and len(node.args) >= 2
            ):
                continue
            label = node.args[0]
            if (
                isinstance(label, ast.Call)
                and isinstance(label.func, ast.Name)
                and label.func.id == "_"
                and label.args
                and isinstance(label.args[0], ast.Constant)
                and isinstance(label.args[0].value, str)
            ):
                found.append(
                    (path.relative_to(UI.parent).as_posix(), node.lineno, label.args[0].value)
                )
    return found


def test_every_form_rows_label_ends_in_a_colon_in_both_languages() -> None:
    rows = _row_labels()
    assert len(rows) > 50  # the scan finds the window's forms
    catalog = _catalog("zh_CN")
    bare = [row for row in rows if not row[2].endswith(":")]
    assert bare == []
    unmatched = [row for row in rows if not catalog.get(row[2], "").endswith("：")]
    assert unmatched == []


def test_the_agreement_dialogs_labels_are_among_them() -> None:
    labels = {msgid for path, _line, msgid in _row_labels() if path == "ui/dialogs/agreement.py"}
    assert {"Kind:", "Agreed amount:", "Pay by:", "Plan:", "Stated reason:"} <= labels
