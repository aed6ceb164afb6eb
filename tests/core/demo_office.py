"""The 500-loan demo office the demo builder's tests read (tests/core/test_demo*.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.demo import DemoSummary, build_demo
from app.models import Base
from db.store import Database, open_database
from tests.conftest import TEST_KEY

AS_OF = dt.date(2026, 3, 15)
LOANS = 500
SEED = 11


def fresh(template: Path, path: Path) -> Database:
    shutil.copyfile(template, path)
    return open_database(path, TEST_KEY)


def demo_office(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Database, DemoSummary]]:
    """Build the office (about a second) for a module's fixture, and close it after."""
    database = fresh(template_db, tmp_path_factory.mktemp("demo") / "demo.db")
    calls: list[tuple[str, int, int]] = []
    summary = build_demo(
        database,
        loans=LOANS,
        seed=SEED,
        as_of=AS_OF,
        progress=lambda stage, done, total: calls.append((stage, done, total)),
    )
    assert calls and calls[-1] == ("done", LOANS, LOANS)
    yield database, summary
    database.close()


def digest(database: Database) -> str:
    """A hash of every row the seed decides (not the random hash key, password salts, audit)."""
    digest = hashlib.sha256()
    with database.session() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in ("audit_entry", "office"):
                continue
            cols = [c for c in table.c if c.name not in ("national_id_hash", "password_hash")]
            if table.name == "ruleset_version":  # stored by the start-up check, at wall-clock time
                cols = [c for c in cols if c.name != "created_at"]
            for row in s.execute(select(*cols).order_by(*table.primary_key.columns)):
                values = dict(zip([c.name for c in cols], row, strict=True))
                if table.name == "setting" and values["key"] == "privacy.id_hash_key":
                    continue
                if table.name == "setting" and values["key"] == "queue.scored_with":
                    del values["updated_at"]  # stamped by the rebuild at the wall-clock time
                if table.name == "user" and values["username"] == "admin":
                    continue  # made by create_office at the wall-clock time
                digest.update(repr((table.name, sorted(values.items()))).encode())
    return digest.hexdigest()
