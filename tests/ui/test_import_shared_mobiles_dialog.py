"""The Import data dialog's check of a borrowers file whose new borrower has a mobile another
borrower holds: the row's problem names the other borrower by number and masked ID and Import
stays off; with the box ticked and a reason, the check lists the number as to be recorded as
shared, and the import records it, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Borrower, Phone
from app.privacy import mask_id
from tests.core import importer_files as f
from tests.ui.shots import grab
from tests.ui.test_import_dialog import _dialog, database  # noqa: F401 (the fixture)
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
MOBILE = 3
WORDS = {
    "en": ("is already on file for borrower B000001 (ID {id})", "to be recorded as shared"),
    "zh_CN": ("已登记在借款人 B000001（身份证号 {id}）名下", "将按共用号码登记"),
}
# Who may import it as shared: the admin (only an admin imports), not a supervisor (QA).
WHO = {"en": ("an admin can import it", "supervisor"), "zh_CN": ("可由管理员写明原因", "主管")}


def test_the_check_names_a_shared_mobile_and_imports_it_as_shared(
    qtbot,
    database,  # noqa: F811
    tmp_path,
    screenshot_dir,
    lang,
):
    first = f.write_csv(tmp_path / "first.csv", f.BORROWER_ZH, f.borrowers(1))
    dialog = _dialog(qtbot, database, kind="borrowers", path=first)
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        dialog.import_button.click()
    rows = f.borrowers(2, start=2)
    rows[0][MOBILE] = f.mobile(1)
    path = f.write_csv(tmp_path / "next.csv", f.BORROWER_ZH, rows)
    dialog = _dialog(qtbot, database, kind="borrowers", path=path)
    refused, listed = WORDS[lang]
    assert dialog.problems.rowCount() == 1
    assert cell_text(dialog.problems, 0, 1) == "2"
    assert refused.format(id=mask_id(f.national_id(1))) in cell_text(dialog.problems, 0, 3)
    named, not_named = WHO[lang]
    assert named in cell_text(dialog.problems, 0, 3)
    assert not_named not in cell_text(dialog.problems, 0, 3)
    assert not dialog.import_button.isEnabled()
    assert dialog.shared_row.isVisible()
    grab(dialog, screenshot_dir / f"sharedmob-import-refused-{lang}.png")
    dialog.shared.setChecked(True)
    dialog.shared_reason.setText("Spouses share the household line")
    dialog.shared_reason.editingFinished.emit()
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None, timeout=30_000)
    assert dialog.problems.rowCount() == 0 and dialog.import_button.isEnabled()
    assert listed in dialog.summary.text() and "B000002" in dialog.summary.text()
    grab(dialog, screenshot_dir / f"sharedmob-import-shared-{lang}.png")
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        dialog.import_button.click()
    with database.sessions() as s:
        numbers = s.scalars(
            select(Phone.number)
            .join(Borrower, Borrower.id == Phone.borrower_id)
            .where(Borrower.borrower_no.in_(("B000001", "B000002")))
        ).all()
        assert numbers == ["+86" + f.mobile(1)] * 2
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "phone.add")).one()
        assert (entry.entity_id, entry.changes["shared_with"]) == ("B000002", "B000001")
