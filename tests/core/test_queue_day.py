"""Which day the work queue's figures are of (app/queries/queue_day.py), without Qt: nothing said
on the office's today; a past queue date said with today beside it; open cases computed as of
another day said with Rebuild queue (a supervisor's, for an agent), gone once rebuilt."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app import settings
from app.cases.rebuild import rebuild_queue
from app.i18n import sentences, tr
from app.models import Case, CaseStatus, User
from app.queries.queue_day import queue_day
from tests.office_day import office_today

PAST_DAYS = 6


def _user(s, name: str) -> User:
    return s.scalar(select(User).where(User.username == name))


@pytest.fixture
def office(demo_db):
    """The demo office rebuilt as of today (as the window does at start)."""
    with demo_db.session() as s:
        rebuild_queue(s, None)
    return demo_db


def _set_past(database) -> tuple[dt.date, dt.date]:
    with database.session() as s:
        today = office_today()
        day = today - dt.timedelta(days=PAST_DAYS)
        settings.put(s, _user(s, "supervisor"), "queue.as_of", day.isoformat())
    return day, today


def test_nothing_is_said_on_the_offices_today(office) -> None:
    with office.sessions() as s:
        day = queue_day(s, _user(s, "supervisor"))
    assert day.as_of == day.today == office_today()
    assert not day.stale
    assert day.said() is None
    assert day.said("zh_CN") is None


def test_a_past_queue_date_not_yet_rebuilt_says_rebuild(office) -> None:
    past, today = _set_past(office)
    with office.sessions() as s:
        sup, agent = queue_day(s, _user(s, "supervisor")), queue_day(s, _user(s, "agent01"))
    assert sup.as_of == past and sup.today == today and sup.computed_on == today
    assert sup.stale > 0
    assert sup.said() == (
        f"The queue date is {past}; today is {today}. Days past due, buckets and amounts "
        f"overdue are still as of {today}: Rebuild queue brings them to {past}."
    )
    assert agent.said() == (
        f"The queue date is {past}; today is {today}. Days past due, buckets and amounts "
        f"overdue are still as of {today}: a supervisor's Rebuild queue brings them to {past}."
    )
    zh = sup.said("zh_CN")
    assert zh is not None and "重建队列" in zh and past.isoformat() in zh
    assert "主管" in (agent.said("zh_CN") or "")


def test_after_the_rebuild_the_figures_are_of_the_queue_date(office) -> None:
    past, today = _set_past(office)
    with office.session() as s:
        rebuild_queue(s, _user(s, "supervisor"))
    with office.sessions() as s:
        day = queue_day(s, _user(s, "supervisor"))
    assert day.stale == 0
    assert day.said() == (
        f"The queue date is {past}; today is {today}. Days past due, buckets and amounts "
        f"overdue are as of {past}."
    )
    assert "Rebuild" not in (day.said() or "")
    words = [
        tr("The queue date is {date}; today is {today}.", "zh_CN", date=past, today=today),
        tr("Days past due, buckets and amounts overdue are as of {date}.", "zh_CN", date=past),
    ]
    assert day.said("zh_CN") == sentences(words, "zh_CN")


def test_cases_of_several_days_are_said_without_one_day(office) -> None:
    """Cases computed as of two days (or never): no single day to name."""
    past, today = _set_past(office)
    with office.session() as s:
        first = s.scalar(select(Case.id).where(Case.status != CaseStatus.CLOSED).order_by(Case.id))
        s.execute(update(Case).where(Case.id == first).values(computed_as_of=None))
    with office.sessions() as s:
        day = queue_day(s, _user(s, "supervisor"))
    assert day.computed_on is None and day.stale > 0
    assert day.said() == (
        f"The queue date is {past}; today is {today}. Days past due, buckets and amounts "
        f"overdue are not yet all as of {past}: Rebuild queue brings them to that day."
    )


def test_who_may_change_the_queue_date_may_rebuild_it(office) -> None:
    """Saving a queue date rebuilds the queue as the one who saved it (the window, `settings
    set`): whoever may change it may rebuild; an agent can do neither."""
    from app.errors import PermissionDenied
    from app.office_settings import rebuilds_queue
    from app.roles import PERMISSIONS, Permission

    assert PERMISSIONS[Permission.EDIT_SETTINGS] <= PERMISSIONS[Permission.REBUILD_QUEUE]
    with office.session() as s:
        supervisor, agent = _user(s, "supervisor"), _user(s, "agent01")
        assert rebuilds_queue(supervisor, ["office.phone", "queue.as_of"])
        assert not rebuilds_queue(supervisor, ["office.phone"])
        assert not rebuilds_queue(agent, ["queue.as_of"])
        with pytest.raises(PermissionDenied):
            settings.put(s, agent, "queue.as_of", office_today().isoformat())
