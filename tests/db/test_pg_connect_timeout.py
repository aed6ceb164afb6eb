"""A server address that takes the connection but never answers (a silent firewall, a server
hung) fails within a connect timeout, with what to check, instead of holding the window or the
command for minutes (found by QA). No PostgreSQL server is needed: a socket that listens and
never speaks stands in for the silent one."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

import db.pg
from app.errors import DatabaseError


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port whose handshake completes (the kernel's backlog) and that never says a word."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def _open(url: str) -> list[BaseException]:
    """make_pg_engine on `url` in a thread, given 60 s at most: what it raised."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            db.pg.make_pg_engine(make_url(url))
        except BaseException as error:  # noqa: BLE001 - handed to the test
            raised.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "the connection waited on the silent server"
    return raised


def test_a_silent_server_fails_within_the_timeout(silent_server, monkeypatch) -> None:
    monkeypatch.setattr(db.pg, "CONNECT_TIMEOUT_S", 1)
    raised = _open(f"postgresql+psycopg://casedesk@127.0.0.1:{silent_server}/office")
    assert len(raised) == 1 and isinstance(raised[0], DatabaseError)
    said = str(raised[0])
    assert said.startswith(f"Cannot open postgresql+psycopg://casedesk@127.0.0.1:{silent_server}")
    assert "that the server is running and that this computer can reach it" in said


def test_the_urls_own_timeout_is_kept(silent_server, monkeypatch) -> None:
    monkeypatch.setattr(db.pg, "CONNECT_TIMEOUT_S", 3600)  # would hang the test if it won
    url = f"postgresql+psycopg://casedesk@127.0.0.1:{silent_server}/office?connect_timeout=1"
    raised = _open(url)
    assert len(raised) == 1 and isinstance(raised[0], DatabaseError)
