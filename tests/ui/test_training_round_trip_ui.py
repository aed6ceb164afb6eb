"""The Agents & training page's Export… reads back in its Import training records dialog (QA s47:
the preview refused its own export, the 催收员 and 用户名 columns both read as the agent and
最近培训日期 not read as the date). Every row is read; all are already recorded, so nothing is
offered for import. Real widgets on a copy of the demo office, English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.i18n import set_language
from app.models import TrainingRecord, User
from tests.ui.test_export_personal_ui import _wait, database  # noqa: F401
from tests.ui.test_queue import window_for

pytestmark = pytest.mark.gui
NOTHING = {
    "en": "Nothing to import: all {n} rows are already recorded.",
    "zh_CN": "没有可导入的内容：全部 {n} 行均已有记录。",
}


@pytest.mark.parametrize(("lang", "suffix"), [("zh_CN", "xlsx"), ("en", "csv")])
def test_the_training_export_previews_as_already_recorded(
    qtbot,
    database,  # noqa: F811
    tmp_path: Path,
    screenshot_dir: Path,
    lang: str,
    suffix: str,
) -> None:
    from ui.dialogs.training_import import TrainingImportDialog

    set_language(lang)
    try:
        window = window_for(qtbot, database, "supervisor")
        page = window.page("training")
        window.show_page(page)
        path = tmp_path / f"training.{suffix}"
        button = page.export_button
        button.last_message = ""
        assert button.export(path) is not None
        _wait(qtbot, button)
        assert button.last_result is not None and button.last_result.rows > 0
        with database.sessions() as s:
            user = s.scalar(select(User).where(User.username == "supervisor"))
            s.expunge(user)
            records = s.scalar(select(func.count()).select_from(TrainingRecord))
        dialog = TrainingImportDialog(database, user, path, parent=page)
        qtbot.addWidget(dialog)
        dialog.show()
        preview = dialog.result_preview
        assert preview is not None and preview.ok, [e.message for e in preview.errors]
        # every course the demo's agents took, each already recorded
        assert preview.skipped == button.last_result.rows - preview.not_taken
        assert preview.rows == [] and preview.repeated == 0
        assert dialog.summary.text() == NOTHING[lang].format(n=preview.skipped)
        assert not dialog.import_button.isEnabled()
        assert dialog.errors.rowCount() == 0
        dialog.grab().save(str(screenshot_dir / f"training_round_trip_{lang}.png"))
        with database.sessions() as s:
            assert s.scalar(select(func.count()).select_from(TrainingRecord)) == records
    finally:
        set_language("en")
