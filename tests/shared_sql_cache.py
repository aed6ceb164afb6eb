"""Compiled SQL shared by the tests' engines, as one engine keeps it for the app.

SQLAlchemy keeps the SQL it compiled for a statement in a cache of the engine's own (and one per
mapper for the ORM's flushes), keyed by the engine's dialect object. The app opens an office once
and compiles each statement once; the suite opens a new database, hence a new engine and dialect,
for nearly every test, and compiled every statement again: about a fifth of the time of a core
test. Here every engine's cache, and every mapper's, is one that keys a dialect by what it is —
its class, its DB-API module and its settings (every plain value it holds once connected) — so
a statement compiled for one test's SQLCipher file serves the next one's, and one compiled for
PostgreSQL the next PostgreSQL database's. Dialects that differ in anything plain (another
server version, another DB-API module, another setting) share nothing. `install` is called once,
from tests/conftest.py, before any engine is made; CASEDESK_TEST_OWN_SQL_CACHE=1 leaves
SQLAlchemy's per-engine caches as they are.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine.base import Engine
from sqlalchemy.orm.mapper import Mapper
from sqlalchemy.util import LRUCache
from sqlalchemy.util.langhelpers import HasMemoized

_PLAIN = (bool, int, float, str, tuple, type(None))
_KEY = "_test_sql_cache_key"


def dialect_key(dialect: Any) -> tuple[Any, ...]:
    """What a dialect is, for the cache: its class, its DB-API module and its plain settings.
    Taken at its first cached statement, which runs on a connection (so after SQLAlchemy's
    first-connect initialisation, which sets the server version and the flags read from it)."""
    found = dialect.__dict__.get(_KEY)
    if found is None:
        plain = sorted(
            (name, value)
            for name, value in vars(dialect).items()
            if name != _KEY and isinstance(value, _PLAIN)
        )
        found = (type(dialect), id(dialect.dbapi), *plain)
        dialect.__dict__[_KEY] = found
    return found


class SharedCache(LRUCache):  # type: ignore[type-arg]
    """An LRU cache whose keys (dialect, statement key, …) name the dialect by dialect_key."""

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get((dialect_key(key[0]), *key[1:]), default)

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__((dialect_key(key[0]), *key[1:]), value)


SHARED = SharedCache(5000)


def install() -> None:
    engine_init = Engine.__init__

    def init(self: Engine, *args: Any, **kwargs: Any) -> None:
        engine_init(self, *args, **kwargs)
        if self._compiled_cache is not None:  # query_cache_size=0 asks for none
            self._compiled_cache = SHARED

    def _compiled_cache(self: Mapper) -> SharedCache:  # type: ignore[type-arg]
        return SharedCache(self._compiled_cache_size)

    Engine.__init__ = init  # type: ignore[method-assign]
    Mapper._compiled_cache = HasMemoized.memoized_attribute(_compiled_cache)  # type: ignore[assignment]
