"""The borrower pane's Add… beside Phones, kept to whoever works the borrower's case, and a
number on file for someone else (QA finding): for an agent none of whose cases is the
borrower's, Add… is greyed with a tooltip saying why; an agent's number of another borrower is
refused in the dialog without saying whose, what was typed kept; a supervisor is told whose,
asked why the borrower shares it, and records it for a reason. Real widgets on a copy of the
demo office; screenshots in English and Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from app.i18n import set_language
from app.models import AuditEntry, Borrower, Case, Loan, Phone, User
from tests.conftest import TEST_KEY
from tests.ui.test_trust import grab_over, when_modal, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui

WHY = "借款人说明这是与配偶共用的家庭号码"


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    set_language("en")
    db.close()


def select_borrower(window, held: bool) -> Borrower:  # type: ignore[no-untyped-def]
    """Select the first listed borrower one of agent01's cases is (or, not `held`, is not) of."""
    page = window.borrowers
    window.show_page(page)
    with window.database.sessions() as s:
        agent = s.scalar(select(User.id).where(User.username == "agent01"))
        mine = select(Loan.borrower_id).join(Case).where(Case.assigned_agent_id == agent)
        wanted = set(s.scalars(select(Borrower.id).where(Borrower.id.in_(mine) == held)))
    for row in range(page.model.rowCount()):
        page.table.selectRow(row)
        if page.selected_id() in wanted:
            break
    with window.database.sessions() as s:
        borrower = s.get(Borrower, page.selected_id())
        assert borrower is not None and borrower.id in wanted
        return borrower


def another_number(database, borrower: Borrower) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Another borrower's primary number, and that borrower's number."""
    with database.sessions() as s:
        row = s.execute(
            select(Phone.number, Borrower.borrower_no)
            .join(Borrower)
            .where(Borrower.id != borrower.id, Phone.is_primary)
            .limit(1)
        ).one()
        return row[0], row[1]


def _adds(database) -> int:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return len(s.scalars(select(AuditEntry).where(AuditEntry.action == "phone.add")).all())


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_add_is_greyed_for_an_agent_who_does_not_hold_the_case(
    qtbot, database, screenshot_dir, lang
) -> None:
    set_language(lang)
    window = window_for(qtbot, database, "agent01")
    select_borrower(window, held=False)
    pane = window.borrowers.detail
    qtbot.waitUntil(lambda: pane.detail is not None and pane.content.isVisible())
    button = pane.phone_button
    assert button.isVisible() and not button.isEnabled()
    assert (
        button.toolTip()
        == {
            "en": "Only the agent working this borrower's case, or a supervisor, can record their "
            "numbers: none of their cases is assigned to you.",
            "zh_CN": "只有负责该借款人案件的催收员或主管可以登记其号码："
            "该借款人的案件均未分配给您。",
        }[lang]
    )
    QApplication.processEvents()
    assert window.grab().save(str(screenshot_dir / f"add_phone_not_held_{lang}.png"))
    select_borrower(window, held=True)  # one of theirs: enabled again
    qtbot.waitUntil(lambda: button.isEnabled())
    assert button.toolTip() == {"en": "Record a number the borrower gave."}.get(
        lang, "登记借款人提供的号码。"
    )


def _run_dialog(pane, act) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Open Add… on the pane, run `act(dialog, seen)` in it; what it saw, and whether added."""
    from ui.dialogs.add_phone import AddPhoneDialog

    seen: dict[str, object] = {}

    def run(dialog: QDialog) -> None:
        try:
            assert isinstance(dialog, AddPhoneDialog)
            act(dialog, seen)
        except BaseException as error:  # raised after exec() returns, not left open
            seen["raised"] = error
        if dialog.isVisible():
            dialog.reject()

    when_modal(AddPhoneDialog, run)
    seen["added"] = pane.add_phone()
    if "raised" in seen:
        raise seen["raised"]  # type: ignore[misc]
    return seen


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_agent_is_refused_another_borrowers_number_in_the_dialog(
    qtbot, database, screenshot_dir, lang
) -> None:
    window = window_for(qtbot, database, "agent01")
    borrower = select_borrower(window, held=True)
    number, other = another_number(database, borrower)
    set_language(lang)
    pane = window.borrowers.detail

    def act(dialog, seen) -> None:  # type: ignore[no-untyped-def]
        dialog.number.setText(number)
        dialog.primary.setChecked(True)
        dialog.note.setText("借款人来电告知")
        seen["saved"] = dialog.try_save()
        seen["error"] = dialog.error.text()
        seen["kept"] = (dialog.number.text(), dialog.primary.isChecked(), dialog.note.text())
        seen["asks_why"] = dialog.form.isRowVisible(dialog.shared)
        grab_over(window, dialog, screenshot_dir / f"add_phone_shared_agent_{lang}.png")

    seen = _run_dialog(pane, act)
    assert seen["saved"] is False and seen["added"] is False
    assert (
        seen["error"]
        == {
            "en": "This number is on file for another borrower or a person related to one; "
            "check it with the borrower. If they share it, a supervisor can record it.",
            "zh_CN": "该号码已登记为另一借款人或其关联人的号码；请与借款人核实。"
            "如借款人确与他人共用此号码，可由主管登记。",
        }[lang]
    )
    assert other not in str(seen["error"])
    assert seen["kept"] == (number, True, "借款人来电告知")  # nothing typed is lost
    assert seen["asks_why"] is False  # not theirs to record
    assert _adds(database) == 0


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_supervisor_records_a_shared_number_for_a_reason(
    qtbot, database, screenshot_dir, lang
) -> None:
    window = window_for(qtbot, database, "supervisor")
    borrower = select_borrower(window, held=False)  # any borrower is a supervisor's
    number, other = another_number(database, borrower)
    set_language(lang)
    pane = window.borrowers.detail
    assert pane.phone_button.isEnabled()

    def act(dialog, seen) -> None:  # type: ignore[no-untyped-def]
        seen["asked_at_first"] = dialog.form.isRowVisible(dialog.shared)
        dialog.number.setText(number)
        dialog.kind.setCurrentIndex(dialog.kind.findData("home"))
        seen["bare"] = dialog.try_save()
        seen["error"] = dialog.error.text()
        seen["asks_why"] = dialog.form.isRowVisible(dialog.shared)
        seen["focus"] = dialog.focusWidget() is dialog.shared
        grab_over(window, dialog, screenshot_dir / f"add_phone_shared_supervisor_{lang}.png")
        dialog.shared.setText("共用")
        seen["short"] = dialog.try_save()
        seen["short_error"] = dialog.error.text()
        dialog.shared.setText(WHY)
        seen["saved"] = dialog.try_save()

    seen = _run_dialog(pane, act)
    masked = f"+86 {number[3:6]}****{number[-4:]}"
    assert seen["asked_at_first"] is False and seen["bare"] is False
    assert (
        seen["error"]
        == {
            "en": f"{masked} is on file for borrower {other}; check it with the borrower. "
            "If the borrower shares it, write why they do and press Add again.",
            "zh_CN": f"{masked} 已登记为借款人 {other} 的号码；请与借款人核实。"
            "如借款人确与他人共用此号码，请写明原因后再次点击“添加”。",
        }[lang]
    )
    assert seen["asks_why"] is True and seen["focus"] is True
    assert seen["short"] is False and ("10" in str(seen["short_error"]))
    assert seen["saved"] is True and seen["added"] is True
    assert _adds(database) == 1
    with database.sessions() as s:
        added = s.scalar(
            select(Phone).where(Phone.borrower_id == borrower.id, Phone.number == number)
        )
        assert added is not None and added.kind == "home"
    qtbot.waitUntil(
        lambda: masked in [cell_text(pane.phones, r, 0) for r in range(pane.phones.rowCount())]
    )
