"""The two-process demo build (rows made in a forked child) makes exactly the one-process office."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import text

import app.demo.generate as generate_module
import app.demo.pipeline as pipeline
from app.demo import build_demo
from app.setup import building
from db.store import Database, open_database
from tests.conftest import TEST_KEY
from tests.core.demo_office import AS_OF, digest

pytestmark = [
    pytest.mark.sqlite_only,  # the build's cache, sort threads and index timing are SQLite's
    pytest.mark.skipif(
        "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
    ),
]

SCHEMA = text(
    "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
)


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build, however small, makes its rows in a child process."""
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_LOANS", 1)
    monkeypatch.setattr(pipeline, "spare_core", lambda: True)  # even on a busy test host


def test_two_processes_make_the_same_office_and_schema(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, int, int]] = []
    build_demo(db, loans=150, seed=5, as_of=AS_OF, new_file=True)  # one process
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_LOANS", 1)
    monkeypatch.setattr(pipeline, "spare_core", lambda: True)
    assert pipeline.parallel_possible(150)
    path = tmp_path / "two.db"
    with building(path, TEST_KEY) as new:
        summary = build_demo(
            new,
            loans=150,
            seed=5,
            as_of=AS_OF,
            new_file=True,
            progress=lambda stage, done, total: calls.append((stage, done, total)),
        )
        with new.engine.connect() as conn:  # the build's connection, its settings restored
            assert conn.exec_driver_sql("PRAGMA threads").scalar() == 0
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert summary.counts["loan"] == 150 and summary.logins[0].username == "admin"
    assert calls[0] == ("staff", 0, 150) and ("loans", 150, 150) in calls
    assert calls[-1] == ("done", 150, 150)
    assert multiprocessing.active_children() == []
    built = open_database(path, TEST_KEY)
    try:
        assert digest(built) == digest(db)
        with built.session() as s, db.session() as one:  # every index, live or deferred
            assert s.execute(SCHEMA).all() == one.execute(SCHEMA).all()
        with built.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    finally:
        built.close()


def test_a_failing_child_fails_the_build_and_leaves_nothing(
    db: Database, two_processes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(seed: int, as_of: object = None) -> object:
        raise ValueError("no pools today")

    monkeypatch.setattr(pipeline, "prepare", broken)  # inherited by the forked child
    with pytest.raises(pipeline.GeneratorFailed, match="no pools today"):
        build_demo(db, loans=40, seed=3, as_of=AS_OF, new_file=True)
    assert multiprocessing.active_children() == []
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM office").scalar() == 0
        assert conn.exec_driver_sql("SELECT count(*) FROM loan").scalar() == 0


def test_a_failing_build_ends_the_child(db: Database, two_processes: None) -> None:
    def stop(stage: str, done: int, total: int) -> None:
        if stage == "loans":
            raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        build_demo(db, loans=40, seed=3, as_of=AS_OF, progress=stop, new_file=True)
    assert multiprocessing.active_children() == []
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM loan").scalar() == 0


def test_small_or_crowded_builds_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not pipeline.parallel_possible(pipeline.PARALLEL_MIN_LOANS - 1)
    monkeypatch.setattr(pipeline, "spare_core", lambda: False)
    assert not pipeline.parallel_possible(10 * pipeline.PARALLEL_MIN_LOANS)
    with pipeline.RowSource(10 * pipeline.PARALLEL_MIN_LOANS, 1, AS_OF) as source:
        assert not source.parallel and multiprocessing.active_children() == []


def test_prepared_pools_give_the_same_rows() -> None:
    """The child's pools, made before the office, are the ones the generator would make."""
    early = generate_module.prepare(9, AS_OF)
    late = generate_module.prepare(9)
    assert early == late and len(set(early.male)) > 100
