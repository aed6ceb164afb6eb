"""The demo builder's builds: the same seed gives the same office; a new file's build makes the
same office and rolls back whole; a busy office's diaries hold."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.demo import build_demo
from app.models import (
    Case,
    Complaint,
    Loan,
    Visit,
    VisitAgent,
    VisitStatus,
)
from db.store import Database, open_database
from tests.conftest import TEST_KEY
from tests.core.demo_office import AS_OF, digest, fresh


def test_same_seed_gives_identical_data(db: Database, template_db: Path, tmp_path: Path) -> None:
    build_demo(db, loans=120, seed=3, as_of=AS_OF)
    twin = fresh(template_db, tmp_path / "twin.db")
    other = fresh(template_db, tmp_path / "other.db")
    try:
        build_demo(twin, loans=120, seed=3, as_of=AS_OF)
        build_demo(other, loans=120, seed=4, as_of=AS_OF)
        assert digest(db) == digest(twin)
        assert digest(db) != digest(other)
    finally:
        twin.close()
        other.close()


@pytest.mark.sqlite_only  # journal, fsync and foreign-key settings are SQLite's
def test_a_new_file_build_makes_the_same_office(db: Database, tmp_path: Path) -> None:
    """`new_file` (how `casedesk demo` builds) drops crash protection, never content or schema."""
    from app.setup import building

    build_demo(db, loans=120, seed=3, as_of=AS_OF)
    path = tmp_path / "new.db"
    with building(path, TEST_KEY) as new:
        build_demo(new, loans=120, seed=3, as_of=AS_OF, new_file=True)
        with new.engine.connect() as conn:  # the build's connection, back in the pool
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    built = open_database(path, TEST_KEY)
    try:
        assert digest(built) == digest(db)
        with built.engine.connect() as conn:  # no foreign key was checked while loading
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        built.close()


@pytest.mark.sqlite_only
def test_a_failed_new_file_build_rolls_back_and_restores_the_connection(db: Database) -> None:
    """The journal kept in memory still undoes everything on an error in the build."""

    def stop(stage: str, done: int, total: int) -> None:
        if stage == "indexes":
            raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        build_demo(db, loans=60, seed=3, as_of=AS_OF, progress=stop, new_file=True)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM loan").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM office").scalar() == 0
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_no_agent_is_on_two_visits_at_once(template_db: Path, tmp_path: Path) -> None:
    """The demo's visits pass the core's visit_agent_conflict rule: an agent's scheduled visits
    (cancelled ones aside) are apart by at least the rule set's travel time; and its
    visit_borrower_booked rule: one visit booked or under way per borrower. A 3,000-loan office:
    the small one books too few visits for its agents to meet. It also answers enough complaints
    to show none is answered after the build date."""
    database = fresh(template_db, tmp_path / "busy.db")
    build_demo(database, loans=3000, seed=8, as_of=dt.date(2026, 11, 30))
    gap = dt.timedelta(minutes=30)
    with database.session() as s:
        diaries: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
        rows = s.execute(
            select(VisitAgent.agent_id, Visit.scheduled_start, Visit.scheduled_end, Visit.status)
            .join(Visit, Visit.id == VisitAgent.visit_id)
            .where(Visit.scheduled_start.is_not(None))
        ).all()
        for agent, start, end, status in rows:
            if status is not VisitStatus.CANCELLED:
                diaries[agent].append((start, end))
        under_way = s.scalars(select(Visit).where(Visit.status == VisitStatus.IN_PROGRESS)).all()
        open_per_borrower = s.execute(
            select(Loan.borrower_id, func.count())
            .select_from(Visit)
            .join(Case, Case.id == Visit.case_id)
            .join(Loan, Loan.id == Case.loan_id)
            .where(Visit.status.in_([VisitStatus.BOOKED, VisitStatus.IN_PROGRESS]))
            .group_by(Loan.borrower_id)
        ).all()
        answered = s.scalar(select(func.max(Complaint.closed_on)))
    database.close()
    assert answered is not None and answered <= dt.date(2026, 11, 30)  # not after the build
    assert sum(map(len, diaries.values())) > 100
    for visits in diaries.values():
        visits.sort()
        for (_, end), (next_start, _) in zip(visits, visits[1:], strict=False):
            assert next_start >= end + gap
    assert open_per_borrower and max(n for _, n in open_per_borrower) == 1  # visit_borrower_booked
    shanghai = ZoneInfo("Asia/Shanghai")
    assert under_way
    for visit in under_way:  # teams went out this morning
        assert visit.checked_in_at is not None
        assert visit.scheduled_start.astimezone(shanghai).hour < 11
