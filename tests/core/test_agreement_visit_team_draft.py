"""QA s44 #4: a visit's team agent whose case it is not, drafting from the visit's outcome
(`agreement draft --visit`, the core's draft), is told whose the case is and who drafts it — the
Visits page's words — not the generic "may open only the cases assigned to them"."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.agreements import draft_plan, draft_settlement
from app.errors import PermissionDenied
from app.i18n import tr
from app.models import Agreement
from tests.core.test_agreement_from_visit import _completed
from tests.core.test_agreement_from_visit import office as office  # noqa: F401
from tests.core.test_visits import _run
from tests.core.visit_office import case_nos


def test_a_team_agent_is_told_whose_case_it_is(office) -> None:  # noqa: F811
    case_no = case_nos(office)[0]  # agent01's (王芳); agent02 (李强) was on the visit's team
    visit_no = _completed(office, case_no, default_reason="job_loss")
    start = dt.date.today() + dt.timedelta(days=7)
    with pytest.raises(PermissionDenied) as plan:
        _run(office, "agent02", draft_plan, case_no, count=3, start=start, visit_no=visit_no)
    said = str(plan.value)
    assert said.startswith(f"Case {case_no} is 王芳's: 王芳 drafts the agreement from the outcome")
    assert "may open only" not in said
    assert plan.value.translated("zh_CN") != said  # it has its Chinese words
    assert tr(plan.value.msgid, "zh_CN") != plan.value.msgid
    with pytest.raises(PermissionDenied, match="王芳 drafts the agreement"):
        _run(office, "agent02", draft_settlement, case_no, 100_000, visit_no=visit_no)
    # Without the visit it is the case's ordinary refusal.
    with pytest.raises(PermissionDenied, match="may open only"):
        _run(office, "agent02", draft_plan, case_no, count=3, start=start)
    with office.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Agreement)) == 0
