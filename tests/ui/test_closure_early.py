"""The "Legal or write-off…" dialog on a loan not yet a write-off candidate (the demo office's
M1 case): it says the days past due, asks for an early write-off to be ticked, refuses inline
without it (nothing saved), and writes the loan off with it; in English and in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.agreements.common import IN_FORCE, IN_PROGRESS
from app.i18n import set_language
from app.loans.closure import CANDIDATE_DPD, closure_state
from app.models import Agreement, Case, CaseStatus, Loan, LoanStatus, Visit
from app.visits.common import OPEN
from tests.ui.test_queue import grab, open_office, window_for

pytestmark = pytest.mark.gui


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _m1_case(database) -> str:
    with database.sessions() as s:
        agreement = select(Agreement.case_id).where(Agreement.status.in_(IN_PROGRESS + IN_FORCE))
        visit = select(Visit.case_id).where(Visit.status.in_(OPEN))
        return s.scalars(
            select(Case.case_no)
            .join(Loan, Loan.id == Case.loan_id)
            .where(
                Case.status != CaseStatus.CLOSED,
                Loan.status == LoanStatus.ACTIVE,
                Case.dpd.between(5, 30),
                Case.id.not_in(agreement),
                Case.id.not_in(visit),
            )
            .order_by(Case.id)
        ).first()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_early_write_off_is_ticked_or_refused(qtbot, database, screenshot_dir, lang) -> None:
    from ui.dialogs.closure import ClosureDialog

    case_no = _m1_case(database)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        with database.sessions() as s:
            state = closure_state(s, window.user, case_no)
        assert 0 < state.dpd < CANDIDATE_DPD and state.early
        dialog = ClosureDialog(database, window.user, state, window)
        qtbot.addWidget(dialog)
        dialog.show()
        said = {
            "en": f"Days past due today: {state.dpd} (M1); loans are written off from 181.",
            "zh_CN": f"今日逾期天数：{state.dpd}（M1）；贷款逾期满 181 天起方可核销。",
        }[lang]
        assert said in [label.text() for label in dialog.findChildren(type(dialog.effect))]
        dialog.choose("legal")
        assert dialog.early.isHidden()  # only a write-off asks
        dialog.choose("write_off")
        assert not dialog.early.isHidden() and not dialog.early.isChecked()
        assert str(state.dpd) in dialog.early.text()
        dialog.reason.setPlainText("借款人已身故，经核实无遗产可供清偿")
        assert dialog.try_save() is False  # not ticked: refused inline, nothing written
        refusal = {"en": "confirm an early write-off", "zh_CN": "请确认提前核销"}[lang]
        assert refusal in dialog.error.text()
        with database.sessions() as s:
            loan = s.scalar(select(Loan).join(Case).where(Case.case_no == case_no))
            assert loan.status is LoanStatus.ACTIVE
        dialog.early.setChecked(True)
        grab(dialog, screenshot_dir / f"closure_early_{lang}.png")
        assert dialog.try_save()
        assert dialog.saved is not None and dialog.saved.decision == "write_off"
        with database.sessions() as s:
            loan = s.scalar(select(Loan).join(Case).where(Case.case_no == case_no))
            assert loan.status is LoanStatus.WRITTEN_OFF
    finally:
        set_language("en")
