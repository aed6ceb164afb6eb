"""Export… proposes a file name as the training roster's Save dialog does (QA s47: "queue.xlsx"
and "compliance.xlsx", English, undated, with no folder, even in the Chinese window): the list's
name in the window's language, dated the office's today, in the folder a file was last saved to
on this workstation (else the home folder). Real widgets on a copy of the demo office."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from app.i18n import set_language
from tests.ui.test_export_personal_ui import _save_as, _wait, database  # noqa: F401
from tests.ui.test_queue import window_for
from ui.date_widgets import office_day
from ui.save_target import SAVE_FOLDER
from ui.table_state import settings

pytestmark = pytest.mark.gui
NAMES = {
    "en": {"queue": "work-queue", "compliance": "compliance-log", "roster": "training-roster"},
    "zh_CN": {"queue": "工作队列", "compliance": "合规日志", "roster": "培训花名册"},
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_export_proposes_a_dated_name_in_the_last_folder(
    qtbot,
    database,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    lang: str,
) -> None:
    settings().remove(SAVE_FOLDER)
    set_language(lang)
    try:
        window = window_for(qtbot, database, "supervisor")
        day = office_day(database).isoformat()
        names = NAMES[lang]
        folder = tmp_path / "导出 文件"
        folder.mkdir()
        proposed = _save_as(monkeypatch, folder / "queue.csv")
        button = window.queue.export_button
        button.last_message = ""
        button.export()
        _wait(qtbot, button)
        # never saved to before: the home folder
        assert proposed == [str(Path.home() / f"{names['queue']}-{day}.xlsx")]
        assert (folder / "queue.csv").exists()
        # the next export starts in the folder just saved to
        proposed = _save_as(monkeypatch, folder / "compliance.xlsx")
        window.show_page(window.compliance_log)
        button = window.compliance_log.export_button
        button.last_message = ""
        button.export()
        _wait(qtbot, button)
        assert proposed == [str(folder / f"{names['compliance']}-{day}.xlsx")]
        # and the roster proposes its own name the same way, in the same folder
        asked: list[str] = []
        monkeypatch.setattr(
            QFileDialog,
            "getSaveFileName",
            lambda _p, _c, name, *a, **k: asked.append(name) or ("", ""),
        )
        from ui.pages.training_roster import ask_roster_path

        assert ask_roster_path(window, office_day(database)) is None
        assert asked == [str(folder / f"{names['roster']}-{day}.pdf")]
    finally:
        set_language("en")
        settings().remove(SAVE_FOLDER)
