"""The visit dialog's words follow the visit: booked at the borrower's place of work, the consent
to enter, its finding and the title name the workplace, not the home; and a borrower whose clock
differs from the office's (a California borrower of a New York office) sees the start in their
own time too, in which quiet hours are judged. Screenshots in English and Chinese."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import Borrower, Office
from tests.office_day import office_today
from tests.ui.test_queue import grab, login, open_office, window_for
from tests.ui.test_us_uk_verdicts_window import _switch, _visitable_case

pytestmark = pytest.mark.gui
NEW_YORK, LOS_ANGELES = "America/New_York", "America/Los_Angeles"


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _booking(qtbot, database, case_no: str):
    from ui.dialogs.visit import VisitDialog

    window = window_for(qtbot, database)
    dialog = VisitDialog(database, login(database), case_no, window.cases, window.hub)
    qtbot.addWidget(dialog)
    dialog.show()
    for box in (dialog.identity, dialog.address, dialog.phone):
        box.setChecked(True)
    assert dialog.try_verify(), dialog.error.text()
    start = dt.datetime.combine(office_today() + dt.timedelta(days=2), dt.time(10), dialog.zone)
    dialog.set_start(start)
    dialog.agreed.setChecked(True)
    return dialog


def _consent_findings(dialog) -> list[str]:
    verdict = dialog.refresh_verdict()
    assert verdict is not None
    return [f.text() for f in verdict.findings if f.rule == "visit_consent"]


def test_a_visit_at_work_asks_consent_to_enter_the_workplace(
    qtbot, database, screenshot_dir
) -> None:
    case_no, _borrower = _visitable_case(database)
    dialog = _booking(qtbot, database, case_no)
    assert dialog.enter.text() == "The borrower consents to the agents entering the home"
    assert dialog.windowTitle().startswith("Home visit on ")
    assert _consent_findings(dialog) == [
        "No record that the borrower consents to the agents entering the home."
    ]
    dialog.at_work.setChecked(True)
    assert dialog.enter.text() == "The borrower consents to the agents entering the workplace"
    assert dialog.windowTitle().startswith("Visit at the workplace on ")
    assert _consent_findings(dialog) == [
        "No record that the borrower consents to the agents entering the workplace."
    ]
    assert dialog.borrower_time.isHidden()  # a Shanghai borrower of a Shanghai office
    grab(dialog, screenshot_dir / "qaus3-visit-workplace.png")
    dialog.at_work.setChecked(False)
    assert "entering the home" in dialog.enter.text()


def _us_office_with_a_california_borrower(database) -> str:
    _switch(database, "us")
    case_no, borrower_id = _visitable_case(database)
    with database.session() as s:
        s.scalar(select(Office)).timezone = NEW_YORK
        s.get(Borrower, borrower_id).timezone = LOS_ANGELES
    return case_no


def test_a_california_borrower_of_a_new_york_office_sees_their_own_time(
    qtbot, database, screenshot_dir
) -> None:
    dialog = _booking(qtbot, database, _us_office_with_a_california_borrower(database))
    assert dialog.zone.key == NEW_YORK
    assert dialog.borrower_time.isVisibleTo(dialog)
    day = (office_today() + dt.timedelta(days=2)).isoformat()
    assert dialog.borrower_time.text().replace("\u2060", "") == (
        f"{day} 07:00 the borrower's local time (America/Los_Angeles), in which quiet hours "
        "are judged"
    )
    start = dt.datetime.combine(office_today() + dt.timedelta(days=3), dt.time(13, 30))
    dialog.set_start(start.replace(tzinfo=dialog.zone))
    assert dialog.borrower_time.text().startswith(f"{start.date().isoformat()} 10:30 ")
    qtbot.waitUntil(lambda: not dialog.timer.isActive(), timeout=3000)  # the verdict, re-run
    grab(dialog, screenshot_dir / "qaus3-visit-us-borrower-time.png")
    # The line wraps: the dialog fits a 1024-px screen (it needed 1041 px on one line).
    assert dialog.borrower_time.wordWrap()
    assert dialog.minimumSizeHint().width() <= 1000, dialog.minimumSizeHint()


def test_the_borrowers_time_and_the_workplace_in_chinese(qtbot, database, screenshot_dir) -> None:
    case_no = _us_office_with_a_california_borrower(database)
    set_language("zh_CN")
    try:
        dialog = _booking(qtbot, database, case_no)
        dialog.at_work.setChecked(True)
        assert dialog.enter.text() == "借款人同意催收员进入其工作场所"
        assert dialog.borrower_time.text().startswith(
            f"借款人当地时间 {(office_today() + dt.timedelta(days=2)).isoformat()} 07:00"
        )
        grab(dialog, screenshot_dir / "qaus3-visit-us_zh_CN.png")
        assert dialog.minimumSizeHint().width() <= 1000, dialog.minimumSizeHint()
    finally:
        set_language("en")
