"""A TCP relay between Casedesk and the test server, to take the server away and bring it back.

The test server is shared (other tests, other workers), so it cannot be stopped; a database
reached through the relay sees what a stopped server does: `stop()` resets every open connection
and refuses new ones (nothing listens on the port), `start()` listens on the same port again.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from tests.pg.fixtures import PgServer


class Relay:
    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self.start()

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """The server goes away: open connections are reset, new ones refused."""
        listener, self._listener = self._listener, None
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)  # wakes accept(); close() alone does not
            except OSError:
                pass
            listener.close()
        with self._lock:
            sockets, self._open = self._open, []
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by stop()
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@pytest.fixture
def relay(pg_server: PgServer) -> Iterator[Relay]:
    host = pg_server.base.host or ""
    if not host or host.startswith("/"):
        pytest.skip("the relay needs the test server on TCP")
    relay = Relay(host, pg_server.base.port or 5432)
    yield relay
    relay.stop()


def url_through(server: PgServer, relay: Relay, name: str) -> str:
    """The URL of database `name` on the test server, reached through the relay."""
    url = server.base.set(database=name, host="127.0.0.1", port=relay.port)
    return url.render_as_string(hide_password=False)
