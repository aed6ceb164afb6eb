"""Download template… proposes the template's name in the window's language, in the folder a file
was last saved to on this workstation, as Export… does (QA s47 O #6: "borrowers-template.xlsx" in
the current folder, in the Chinese window too); the training page's Save template… the same.
Real widgets on a copy of the demo office; only the platform's Save dialog is answered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from app.i18n import set_language
from app.models import User
from tests.ui.test_export_personal_ui import database  # noqa: F401
from ui.save_target import SAVE_FOLDER
from ui.table_state import settings

pytestmark = pytest.mark.gui
NAMES = {
    "en": {
        "borrowers": "borrowers-template.xlsx",
        "loans": "loans-template.xlsx",
        "payments": "payments-template.xlsx",
        "training": "training-template.xlsx",
        "page": "training-template.csv",
    },
    "zh_CN": {
        "borrowers": "借款人导入模板.xlsx",
        "loans": "贷款导入模板.xlsx",
        "payments": "还款记录导入模板.xlsx",
        "training": "培训导入模板.xlsx",
        "page": "培训导入模板.csv",
    },
}


def _user(office, name: str) -> User:  # type: ignore[no-untyped-def]
    with office.sessions() as s:
        user = s.scalar(select(User).where(User.username == name))
        s.expunge(user)
    return user


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_templates_are_proposed_by_name_in_the_last_folder(
    qtbot,
    database,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    lang: str,
) -> None:
    from ui.dialogs.import_data import ImportDialog
    from ui.dialogs.training_import import TrainingImportDialog

    settings().remove(SAVE_FOLDER)
    set_language(lang)
    asked: list[str] = []
    answer: list[str] = [""]
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda _p, _c, name, *a, **k: asked.append(name) or (answer[0], ""),
    )
    try:
        names = NAMES[lang]
        dialog = ImportDialog(database, _user(database, "admin"))
        qtbot.addWidget(dialog)
        assert dialog.save_template() is None  # never saved to before: the home folder
        assert asked == [str(Path.home() / names[dialog.current_kind()])]
        folder = tmp_path / "模板 文件"
        folder.mkdir()
        answer[0] = str(folder / "mine.xlsx")
        assert dialog.save_template() == folder / "mine.xlsx"
        answer[0], asked[:] = "", []
        for index in range(dialog.kind.count()):  # then each kind's, in the folder saved to
            dialog.kind.setCurrentIndex(index)
            dialog.save_template()
        kinds = [dialog.kind.itemData(i) for i in range(dialog.kind.count())]
        assert asked == [str(folder / names[kind]) for kind in kinds]
        # The training page's own template: its name, in the same folder.
        path = tmp_path / "training.csv"
        path.write_text("用户名,课程,日期,分数\nagent01,LAW,2026-03-01,90\n", "utf-8")
        page = TrainingImportDialog(database, _user(database, "supervisor"), path)
        qtbot.addWidget(page)
        asked[:] = []
        assert page.save_template() is None
        assert asked == [str(folder / names["page"])]
    finally:
        set_language("en")
        settings().remove(SAVE_FOLDER)
