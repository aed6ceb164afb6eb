"""A name typed in a Save dialog without the file's extension gets it added, never swapped for
what follows its last dot (QA s22: "十一月 案件 v1.2" was saved as "十一月 案件 v1.xlsx")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget

pytestmark = pytest.mark.gui


def _answer(monkeypatch: pytest.MonkeyPatch, name: str, chosen: str = "") -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (name, chosen))


@pytest.mark.parametrize(
    ("typed", "csv", "saved"),
    [
        ("催收 资料/十一月 案件 v1.2", False, "十一月 案件 v1.2.xlsx"),
        ("催收 资料/2026.11 借款人", True, "2026.11 借款人.csv"),
        ("催收 资料/案件.XLSX", False, "案件.XLSX"),
        ("催收 资料/案件", True, "案件.csv"),
    ],
)
def test_the_export_name_keeps_what_was_typed(qapp, monkeypatch, tmp_path, typed, csv, saved):  # type: ignore[no-untyped-def]
    from app.i18n import tr as _
    from ui.dialogs.export import ask_export_path

    chosen = _("CSV, UTF-8 (*.csv)") if csv else _("Excel workbook (*.xlsx)")
    _answer(monkeypatch, str(tmp_path / typed), chosen)
    assert ask_export_path(QWidget(), "cases") == tmp_path / "催收 资料" / saved


def test_the_roster_name_keeps_what_was_typed(qapp, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ui.pages.training_roster import ask_roster_path

    day = dt.date(2026, 11, 30)
    _answer(monkeypatch, str(tmp_path / "培训 名册 2026.11"))
    assert ask_roster_path(QWidget(), day) == tmp_path / "培训 名册 2026.11.pdf"
    _answer(monkeypatch, str(tmp_path / "培训 名册.PDF"))
    assert ask_roster_path(QWidget(), day) == Path(tmp_path / "培训 名册.PDF")


def test_the_visit_sheets_name_keeps_what_was_typed(qapp, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """QA s22: Save visit sheet wrote a file without ".pdf" when the name was typed without it."""
    from ui.pages.visits_sheet import ask_sheet_path

    _answer(monkeypatch, str(tmp_path / "上门 日程 2026.12"))
    assert ask_sheet_path(QWidget(), "sheet.pdf") == tmp_path / "上门 日程 2026.12.pdf"
    _answer(monkeypatch, str(tmp_path / "日程.PDF"))
    assert ask_sheet_path(QWidget(), "sheet.pdf") == tmp_path / "日程.PDF"
    _answer(monkeypatch, "")
    assert ask_sheet_path(QWidget(), "sheet.pdf") is None


@pytest.mark.parametrize("answer", ["no", "yes"])
def test_a_name_that_meets_a_file_once_its_extension_is_added_asks_first(
    qapp, monkeypatch, tmp_path, answer
) -> None:  # type: ignore[no-untyped-def]
    """QA: "november" typed where november.pdf was replaced it without a word (Qt's dialog had
    asked about "november"); the roster, the visit sheet and the exports ask, No the default."""
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.test_trust import when_modal
    from ui.pages.visits_sheet import ask_sheet_path

    (tmp_path / "november.pdf").write_bytes(b"%PDF-1.4 kept")
    asked: list[str] = []

    def reply(box: QMessageBox) -> None:
        asked.append(box.text())
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        box.button(
            QMessageBox.StandardButton.Yes if answer == "yes" else QMessageBox.StandardButton.No
        ).click()

    when_modal(QMessageBox, reply)
    _answer(monkeypatch, str(tmp_path / "november"))
    got = ask_sheet_path(QWidget(), "sheet.pdf")
    assert asked == ["november.pdf already exists. Replace it?"]
    assert got == (tmp_path / "november.pdf" if answer == "yes" else None)
    _answer(monkeypatch, str(tmp_path / "december"))  # nothing there: not asked
    assert ask_sheet_path(QWidget(), "sheet.pdf") == tmp_path / "december.pdf"
    assert len(asked) == 1
