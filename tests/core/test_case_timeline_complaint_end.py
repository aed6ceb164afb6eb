"""The case's story tells what became of a complaint (found by the privacy QA, session 32): its
line kept "answer by DATE" after the complaint was resolved, with no word of when it closed,
whether the answer came in time, its outcome, or a supervisor letting contact resume."""

from __future__ import annotations

import datetime as dt

from app.complaints import lift_pause, resolve_complaint
from app.queries.case_page import case_detail
from tests.core.test_complaints import _case, _record, _user, build_office
from tests.office_day import office_today


def _line(s, case_no: str, number: str, lang: str = "en") -> str:
    items = case_detail(s, _user(s, "supervisor"), case_no, lang).timeline
    (item,) = [i for i in items if i.kind == "complaint" and number in i.title]
    return item.detail


def test_a_closed_complaint_says_when_in_time_or_late_and_its_outcome(db) -> None:
    office = build_office(db)
    today = office_today()
    with office.session() as s:
        sup = _user(s, "supervisor")
        c1, c2 = _case(s, "L1").case_no, _case(s, "L2").case_no
        timely = _record(s, c1)
        due = timely.deadline_on
        assert _line(s, c1, timely.complaint_no) == f"answer by {due} · 投诉催收电话过于频繁"
        resolve_complaint(s, sup, timely.complaint_no, "已致歉并限制拨打次数", True, today=today)
        assert _line(s, c1, timely.complaint_no) == (
            f"closed on {today}, answered in time (due {due}): 已致歉并限制拨打次数"
            " · 投诉催收电话过于频繁"
        )
        zh = _line(s, c1, timely.complaint_no, "zh_CN")
        assert zh.startswith(f"{today} 办结，按期答复（答复期限 {due}）：已致歉")
        assert "前答复" not in zh

        late = _record(s, c2, received_on=today - dt.timedelta(days=20), agent_username=None)
        lift_pause(s, sup, late.complaint_no, "借款人同意继续协商还款事宜")
        lifted = _line(s, c2, late.complaint_no)
        assert lifted.startswith(
            f"answer by {late.deadline_on} · contact resumed on {today} (pause lifted by "
        )
        assert "的暂停" not in _line(s, c2, late.complaint_no, "zh_CN")
        resolve_complaint(s, sup, late.complaint_no, "不成立", False, today=today)
        assert _line(s, c2, late.complaint_no).startswith(
            f"closed on {today}, answered late (due {late.deadline_on}): 不成立 · "
        )
        assert "逾期答复" in _line(s, c2, late.complaint_no, "zh_CN")
