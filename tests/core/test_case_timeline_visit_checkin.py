"""The case's story shows a visit when it happened, at its check-in, its booked slot and its
check-out beside it. QA: a visit booked for 10:00 and checked in at 11:10 stood at 10:00, before
the calls that led to it, as if the team had been on time. Times explicit, in Shanghai."""

from __future__ import annotations

import datetime as dt

from app.queries.case_page import case_detail
from tests.core.test_audit_case_trail import office as office  # the fixture: a visit gone to
from tests.core.visit_office import SHANGHAI, login, office_today


def test_the_story_shows_a_visit_when_it_happened(office) -> None:
    db, cases, visit_no = office
    with db.session() as s:
        items = case_detail(s, login(db, "supervisor"), cases[0], "en").timeline
    (line,) = [i for i in items if i.kind == "visit" and visit_no in i.title]
    day = office_today() - dt.timedelta(days=4)
    assert line.when(SHANGHAI) == f"{day:%Y-%m-%d} 11:10"  # checked in, not booked (10:00)
    assert f"booked for {day:%Y-%m-%d} 10:00–11:30" in line.detail
    assert "checked in 11:10, out 12:05" in line.detail
    # The promise made at the visit stands at its check-out, after the visit's line.
    (promise,) = [i for i in items if i.kind == "promise"]
    assert items.index(promise) < items.index(line) and promise.at > line.at
    with db.session() as s:
        zh = case_detail(s, login(db, "supervisor"), cases[0], "zh_CN").timeline
    (line,) = [i for i in zh if i.kind == "visit" and visit_no in i.title]
    assert "签到 11:10，签退 12:05" in line.detail
