"""Ctrl-C that lands while SQLite runs a statement exits 130 quietly, as the README says of every
command; nothing is half-saved. Pressed during `casedesk demo`'s bulk load it printed two
tracebacks and exited 1: the error handler that words SQLite's errors read the first line of the
interrupt's (empty) message, and the load's clean-up then ran a PRAGMA on the connection the
interrupt had closed. The Ctrl-C is made here by the engine's own hook, at the statement named."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event

from db.sqlcipher import failure
from tests.conftest import TEST_KEY


@pytest.fixture
def ctrl_c_at() -> Iterator[dict[str, object]]:
    """Raise KeyboardInterrupt before the first statement that starts with `when["sql"]`, once."""
    when: dict[str, object] = {"sql": None, "pressed": 0}

    def press(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        prefix = when["sql"]
        if isinstance(prefix, str) and statement.startswith(prefix) and not when["pressed"]:
            when["pressed"] = 1
            raise KeyboardInterrupt

    event.listen(Engine, "before_cursor_execute", press)
    try:
        yield when
    finally:
        event.remove(Engine, "before_cursor_execute", press)


def test_ctrl_c_during_the_demo_load_exits_130_and_leaves_nothing(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ctrl_c_at
) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    path = tmp_path / "demo.db"
    ctrl_c_at["sql"] = "INSERT INTO loan "
    code, out, err = cli("demo", "--db", path, "--loans", "60")
    assert ctrl_c_at["pressed"] == 1
    assert code == 130, err
    assert "Traceback" not in err and "Error" not in err
    assert "Recovery key" not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # neither the file nor its partial

    ctrl_c_at["sql"] = None  # the same command, let through, builds the office
    code, out, err = cli("demo", "--db", path, "--loans", "60")
    assert code == 0, err
    assert path.exists()


def test_sqlites_error_words_leave_an_interrupt_and_a_wordless_error_alone() -> None:
    assert failure(KeyboardInterrupt(), "/x/office.db") is None
    assert failure(SystemExit(1), "/x/office.db") is None
    assert failure(RuntimeError(), "/x/office.db") is None  # no message: no IndexError either
