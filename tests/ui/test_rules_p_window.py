"""The window after QA P's rule fixes, English and Chinese: in a US office the visit dialog
refuses a team with an agent whose field training lapsed, naming the rule (#1: it said "No rule
was triggered"), and the Rules page reads the 2026.7 words — the US field-training rule as office
policy, the 7-in-7 counted by dates (#4), and CN's stop_work_contact naming each channel it
stops (#5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.compliance.versions import select_jurisdiction
from app.models import User, VerdictKind
from app.training.status import WorkKind, office_training
from tests.office_day import office_today
from tests.ui.test_queue import grab, login, open_office, window_for
from tests.ui.test_visit_training_words import visitable_case
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
TRAINING = {
    "en": ("Field training for visits", "Office training policy; FDCPA 15 U.S.C. 1692k(c)"),
    "zh_CN": ("上门人员须经培训", "本营业部培训政策；FDCPA 15 U.S.C. 1692k(c)"),
}
WORK = {
    "en": "No call, SMS, letter or visit at work when the borrower asked not to be contacted",
    "zh_CN": "不得在工作单位以电话、短信、信函或上门方式联系",
}
WEEK = {"en": "in 7 consecutive days (the borrower's local dates)", "zh_CN": "按借款人当地日期计"}


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path, qapp: QApplication) -> Iterator:
    yield from open_office(request, tmp_path)


def _use(database, jurisdiction: str) -> None:  # type: ignore[no-untyped-def]
    with database.session() as s:
        select_jurisdiction(s, s.scalar(select(User).where(User.username == "admin")), jurisdiction)


def _rule_row(page, rule_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    row = page.rule_ids().index(rule_id)
    return [cell_text(page.rules, row, c) for c in range(6)]


def test_a_us_visit_with_a_lapsed_agent_is_refused(qtbot, database, lang, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    from ui.dialogs.visit import VisitDialog

    _use(database, "us")
    with database.sessions() as s:
        states = sorted(office_training(s, office_today()), key=lambda a: a.agent_id)
        fit, fit2 = [a for a in states if a.qualified(WorkKind.FIELD)][:2]
        lapsed = next(a for a in states if not a.qualified(WorkKind.FIELD))
    window = window_for(qtbot, database)
    dialog = VisitDialog(
        database, login(database), visitable_case(database), window.cases, window.hub
    )
    qtbot.addWidget(dialog)
    dialog.show()
    for box in (dialog.identity, dialog.address, dialog.phone):
        box.setChecked(True)
    assert dialog.try_verify(), dialog.error.text()
    start = dt.datetime.combine(office_today() + dt.timedelta(days=2), dt.time(10), dialog.zone)
    dialog.set_start(start)
    dialog.agreed.setChecked(True)
    dialog.enter.setChecked(True)
    dialog.set_agents(lapsed.username, fit.username)  # the window asks for two agents
    verdict = dialog.refresh_verdict()
    assert verdict is not None and verdict.kind is VerdictKind.BLOCKED
    (finding,) = [f for f in verdict.findings if f.rule == "visit_training"]
    assert lapsed.display_name in finding.text()
    panel = "\n".join(line.text() for line in dialog.panel.lines)
    name, citation = TRAINING[lang]
    assert name in panel and lapsed.display_name in panel, panel
    assert finding.citation_in(lang).startswith(citation)
    grab(dialog, screenshot_dir / f"rulesP_us_visit_{lang}.png")
    dialog.set_agents(fit.username, fit2.username)
    verdict = dialog.refresh_verdict()
    assert verdict is not None and "visit_training" not in {f.rule for f in verdict.findings}
    dialog.set_agents(lapsed.username, fit.username)
    assert not dialog.try_book() and dialog.booked is None


def test_the_rules_page_reads_the_new_words(qtbot, database, lang, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    window = window_for(qtbot, database, "admin")
    window.show_page(window.rules)
    page = window.rules
    assert "CN 2026.7" in page.header.text()
    work = _rule_row(page, "stop_work_contact")
    assert WORK[lang] in work[1], work
    page.select_rule("stop_work_contact")
    grab(window, screenshot_dir / f"rulesP_cn_rules_{lang}.png")
    _use(database, "us")
    page.refresh()
    assert "US 2026.7" in page.header.text()
    name, citation = TRAINING[lang]
    training = _rule_row(page, "visit_training")
    assert training[0].startswith(name) and citation in training[5], training
    assert WEEK[lang] in _rule_row(page, "weekly_call_cap")[1]
    page.select_rule("visit_training")
    grab(window, screenshot_dir / f"rulesP_us_rules_{lang}.png")


def _dialog(qtbot, database):  # type: ignore[no-untyped-def]
    from ui.dialogs.visit import VisitDialog

    window = window_for(qtbot, database)
    dialog = VisitDialog(
        database, login(database), visitable_case(database), window.cases, window.hub
    )
    qtbot.addWidget(dialog)
    dialog.show()
    for box in (dialog.identity, dialog.address, dialog.phone):
        box.setChecked(True)
    assert dialog.try_verify(), dialog.error.text()
    return dialog


def test_a_us_visit_may_go_with_one_agent(qtbot, database, lang, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    """The US and UK rule sets need no second agent (only CN's visit_staffing does): the visit
    dialog offers "(none)" as the second agent there and books one agent, as `visit book
    --agents` does (the window asked for two whatever the office's rules)."""
    _use(database, "us")
    with database.sessions() as s:
        states = sorted(office_training(s, office_today()), key=lambda a: a.agent_id)
        fit = [a.username for a in states if a.qualified(WorkKind.FIELD)]
    dialog = _dialog(qtbot, database)
    assert dialog.team_needed == 1 and dialog.partner.itemData(0) is None
    assert dialog.partner.currentData() is None  # none asked for
    dialog.agreed.setChecked(True)
    dialog.enter.setChecked(True)
    # A trained agent free then (the demo's own visits take some slots).
    for days, hour, agent in (
        (d, h, a) for d in (2, 3, 4) for h in (10, 14, 16) for a in fit
    ):  # fmt: skip
        day = office_today() + dt.timedelta(days=days)
        dialog.set_start(dt.datetime.combine(day, dt.time(hour), dialog.zone))
        dialog.set_agents(agent)
        verdict = dialog.refresh_verdict()
        if verdict is not None and verdict.kind in (VerdictKind.ALLOWED, VerdictKind.WARNING):
            break
    assert dialog.agents() == [agent]
    assert verdict is not None and "visit_staffing" not in {f.rule for f in verdict.findings}
    grab(dialog, screenshot_dir / f"rulesP_us_one_agent_{lang}.png")
    assert verdict.kind in (VerdictKind.ALLOWED, VerdictKind.WARNING), verdict
    assert dialog.try_book(), dialog.error.text()
    assert dialog.booked is not None


def test_a_cn_visit_still_asks_for_a_second_agent(qtbot, database) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, database)
    assert dialog.team_needed == 2
    assert None not in [dialog.partner.itemData(i) for i in range(dialog.partner.count())]
    assert len(dialog.agents()) == 2
