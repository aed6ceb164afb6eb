"""A visit booked with an agent whose field training lapsed (or was never passed) is refused and
says which course each of them lacks and what to do, in English and Chinese (QA, session 21: it
named the agents alone, so the supervisor had to go and look up which course had lapsed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.compliance.model import stored_text
from app.models import Case, CaseStatus, Loan, User, VerdictKind, Visit
from app.training import record_training
from app.training.records import add_course
from app.training.status import WorkKind, office_training
from tests.office_day import office_today
from tests.ui.test_queue import grab, login, open_office, window_for

pytestmark = pytest.mark.gui
WORDS = {
    "en": (
        "Field training lapsed or missing: {a} (Field first aid); {b} (Field first aid). Record "
        "the agent's new pass (Agents & training) or choose another agent."
    ),
    "zh_CN": (
        "上门培训已过期或缺失：{a}（外勤急救）；{b}（外勤急救）。请为该催收员登记新的考核通过记录"
        "（催收员与培训），或改派其他催收员。"
    ),
}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def first_aid(database) -> list[tuple[str, str]]:
    """Three agents fit for field work; then a new course required for it: the first never took
    it, the second's pass of 13 months ago lapsed, the third passed it last month. Their user
    names and names."""
    today = office_today()
    with database.session() as s:
        fit = [
            (a.username, a.display_name)
            for a in sorted(office_training(s, today), key=lambda a: a.agent_id)
            if a.qualified(WorkKind.FIELD)
        ][:3]
        assert len(fit) == 3
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        course = add_course(
            s,
            boss,
            code="AID",
            name_zh="外勤急救",
            name_en="Field first aid",
            validity_months=12,
            pass_mark=60,
            required_for="field",
        )
        for (name, _shown), days in zip(fit[1:], (400, 30), strict=True):
            agent = s.scalar(select(User).where(User.username == name))
            taken = today - dt.timedelta(days=days)
            record_training(s, boss, agent, course, taken_on=taken, score=90, today=today)
        return fit


def visitable_case(database) -> str:
    with database.sessions() as s:
        return s.scalar(
            select(Case.case_no)
            .join(Loan, Loan.id == Case.loan_id)
            .where(
                Loan.home_visit_consent,
                Case.status.not_in([CaseStatus.CLOSED, CaseStatus.LEGAL, CaseStatus.PAUSED]),
                Case.id.not_in(select(Visit.case_id)),
            )
            .order_by(Case.id)
        )


def test_a_booking_with_lapsed_field_training_names_each_agent_s_course(
    qtbot, database, lang, screenshot_dir
) -> None:
    from ui.dialogs.visit import VisitDialog

    (never, lapsed, passed) = first_aid(database)
    case_no = visitable_case(database)
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
    dialog.enter.setChecked(True)
    dialog.set_agents(never[0], lapsed[0])
    verdict = dialog.refresh_verdict()
    assert verdict is not None and verdict.kind is VerdictKind.BLOCKED
    (finding,) = [f for f in verdict.findings if f.rule == "visit_training"]
    # The agents in the order the check lists them (by id).
    expected = WORDS[lang].format(a=never[1], b=lapsed[1])
    assert finding.text() == expected
    panel = "\n".join(line.text() for line in dialog.panel.lines)
    assert expected.split("：" if lang == "zh_CN" else ": ")[0] in panel
    grab(dialog, screenshot_dir / f"visit_training_course_{lang}.png")
    assert not dialog.try_book()  # refused, and the refusal kept with its words
    other = "en" if lang == "zh_CN" else "zh_CN"
    stored = finding.as_json()
    assert stored_text(stored["key"], stored["params"], other) == WORDS[other].format(
        a=never[1], b=lapsed[1]
    )
    dialog.set_agents(passed[0], lapsed[0])  # the third passed it last month
    verdict = dialog.refresh_verdict()
    (finding,) = [f for f in verdict.findings if f.rule == "visit_training"]
    assert passed[1] not in finding.text() and lapsed[1] in finding.text()
