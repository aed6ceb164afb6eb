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
        assert not dialog.unread.isVisible()  # its own columns are known (QA s47 O #3)
        dialog.grab().save(str(screenshot_dir / f"training_round_trip_{lang}.png"))
        # Import data… says the same of it: no column "Not read" (Agent, Overall, Status and
        # Valid until were, with a sentence about borrowers and loans).
        data = _import_data(qtbot, database, path)
        assert data.report is not None and data.report.ok
        assert data.report.unread_text() == "" and not data.unread.isVisible()
        with database.sessions() as s:
            assert s.scalar(select(func.count()).select_from(TrainingRecord)) == records
    finally:
        set_language("en")


def _import_data(qtbot, office, path: Path):  # type: ignore[no-untyped-def]
    """Import data… on `path` as a training list, its check done (the admin's: only an admin
    imports data)."""
    from ui.dialogs.import_data import ImportDialog

    with office.sessions() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        s.expunge(admin)
    dialog = ImportDialog(office, admin, kind="training", path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None, timeout=30_000)
    return dialog


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_column_not_read_is_said_alike_by_both_dialogs(
    qtbot,
    database,  # noqa: F811
    tmp_path: Path,
    screenshot_dir: Path,
    lang: str,
) -> None:
    """A misspelt column beside the export's own: the training page's Import training records
    and Import data… name it, and only it, in the same words (those of training records)."""
    import csv

    from app.i18n import tr
    from ui.dialogs.training_import import TrainingImportDialog

    set_language(lang)
    try:
        window = window_for(qtbot, database, "supervisor")
        page = window.page("training")
        window.show_page(page)
        exported = tmp_path / "training.csv"
        button = page.export_button
        assert button.export(exported) is not None
        _wait(qtbot, button)
        rows = list(csv.reader(exported.read_text("utf-8-sig").splitlines()))
        path = tmp_path / "training-x.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows([[*rows[0], "培训师x"], *([*r, "王"] for r in rows[1:])])
        dialog = TrainingImportDialog(database, window.user, path, parent=page)
        qtbot.addWidget(dialog)
        dialog.show()
        note = dialog.unread.text()
        assert dialog.unread.isVisible()
        assert note == tr(  # that column alone, in words of training records
            "Not read — Casedesk has no column by that name: {columns}. If one of them holds "
            "what a template column holds, rename it as the template does and check the file "
            "again: a training record once imported is skipped by a later import.",
            columns=["I: 培训师x"],
        )
        dialog.grab().save(str(screenshot_dir / f"training_import_unread_{lang}.png"))
        data = _import_data(qtbot, database, path)
        assert data.unread.isVisible() and data.unread.text() == note
    finally:
        set_language("en")
