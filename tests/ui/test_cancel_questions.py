"""Found by QA: "Cancel agreement…" asked only "Why is this agreement cancelled?" (which one, and
that it is for good, unsaid), and "Cancel visit…" closed on an empty reason, the page then saying
one was needed. Both questions now name the agreement or visit and say the cancellation cannot
be undone and the reason's minimum; an empty or short reason is asked again; Escape cancels
nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog

from app.models import AgreementStatus, VisitStatus
from tests.core.visit_office import case_nos
from tests.ui import test_visits_page
from tests.ui.test_agreements import stored
from tests.ui.test_agreements_page_qa import agent_draft, supervisor_page
from tests.ui.test_queue import open_office
from tests.ui.test_trust import when_modal
from tests.ui.test_visit_qa_unbooked import _page, _requested, _status
from ui.language import apply_language

pytestmark = pytest.mark.gui

database = test_visits_page.database  # the visit office, a fresh copy per test
UNDONE = {"en": "This cannot be undone", "zh_CN": "此操作无法撤销"}
MINIMUM = {"en": "(at least 10 characters)", "zh_CN": "（至少 10 个字符，一个汉字计两个）"}


@pytest.fixture
def office(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _answers(
    asked: list[tuple[str, str]], *steps: Callable[[QInputDialog], None]
) -> Callable[[QInputDialog], None]:
    """Answer the box once per step, in turn, noting its question and what it held."""
    left = list(steps)

    def answer(box: QInputDialog) -> None:
        asked.append((box.labelText(), box.textValue()))
        step = left.pop(0)
        if left:
            when_modal(QInputDialog, answer)  # the next time it asks
        step(box)

    return answer


def _type(text: str) -> Callable[[QInputDialog], None]:
    def step(box: QInputDialog) -> None:
        box.setTextValue(text)
        box.accept()

    return step


def _escape(shot: Path | None = None) -> Callable[[QInputDialog], None]:
    def step(box: QInputDialog) -> None:
        if shot is not None:
            QApplication.processEvents()
            assert box.grab().save(str(shot))
        QTest.keyClick(box, Qt.Key.Key_Escape)

    return step


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_cancelling_an_agreement_names_it_and_says_it_is_for_good(
    qtbot, office, lang, screenshot_dir
) -> None:
    number, agreement_id = agent_draft(office)
    apply_language(lang)  # Qt's OK and Cancel too, as the window shows them
    try:
        _window, page = supervisor_page(qtbot, office, agreement_id)
        asked: list[tuple[str, str]] = []
        shot = screenshot_dir / f"qadestroy-cancel-agreement-{lang}.png"
        when_modal(QInputDialog, _answers(asked, _escape(shot)))
        assert page.ask_cancel() is False
    finally:
        apply_language("en")
    [(question, typed)] = asked
    assert number in question and UNDONE[lang] in question and typed == ""
    assert MINIMUM[lang] in question
    assert stored(office, number).status is AgreementStatus.DRAFT  # Escape cancelled nothing


def test_a_short_reason_for_cancelling_an_agreement_is_asked_again(qtbot, office) -> None:
    """A cancellation, a decision kept in the audit trail, says why in at least 10 characters,
    as an override does: the box asks again with the core's words and what was typed."""
    number, agreement_id = agent_draft(office)
    _window, page = supervisor_page(qtbot, office, agreement_id)
    asked: list[tuple[str, str]] = []
    when_modal(QInputDialog, _answers(asked, _type("dup"), _escape()))
    assert page.ask_cancel() is False
    refusal = "Write a reason of at least 10 characters (a Chinese character counts as two)."
    assert asked[1] == (f"{refusal}\n\n{asked[0][0]}", "dup")
    assert stored(office, number).status is AgreementStatus.DRAFT


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_cancelling_a_visit_asks_again_for_a_reason_and_escape_keeps_it(
    qtbot, database, lang, screenshot_dir
) -> None:
    number = _requested(database, case_nos(database)[0])
    apply_language(lang)  # Qt's OK and Cancel too, as the window shows them
    try:
        page = _page(qtbot, database, "agent01")
        page.select(number)
        asked: list[tuple[str, str]] = []
        shot = screenshot_dir / f"qadestroy-cancel-visit-{lang}.png"
        steps = (_type("   "), _type("moved"), _escape(shot))
        when_modal(QInputDialog, _answers(asked, *steps))
        assert page.cancel_selected() is False
        assert _status(database, number) is VisitStatus.REQUESTED
        question = asked[0][0]
        assert number in question and UNDONE[lang] in question and MINIMUM[lang] in question
        need = {"en": "Cancelling a visit needs a reason.", "zh_CN": "取消上门须说明原因。"}
        assert asked[1] == (f"{need[lang]}\n\n{question}", "   ")
        # Too short for a decision kept in the audit trail: asked again, as an agreement's is.
        short = {
            "en": "Write a reason of at least 10 characters (a Chinese character counts as two).",
            "zh_CN": "请填写至少 10 个字符的理由（一个汉字计两个字符）。",
        }
        assert asked[2] == (f"{short[lang]}\n\n{question}", "moved")
        when_modal(QInputDialog, _answers(asked, _type("Booked by mistake")))
        assert page.cancel_selected() is True
    finally:
        apply_language("en")
    assert _status(database, number) is VisitStatus.CANCELLED


def test_a_visit_changed_elsewhere_is_not_cancelled_unseen(qtbot, database) -> None:
    """The page showed the visit as requested; another workstation verified it meanwhile: the
    cancellation is refused, saying who changed it, and the page shows the visit as it is."""
    from app.models import User
    from app.visits import verify_visit
    from tests.core.visit_office import login

    number = _requested(database, case_nos(database)[0])
    page = _page(qtbot, database, "agent01")
    page.select(number)
    assert page.selected is not None and page.selected.status is VisitStatus.REQUESTED
    with database.session() as s:  # the other workstation
        actor = s.get(User, login(database, "agent01").id)
        verify_visit(s, actor, number, identity=True, address=True, phone=True)
    assert page.cancel_selected("Asked by mistake.") is False
    assert _status(database, number) is VisitStatus.VERIFIED  # nothing half done
    said = page.message.text()
    assert f"{number}" in said and "changed by" in said, said
    assert page.selected is not None and page.selected.status is VisitStatus.VERIFIED
    assert page.cancel_selected("Asked by mistake.") is True  # seen now: cancelled
    assert _status(database, number) is VisitStatus.CANCELLED
