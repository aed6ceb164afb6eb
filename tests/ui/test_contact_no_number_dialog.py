"""The contact dialog for a borrower with no number on file (QA16): the number list says so,
the live check refuses a call or SMS, saying to record a number first, in English and Chinese,
and Save records nothing; a letter is offered as before."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth import authenticate
from app.i18n import set_language
from app.models import Channel, ContactAttempt
from tests.core.sms_office import build_uk_case, yesterday

pytestmark = pytest.mark.gui


def _dialog(qtbot, db):  # type: ignore[no-untyped-def]
    from ui.dialogs.contact import ContactDialog

    with db.session() as s:
        case_no = build_uk_case(s, phones=False)
    agent = authenticate(db.sessions, "agent01", "pw-agent")
    dialog = ContactDialog(db, agent, case_no)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_time(yesterday(11))
    return dialog


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "The borrower has no phone number on file: record one first"),
        ("zh_CN", "借款人没有登记电话号码：请先登记号码"),
    ],
)
@pytest.mark.parametrize(
    ("channel", "outcome"), [(Channel.SMS, "delivered"), (Channel.CALL, "connected")]
)
def test_a_call_or_sms_with_no_number_is_refused(
    qtbot, qapp, db, lang, words, channel, outcome
) -> None:
    try:
        set_language(lang)
        dialog = _dialog(qtbot, db)
        dialog.channel.setCurrentIndex(dialog.channel.findData(channel.value))
        assert dialog.number.currentData() is None
        dialog.refresh_verdict()
        said = "\n".join(line.text() for line in dialog.panel.lines)
        assert words in said
        dialog.outcome.setCurrentIndex(dialog.outcome.findData(outcome))
        assert not dialog.try_save()
        assert words in dialog.error.text()
        dialog.grab().save(f"/tmp/qa16fix-no-number-{lang}-{channel.value}.png")
    finally:
        set_language("en")
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ContactAttempt)) == 0
