"""The core suite runs on every engine: `db` and `demo_db` are parametrised by engine here.

SQLite always; PostgreSQL as well when CASEDESK_TEST_PG_URL is set (tests/pg/fixtures.py), so
`pytest tests/core` with that variable runs each core test twice, e.g. `test_x[sqlite]` and
`test_x[postgresql]`. A test that needs the SQLite file itself takes the `sqlite_only` marker.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_KEY, _copy_db
from tests.pg.fixtures import pg_enabled

ENGINES = ["sqlite", "postgresql"] if pg_enabled() else ["sqlite"]


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and request.node.get_closest_marker("sqlite_only"):
        pytest.skip("SQLite-specific: the file itself or SQLite-only SQL in the test")
    return str(request.param)


@pytest.fixture
def db(engine_name: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A fresh, empty, migrated database for one test, on each engine."""
    if engine_name == "postgresql":
        yield request.getfixturevalue("pg_db")
        return
    from db.store import open_database

    template = request.getfixturevalue("template_db")
    database = open_database(_copy_db(template, tmp_path / "casedesk.db"), TEST_KEY)
    yield database
    database.close()


@pytest.fixture
def demo_db(engine_name: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A copy of the small demo office for one test, on each engine."""
    if engine_name == "postgresql":
        yield request.getfixturevalue("pg_demo_db")
        return
    from db.store import open_database

    template = request.getfixturevalue("demo_template")
    database = open_database(_copy_db(template, tmp_path / "demo.db"), TEST_KEY)
    yield database
    database.close()
