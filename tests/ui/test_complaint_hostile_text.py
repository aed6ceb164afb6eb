"""The complaint dialog says the core's refusal of a pasted description, in English and Chinese:
100,000 characters (kept whole before), or a right-to-left override that shows a name backwards
(kept before). Nothing is saved and the dialog stays open."""

from __future__ import annotations

import pytest

from app.i18n import set_language
from tests.ui.test_compliance_pages import _case_of, _complaints, login
from tests.ui.test_compliance_pages import database as database  # the demo office's fixture

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(
    ("lang", "long_said", "override_said"),
    [
        (
            "en",
            "The text is too long: 100,000 characters, at most 2,000.",
            "holds a text-direction control (U+202E RIGHT-TO-LEFT OVERRIDE), character 7 of 34",
        ),
        (
            "zh_CN",
            "内容过长：100,000 个字符，最多 2,000 个。",
            "含有文字方向控制符（U+202E RIGHT-TO-LEFT OVERRIDE，第 7 个字符，共 34 个）",
        ),
    ],
)
def test_the_dialog_says_why_and_saves_nothing(
    qtbot, database, screenshot_dir, lang, long_said, override_said
) -> None:
    from ui.dialogs.complaint import ComplaintDialog

    before = _complaints(database)
    set_language(lang)
    try:
        dialog = ComplaintDialog(database, login(database), _case_of(database))
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.description.setPlainText("骚扰" * 50_000)
        assert not dialog.try_save() and dialog.saved is None
        assert dialog.error.isVisible() and dialog.error.text() == long_said
        dialog.description.setPlainText("Agent \u202eyako\u202c said I must pay today")
        assert not dialog.try_save() and dialog.saved is None
        assert override_said in dialog.error.text()
        qtbot.wait(50)
        dialog.grab().save(str(screenshot_dir / f"qafuzz-complaint-refused-{lang}.png"))
    finally:
        set_language(None)
    assert _complaints(database) == before


def test_a_long_refusal_grows_the_dialog_instead_of_squeezing_the_form(qtbot, database) -> None:
    """Three lines of error squeezed the form: the description box lay over "Answer by"."""
    from ui.dialogs.complaint import ComplaintDialog

    dialog = ComplaintDialog(database, login(database), _case_of(database))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.description.setPlainText("Agent \u202eyako\u202c said I must pay today")
    assert not dialog.try_save()
    qtbot.wait(20)
    box = dialog.description.geometry()
    deadline = dialog.deadline.geometry()
    assert box.bottom() < deadline.top(), (box, deadline)
    assert dialog.error.geometry().bottom() <= dialog.height()
