"""The stop flags dialog from the Borrowers page's pane, on a copy of the demo office with real
widgets: an agent records a lawyer and a relative's wish not to be called and the pane shows
them; what an agent may not lift cannot be unticked; a supervisor lifts one only with a note;
a save over a stale read is refused inline. Screenshots in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from sqlalchemy import select

from app.i18n import set_language
from app.models import Borrower, RelatedPerson
from tests.conftest import TEST_KEY
from tests.ui.test_trust import grab_over, when_modal, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    set_language("en")
    db.close()


def show_related(window, held: bool = False) -> Borrower:  # type: ignore[no-untyped-def]
    """Select the first listed borrower who has related persons and no stop flags; `held`: one
    of the window's user's cases is theirs (whose numbers an agent may record)."""
    from app.models import Case, Loan

    page = window.borrowers
    window.show_page(page)
    with window.database.sessions() as s:
        query = (
            select(Borrower.id)
            .join(RelatedPerson, RelatedPerson.borrower_id == Borrower.id)
            .where(~Borrower.has_lawyer, ~Borrower.contact_refused, ~Borrower.do_not_visit)
        )
        if held:
            mine = select(Loan.borrower_id).join(Case)
            mine = mine.where(Case.assigned_agent_id == window.user.id)
            query = query.where(Borrower.id.in_(mine))
        wanted = set(s.scalars(query))
    for row in range(page.model.rowCount()):
        page.table.selectRow(row)
        if page.selected_id() in wanted:
            break
    with window.database.sessions() as s:
        borrower = s.get(Borrower, page.selected_id())
        assert borrower is not None and borrower.id in wanted
        _ = [(p.id, p.name) for p in borrower.related_persons]
        return borrower


def _stored(database, borrower_id: int) -> tuple[Borrower, list[RelatedPerson]]:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        borrower = s.get(Borrower, borrower_id)
        people = list(
            s.scalars(
                select(RelatedPerson)
                .where(RelatedPerson.borrower_id == borrower_id)
                .order_by(RelatedPerson.id)
            )
        )
        return borrower, people


def test_an_agent_records_a_lawyer_and_a_relatives_wish(qtbot, database, screenshot_dir) -> None:
    from ui.dialogs.stop_flags import StopFlagsDialog

    window = window_for(qtbot, database, "agent01")
    borrower = show_related(window)
    pane = window.borrowers.detail
    assert pane.flags_button.isVisible()
    first = borrower.related_persons[0]
    seen: dict[str, object] = {}

    def tick(dialog: QDialog) -> None:
        assert isinstance(dialog, StopFlagsDialog)
        # an agent may not give consent to calls in quiet hours, nor a relative's consent
        seen["quiet"] = dialog.flags["quiet_hours_consent"].isEnabled()
        dialog.flags["has_lawyer"].setChecked(True)
        dialog.people[first.id]["do_not_contact"].setChecked(True)
        dialog.note.setPlainText("律" * 2_001)  # capped as every note (QA s44: 120,000 saved)
        seen["long"] = (dialog.try_save(), dialog.error.text())
        dialog.note.setPlainText("律师来电告知，12 月 4 日")
        grab_over(window, dialog, screenshot_dir / "stop_flags_agent.png")
        dialog.try_save()

    when_modal(StopFlagsDialog, tick)
    assert pane.change_flags()
    assert seen["quiet"] is False
    assert seen["long"] == (False, "The note is too long: 2,001 characters, at most 2,000.")
    stored, people = _stored(database, borrower.id)
    assert stored.has_lawyer and not stored.contact_refused
    assert [p.do_not_contact for p in people][0] is True
    qtbot.waitUntil(lambda: "Has a lawyer" in pane.flags.text())
    row = [cell_text(pane.related, r, 0) for r in range(pane.related.rowCount())].index(first.name)
    assert cell_text(pane.related, row, 4) == "Yes"
    QApplication.processEvents()
    assert window.grab().save(str(screenshot_dir / "stop_flags_pane.png"))

    def look(dialog: QDialog) -> None:
        seen["lawyer"] = dialog.flags["has_lawyer"].isEnabled()
        seen["tip"] = dialog.flags["has_lawyer"].toolTip()
        seen["person"] = dialog.people[first.id]["do_not_contact"].isEnabled()
        dialog.reject()

    when_modal(StopFlagsDialog, look)
    assert not pane.change_flags()
    assert seen["lawyer"] is False and seen["person"] is False
    assert "Only a supervisor" in str(seen["tip"])


def test_a_supervisor_lifts_one_only_with_a_note(qtbot, database, screenshot_dir) -> None:
    from app.borrowers import update_borrower_flags
    from ui.dialogs.stop_flags import StopFlagsDialog

    window = window_for(qtbot, database, "supervisor")
    borrower = show_related(window)
    with database.session() as s:
        from app.models import User

        agent = s.scalar(select(User).where(User.username == "agent01"))
        update_borrower_flags(
            s, agent, borrower.borrower_no, expected_version=borrower.version, do_not_visit=True
        )
    pane = window.borrowers.detail
    window.hub.announce("borrower")  # as another window's save would be seen on reload
    qtbot.waitUntil(lambda: "Do not visit" in pane.flags.text())
    set_language("zh_CN")
    seen: dict[str, object] = {}

    def lift(dialog: QDialog) -> None:
        box = dialog.flags["do_not_visit"]
        seen["enabled"] = box.isEnabled()
        seen["people"] = [w.text() for w in dialog.findChildren(QLabel) if "（" in w.text()]
        box.setChecked(False)
        seen["saved_bare"] = dialog.try_save()
        seen["error"] = dialog.error.text() if dialog.error.isVisible() else ""
        grab_over(window, dialog, screenshot_dir / "stop_flags_supervisor_zh.png")
        dialog.note.setPlainText("借款人本人来电撤回，主管核实")
        dialog.try_save()

    when_modal(StopFlagsDialog, lift)
    assert pane.change_flags()
    assert seen["enabled"] is True and seen["saved_bare"] is False
    # A related person reads "李四（亲属）" in Chinese, brackets and all.
    assert seen["people"] and all(t.endswith("）") and " (" not in t for t in seen["people"])
    assert "须写明理由" in str(seen["error"])
    assert not _stored(database, borrower.id)[0].do_not_visit


def test_a_save_over_a_stale_read_is_refused_inline(qtbot, database) -> None:
    from app.borrowers import update_borrower_flags
    from app.models import User
    from ui.dialogs.stop_flags import StopFlagsDialog

    window = window_for(qtbot, database, "agent01")
    borrower = show_related(window)
    pane = window.borrowers.detail
    seen: dict[str, object] = {}

    def race(dialog: QDialog) -> None:
        with database.session() as s:  # someone else saves first
            other = s.scalar(select(User).where(User.username == "supervisor"))
            update_borrower_flags(
                s, other, borrower.borrower_no, expected_version=borrower.version, vulnerable=True
            )
        dialog.flags["e_opt_out"].setChecked(True)
        seen["saved"] = dialog.try_save()
        seen["error"] = dialog.error.text()
        dialog.reject()

    when_modal(StopFlagsDialog, race)
    assert not pane.change_flags()
    assert seen["saved"] is False and "was changed by supervisor" in str(seen["error"])
    stored, _people = _stored(database, borrower.id)
    assert stored.vulnerable and not stored.e_opt_out


def test_from_the_case_page_an_agent_records_contact_refused(qtbot, database) -> None:
    """An agent on the phone opens the case, not the Borrowers page: the page shows the stop
    flags beside the borrower and its Stop flags… button records one there."""
    from app.models import Case, CaseStatus, User
    from ui.dialogs.stop_flags import StopFlagsDialog

    with database.sessions() as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        case_no, borrower_id = s.execute(
            select(Case.case_no, Borrower.id)
            .join(Case.loan)
            .join(Borrower)
            .where(
                Case.assigned_agent_id == agent.id,
                Case.status != CaseStatus.CLOSED,
                ~Borrower.contact_refused,
            )
            .limit(1)
        ).one()
    window = window_for(qtbot, database, "agent01")
    page = window.cases
    window.show_page(page)
    assert page.show_case(case_no)
    assert page.flags_button.isEnabled()
    assert "Contact refused" not in page.borrower_form.values["Stop flags"].text()

    def tick(dialog: QDialog) -> None:
        dialog.flags["contact_refused"].setChecked(True)
        dialog.try_save()

    when_modal(StopFlagsDialog, tick)
    assert page.change_flags()
    assert _stored(database, borrower_id)[0].contact_refused
    assert "Contact refused" in page.borrower_form.values["Stop flags"].text()


def test_an_agent_adds_a_number_the_borrower_gave(qtbot, database, screenshot_dir) -> None:
    """The pane's Add… beside Phones: a number typed any usual way is kept, masked in the list;
    one already on file is refused inline with what was typed left in place."""
    from app.models import Phone
    from ui.dialogs.add_phone import AddPhoneDialog

    window = window_for(qtbot, database, "agent01")
    borrower = show_related(window, held=True)
    with database.sessions() as s:
        on_file = list(s.scalars(select(Phone.number).where(Phone.borrower_id == borrower.id)))
    pane = window.borrowers.detail
    assert pane.phone_button.isVisible() and pane.phone_button.isEnabled()
    seen: dict[str, object] = {}

    def add(dialog: QDialog) -> None:
        try:
            assert isinstance(dialog, AddPhoneDialog)
            dialog.number.setText(on_file[0])  # on file already
            seen["twice"] = dialog.try_save()
            seen["error"] = dialog.error.text()
            dialog.number.setText("139 0000 1234")
            dialog.primary.setChecked(True)
            dialog.note.setText("借款人上门时提供")
            grab_over(window, dialog, screenshot_dir / "add_phone.png")
            dialog.try_save()
        except BaseException as error:  # raised after exec() returns, not left open
            seen["raised"] = error
            dialog.reject()

    when_modal(AddPhoneDialog, add)
    added_one = pane.add_phone()
    if "raised" in seen:
        raise seen["raised"]  # type: ignore[misc]
    assert added_one
    assert seen["twice"] is False and "already on file" in str(seen["error"])
    with database.sessions() as s:
        added = s.scalar(select(Phone).where(Phone.number == "+8613900001234"))
        assert added.borrower_id == borrower.id and added.is_primary
    qtbot.waitUntil(lambda: pane.phones.rowCount() == len(on_file) + 1)
    shown = [cell_text(pane.phones, r, 0) for r in range(pane.phones.rowCount())]
    assert "+86 139****1234" in shown
