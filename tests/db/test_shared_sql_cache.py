"""The suite's compiled-SQL cache (tests/shared_sql_cache.py): engines whose dialects are alike
share a statement's compiled SQL; an engine on another DB-API module, or with another setting,
compiles its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, literal_column, select

from db.engine import make_engine
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.skipif(
    os.environ.get("CASEDESK_TEST_OWN_SQL_CACHE") == "1", reason="the suite's cache is off"
)

STATEMENT = select(literal_column("'shared'").label("word"))


def _compiled(engine: Engine) -> object:
    with engine.connect() as conn:
        result = conn.execute(STATEMENT)
        assert result.scalar() == "shared"
        return result.context.compiled


def test_two_encrypted_files_share_the_compiled_sql(tmp_path: Path) -> None:
    first = make_engine(tmp_path / "a.db", TEST_KEY, must_exist=False)
    second = make_engine(tmp_path / "b.db", TEST_KEY, must_exist=False)
    try:
        assert first.dialect is not second.dialect
        assert _compiled(first) is _compiled(second)
    finally:
        first.dispose()
        second.dispose()


def test_another_module_or_setting_compiles_its_own(tmp_path: Path) -> None:
    encrypted = make_engine(tmp_path / "a.db", TEST_KEY, must_exist=False)
    plain = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")  # Python's sqlite3, not SQLCipher
    plain_again = create_engine(f"sqlite:///{tmp_path / 'plain2.db'}")
    labelled = create_engine(f"sqlite:///{tmp_path / 'plain3.db'}", label_length=20)
    try:
        assert encrypted.dialect.dbapi is not plain.dialect.dbapi
        assert _compiled(encrypted) is not _compiled(plain)
        assert _compiled(plain) is _compiled(plain_again)
        assert _compiled(labelled) is not _compiled(plain)
    finally:
        for engine in (encrypted, plain, plain_again, labelled):
            engine.dispose()
