"""The first screen's plain-SQL reading of the office gives what the core's queue gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.first_screen import FirstScreenOffice
from app.models import Case, CaseStatus, Role, User
from app.queries.cases import queue_count, queue_head, queue_ids, queue_rows
from db.store import open_database
from tests.conftest import TEST_KEY

NOW = dt.datetime.now(dt.UTC)


def _busiest_agent(database) -> str:  # type: ignore[no-untyped-def]
    with database.sessions() as s:
        return s.execute(
            select(User.username)
            .join(Case, Case.assigned_agent_id == User.id)
            .where(User.role == Role.AGENT, Case.status != CaseStatus.CLOSED)
            .group_by(User.username)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()


@pytest.mark.parametrize("who", ["supervisor", "agent"])
def test_the_first_page_is_the_queues_first_page(demo_path: Path, who: str) -> None:
    database = open_database(demo_path, TEST_KEY)
    username = "supervisor" if who == "supervisor" else _busiest_agent(database)
    light = FirstScreenOffice(demo_path, TEST_KEY)
    try:
        first = light.check_login(username, "demo", NOW)
        assert first is not None and first.username == username
        assert first.sees_office is (who == "supervisor")
        with database.sessions() as s:
            user = s.scalars(select(User).where(User.username == username)).one()
            assert (first.id, first.display_name, first.role) == (
                user.id,
                user.display_name,
                user.role,
            )
            head = queue_head(s, user, n=5)
            total = queue_count(s, user)
            every = queue_ids(s, user)
            rows = queue_rows(s, every)
        assert total == len(every) > 5 and head == every[:5]  # more than a head, even for one agent
        assert light.queue_head(first, 5) == head
        assert light.queue_count(first) == total
        assert light.queue_head(first, total + 5) == every
        assert light.queue_ids(first) == every
        light_rows = light.queue_rows(every)
        assert light_rows == rows  # every field: masks, breakdowns, dates, times, statuses
        assert any(r.last_contact_at for r in rows.values())
        assert any(r.next_action_on for r in rows.values())
        assert any(not r.agent for r in rows.values()) or who == "agent"
        assert light.office_timezone() == "Asia/Shanghai"
    finally:
        light.close()
        database.close()


def test_only_a_good_login_passes_and_nothing_is_written(demo_path: Path) -> None:
    database = open_database(demo_path, TEST_KEY)
    with database.session() as s:
        s.execute(update(User).where(User.username == "agent01").values(active=False))
        s.execute(
            update(User)
            .where(User.username == "agent02")
            .values(locked_until=NOW + dt.timedelta(minutes=10))
        )
    light = FirstScreenOffice(demo_path, TEST_KEY)
    try:
        assert light.check_login("supervisor", "wrong", NOW) is None
        assert light.check_login("nobody", "demo", NOW) is None
        assert light.check_login("agent01", "demo", NOW) is None  # inactive
        assert light.check_login("agent02", "demo", NOW) is None  # locked
        later = NOW + dt.timedelta(minutes=11)
        assert light.check_login("agent02", "demo", later) is not None  # the lock has passed
        assert light.check_login(" supervisor ", "demo", NOW) is not None
    finally:
        light.close()
    with database.sessions() as s:  # the core counts failures; the first screen never writes
        assert s.scalar(select(func.sum(User.failed_logins))) == 0
    database.close()


def test_an_office_behind_the_newest_schema_is_left_to_the_core(demo_path: Path) -> None:
    light = FirstScreenOffice(demo_path, TEST_KEY)
    try:
        assert light.at_head()
        light.connection.execute("UPDATE alembic_version SET version_num = '0006_older'")
        assert not light.at_head()
        light.connection.execute("DROP TABLE alembic_version")
        assert not light.at_head()
    finally:
        light.close()


def test_stored_status_names_read_back_as_their_values() -> None:
    """SQLAlchemy stores an enum's name; the first screen lowers it to the value."""
    assert all(status.name.lower() == status.value for status in CaseStatus)
    assert all(Role[role.name] is role for role in Role)


def test_the_first_screens_page_walks_the_queue_index_due_cases_first(demo_path: Path) -> None:
    """The plain SQL's first page reads ix_case_queue in order (waiting, then score …) and
    sorts nothing, as the core's does; the cases due now come before the waiting ones."""
    from app.first_screen import _IDS

    light = FirstScreenOffice(demo_path, TEST_KEY)
    try:
        sql = "EXPLAIN QUERY PLAN " + _IDS.format(mine="") + " LIMIT 50"
        plan = " | ".join(str(row[-1]) for row in light._all(sql))
        assert "ix_case_queue" in plan and "TEMP B-TREE" not in plan.upper(), plan
        first = light.check_login("supervisor", "demo", NOW)
        assert first is not None
        ids = light.queue_ids(first)
        rows = light.queue_rows(ids)
        waiting = [rows[i].waiting for i in ids]
        assert True in waiting and False in waiting
        assert waiting == sorted(waiting)  # every due case above every waiting one
    finally:
        light.close()
