"""The case's story is newest first even within one minute: a call that went unanswered and the
redial that got through, logged in the same minute (the contact dialog keeps minutes), read with
the redial on top. QA (an agent's day): the unanswered call showed above the conversation that
followed it, as if the borrower had stopped answering after promising to pay."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from app.auth import authenticate
from app.models import User
from app.queries.case_page import case_detail
from tests.core.test_contacts import _case_no, _log, office  # noqa: F401 - the fixture
from tests.office_day import office_today

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _contact_titles(db) -> list[str]:
    user = authenticate(db.sessions, "agent01", "pw-agent")
    with db.session() as s:
        items = case_detail(s, s.get(User, user.id), _case_no(db), "en").timeline
    return [i.title for i in items if i.kind == "contact"]


def test_two_calls_in_the_same_minute_show_the_later_on_top(office) -> None:  # noqa: F811
    at = dt.datetime.combine(office_today() - dt.timedelta(days=1), dt.time(10, 15), SHANGHAI)
    assert _log(office, at=at, outcome="no_answer")[1]
    assert _log(office, at=at, outcome="connected")[1]
    assert _contact_titles(office) == [
        "Call to borrower: connected",
        "Call to borrower: no answer",
    ]


def test_the_other_way_round_too(office) -> None:  # noqa: F811
    """Not a reversal of the order they were saved in by chance: the newest is on top."""
    at = dt.datetime.combine(office_today() - dt.timedelta(days=1), dt.time(10, 15), SHANGHAI)
    assert _log(office, at=at, outcome="connected")[1]
    assert _log(office, at=at, outcome="no_answer")[1]
    assert _contact_titles(office) == [
        "Call to borrower: no answer",
        "Call to borrower: connected",
    ]
