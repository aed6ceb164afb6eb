"""QA round 12, finding 1, in the window: Post payment while another connection writes to the
office (the day's rebuild, an import, a backup) waits for it, as the busy timeout says, instead
of being refused at once as "busy": the dialog's save takes the write lock at its start (a
deferred transaction that reads, then writes, is refused by SQLite without waiting)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.models import Payment
from db.store import open_database
from tests.cli.test_save_waits_cli import hold_write_lock
from tests.conftest import TEST_KEY
from tests.core.test_agreements import _user, build_office
from tests.ui.shots import grab

pytestmark = pytest.mark.gui


@pytest.fixture
def office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator[Any]:
    from ui.app import application

    application()
    database = open_database(shutil.copyfile(template_db, tmp_path / "c.db"), TEST_KEY)
    build_office(database)
    yield database
    database.close()


def _payments(database: Any) -> int:
    with database.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(Payment)) or 0)


def test_post_payment_waits_for_another_writer(qtbot, office, lang, screenshot_dir) -> None:
    from ui.dialogs.payment import PaymentDialog

    with office.sessions() as s:
        agent = _user(s, "agent01")
    dialog = PaymentDialog(office, agent, "L2")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.amount.setText("100.00")
    dialog.reference.setText("BUSY-1")
    holder = hold_write_lock(office.path, 1.5)
    started = time.monotonic()
    try:
        assert dialog.try_post(), dialog.error.text()
    finally:
        holder.join()
    assert time.monotonic() - started > 0.5  # it waited for the other writer
    assert dialog.error.text() == "" and dialog.payment is not None
    assert _payments(office) == 1
    grab(dialog, screenshot_dir / f"payment_waited_for_writer_{lang}.png")


def test_a_hold_past_the_busy_timeout_is_said(
    qtbot, office, lang, screenshot_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    import db.sqlcipher

    monkeypatch.setattr(db.sqlcipher, "BUSY_TIMEOUT_MS", 200)  # its connections wait 0.2 s
    from ui.dialogs.payment import PaymentDialog

    impatient = open_database(office.path, TEST_KEY)
    try:
        with impatient.sessions() as s:
            agent = _user(s, "agent01")
        dialog = PaymentDialog(impatient, agent, "L2")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.amount.setText("100.00")
        holder = hold_write_lock(office.path, 2.0)
        try:
            assert not dialog.try_post()
        finally:
            holder.join()
        assert (
            dialog.error.text()
            == {
                "en": f"{office.path} is busy: another Casedesk or program is writing to it. "
                "Nothing was saved; try again in a moment.",
                "zh_CN": f"{office.path} 正忙：另一个 Casedesk 或程序正在写入。未保存任何内容；"
                "请稍后再试。",
            }[lang]
        )
        assert dialog.isVisible() and dialog.amount.text() == "100.00"
        grab(dialog, screenshot_dir / f"payment_busy_past_timeout_{lang}.png")
        assert _payments(office) == 0
    finally:
        impatient.close()
