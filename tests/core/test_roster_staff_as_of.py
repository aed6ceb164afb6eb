"""The training roster as of a past day lists the agents on the staff that day, as the compliance
report for that day counts them: an account made after the day is left out (it would show every
course "missing"), one made before it is listed; as of today both are."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.auth import add_user
from app.models import User
from app.office import create_office, office_timezone, office_today
from app.reporting.compliance_more import staff_count
from app.reporting.period import Period
from app.training.roster import roster_data

AS_OF = dt.date(2026, 11, 28)
BEFORE = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
AFTER = dt.datetime(2026, 11, 29, 9, tzinfo=dt.UTC)  # 17:00 on the 29th in Shanghai


def test_an_account_made_after_the_day_is_not_on_its_roster(db) -> None:
    with db.session() as s:
        _, admin = create_office(s, name="Office", admin_username="admin", admin_password="pw-a")
        add_user(s, admin, "agent01", "agent", "pw-agent", "王芳").created_at = BEFORE
        add_user(s, admin, "agent02", "agent", "pw-agent", "李强").created_at = AFTER
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        assert admin is not None
        past = roster_data(s, admin, AS_OF)
        assert [a.username for a in past.agents] == ["agent01"]
        day = Period(AS_OF, AS_OF, office_timezone(s))
        assert staff_count(s, day) == len(past.agents)  # the compliance report's count
        now = roster_data(s, admin, office_today(s))
        assert sorted(a.username for a in now.agents) == ["agent01", "agent02"]
