"""The queue rebuild's page cache (app/cases/rebuild.py): raised to REBUILD_CACHE_KIB on its
connection while it runs, the usual one given back afterwards; a bigger one left as it is. And
its lean reading of the overdue loans agrees with the positions'."""

from __future__ import annotations

import datetime as dt

import pytest

from app.cases.delinquency import overdue_figures, overdue_positions
from app.cases.rebuild import REBUILD_CACHE_KIB, rebuild_queue
from db.sqlcipher import CACHE_KIB
from tests.office_day import office_today


def _cache(session) -> int:  # type: ignore[no-untyped-def]
    return int(session.connection().exec_driver_sql("PRAGMA cache_size").scalar_one())


@pytest.mark.sqlite_only
def test_the_rebuild_reads_with_a_bigger_page_cache_then_gives_it_back(demo_db):
    seen: list[int] = []
    with demo_db.session() as s:
        assert _cache(s) == -CACHE_KIB
        rebuild_queue(s, None, progress=lambda stage, done, total: seen.append(_cache(s)))
        assert _cache(s) == -CACHE_KIB
    assert seen and set(seen) == {-REBUILD_CACHE_KIB}
    assert REBUILD_CACHE_KIB > CACHE_KIB


@pytest.mark.sqlite_only
def test_a_bigger_page_cache_is_left_as_it_is(demo_db):
    seen: list[int] = []
    bigger = -2 * REBUILD_CACHE_KIB
    with demo_db.session() as s:
        s.connection().exec_driver_sql(f"PRAGMA cache_size = {bigger}")
        rebuild_queue(s, None, progress=lambda stage, done, total: seen.append(_cache(s)))
        assert set(seen) == {bigger} and _cache(s) == bigger


@pytest.mark.sqlite_only
def test_the_cache_is_given_back_when_the_rebuild_fails(demo_db):
    def fail(stage: str, done: int, total: int) -> None:
        raise RuntimeError("stop")

    with demo_db.session() as s:
        with pytest.raises(RuntimeError):
            rebuild_queue(s, None, progress=fail)
        assert _cache(s) == -CACHE_KIB
        s.rollback()


@pytest.mark.parametrize("days_back", [0, 40, 400])
def test_the_rebuilds_overdue_figures_are_the_positions(demo_db, days_back):
    as_of = office_today() - dt.timedelta(days=days_back)
    with demo_db.session() as s:
        figures = overdue_figures(s, as_of)
        positions = {
            p.loan_id: (p.oldest_unpaid_due_on, p.dpd, p.amount_overdue)
            for p in overdue_positions(s, as_of)
        }
        some = sorted(positions)[:5]
        assert overdue_figures(s, as_of, some) == {lid: positions[lid] for lid in some}
    assert figures and figures == positions
