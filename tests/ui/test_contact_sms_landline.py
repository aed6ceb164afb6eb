"""The contact dialog in a UK office: with SMS chosen the borrower's home landline is greyed,
saying a landline cannot receive SMS, and a mobile is chosen; a call offers it as before. A
borrower with only a landline: the check says an SMS cannot reach it, in English and Chinese,
and Save records nothing."""

from __future__ import annotations

from typing import NamedTuple, cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from sqlalchemy import func, select

from app.auth import authenticate
from app.i18n import set_language
from app.models import Channel, ContactAttempt
from tests.core.sms_office import HOME, WORK_MOBILE, build_uk_case, yesterday

pytestmark = pytest.mark.gui


def _dialog(qtbot, db, *, mobiles: bool = True):  # type: ignore[no-untyped-def]
    from ui.dialogs.contact import ContactDialog

    with db.session() as s:
        case_no = build_uk_case(s, mobiles=mobiles)
    agent = authenticate(db.sessions, "agent01", "pw-agent")
    dialog = ContactDialog(db, agent, case_no)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_time(yesterday(11))
    return dialog


def _choose(dialog, channel: Channel) -> None:  # type: ignore[no-untyped-def]
    dialog.channel.setCurrentIndex(dialog.channel.findData(channel.value))


class _Row(NamedTuple):
    """A number's row of the combo, read through its model (never its item)."""

    enabled: bool
    tip: str
    text: str

    def isEnabled(self) -> bool:  # noqa: N802 (as QStandardItem says it)
        return self.enabled

    def toolTip(self) -> str:  # noqa: N802
        return self.tip


def _landline(dialog) -> _Row:  # type: ignore[no-untyped-def]
    model = cast(QStandardItemModel, dialog.number.model())
    row = dialog.number.findData(HOME)
    index = model.index(row, 0)
    enabled = bool(model.flags(index) & Qt.ItemFlag.ItemIsEnabled)
    return _Row(
        enabled,
        str(model.data(index, Qt.ItemDataRole.ToolTipRole) or ""),
        dialog.number.itemText(row),
    )


def test_sms_greys_the_landline_and_chooses_a_mobile(qtbot, qapp, db) -> None:
    dialog = _dialog(qtbot, db)
    assert dialog.number.currentData() == HOME  # a call: the primary, the landline
    assert _landline(dialog).isEnabled()
    _choose(dialog, Channel.SMS)
    home = _landline(dialog)
    assert not home.isEnabled()
    assert home.toolTip() == "A landline cannot receive SMS."
    assert home.text.endswith("· landline")
    assert dialog.number.currentData() == WORK_MOBILE
    dialog.grab().save("/tmp/sms-dialog.png")
    _choose(dialog, Channel.CALL)
    assert _landline(dialog).isEnabled()


def test_sms_to_a_borrower_with_only_a_landline_says_why(qtbot, qapp, db) -> None:
    try:
        set_language("zh_CN")
        dialog = _dialog(qtbot, db, mobiles=False)
        _choose(dialog, Channel.SMS)
        assert not _landline(dialog).isEnabled()
        assert _landline(dialog).toolTip() == "座机无法接收短信。"
        dialog.refresh_verdict()
        said = "\n".join(line.text() for line in dialog.panel.lines)
        assert "+44 28****1234 是座机号码，座机无法接收短信" in said
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("delivered"))
        assert not dialog.try_save()
        assert "座机无法接收短信" in dialog.error.text()
        dialog.grab().save("/tmp/sms-dialog-zh.png")
    finally:
        set_language("en")
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ContactAttempt)) == 0
