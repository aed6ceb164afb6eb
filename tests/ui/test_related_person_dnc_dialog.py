"""QA17 finding 1 in the window: the related person dialog refuses, inline and saving nothing,
a number a removed person of the borrower asked not to be contacted on, telling how it is lifted;
checked Do not contact, it saves. Real widgets on a copy of the demo office; English and
Chinese, screenshots."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.i18n import set_language
from app.models import Borrower, RelatedPerson, User
from app.related_persons import PersonFields, add_person, remove_person
from tests.ui.test_contact_dialog import pick
from tests.ui.test_related_person_dialog import agent_case, database, show_borrower  # noqa: F401
from tests.ui.test_trust import grab_over, window_for

pytestmark = pytest.mark.gui

NUMBER = "19900002468"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_dialog_refuses_a_number_a_removed_person_asked_not_to_be_called_on(
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
    lang,
) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.related_person import RelatedPersonDialog

    borrower_id, _case, _zone = agent_case(database)
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        number = s.get(Borrower, borrower_id).borrower_no
        fields = PersonFields("王佳", "spouse", NUMBER, do_not_contact=True)
        pid = add_person(s, agent, number, fields).id
    with database.session() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        remove_person(s, agent, number, pid)
    set_language(lang)
    window = window_for(qtbot, database, "agent01")
    pane = show_borrower(window, borrower_id)
    dialog = RelatedPersonDialog(database, window.user, pane.detail, None, pane)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("王佳")
    pick(dialog.relation, "spouse")
    dialog.number.setText(NUMBER)
    assert dialog.try_save() is False and dialog.saved is None
    said = dialog.error.text()
    wanted = "此人要求不被联系" if lang == "zh_CN" else "asked not to be contacted"
    assert dialog.error.isVisible() and wanted in said, said
    assert f"--person {pid} --clear do_not_contact" in said
    grab_over(window, dialog, screenshot_dir / f"related_person_dnc_{lang}.png")
    with database.sessions() as s:
        held = select(func.count()).where(RelatedPerson.phone == "+86" + NUMBER)
        assert s.scalar(held) == 1  # the removed person alone
    dialog.do_not_contact.setChecked(True)
    assert dialog.try_save() is True
    with database.sessions() as s:
        saved = s.get(RelatedPerson, dialog.saved)
        assert saved.active and saved.do_not_contact
