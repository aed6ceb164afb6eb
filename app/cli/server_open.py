"""Opening an office on a PostgreSQL server from the command line: the server password asked at
the terminal only when the server wants one, the office key asked when not kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.cli import common  # by module: tests stand in for its terminal (common.interactive)
from app.errors import DatabaseError
from app.i18n import tr

if TYPE_CHECKING:
    from db.pg_login import AskPassword
    from db.store import Database


def open_server(url: str, key: str | None = None, *, upgrade: bool = True) -> Database:
    """Open an office on a PostgreSQL server; the password and the office key may be asked. An
    office key the keychain kept that does not match is said, and the recovery key asked at a
    terminal (as for a file, app/cli/common.py open_file): Enter alone leaves it as it was."""
    from app.errors import KeptKeyWrong
    from db.pg import display
    from db.store import open_database

    shown = display(url)
    ask_password = password_prompt(shown)

    def ask_key() -> str | None:
        return common.ask_secret(tr("Recovery key for {path}: ", path=shown))

    try:
        return open_database(url, key, upgrade=upgrade, ask_key=ask_key, ask_password=ask_password)
    except KeptKeyWrong as error:
        if not common.interactive():
            raise
        common.err(
            tr(
                "The office key this computer kept for {path} does not match its audit trail: "
                "the database may have been restored, or made anew, on the server. Type the "
                "office's recovery key to open it and keep that key instead, or press Enter to "
                "leave the kept key as it was.",
                path=error.params.get("path", shown),
            )
        )
    return open_database(
        url, key, upgrade=upgrade, ask_key=ask_key, ask_password=ask_password, keychain=False
    )


def password_prompt(shown: str) -> AskPassword | None:
    """The server password typed at the terminal, asked only when the server refuses to let the
    user in without one, again after a wrong one, three times at most; None without a terminal
    (the error then says how to give it). Nothing typed here is remembered."""
    from db.pg_login import Refusal

    if not common.interactive():
        return None
    refused = 0  # typed passwords the server refused

    def ask(refusal: Refusal) -> str | None:
        nonlocal refused
        if refusal is Refusal.SAVED:
            common.err(
                tr(
                    "The server refused the password remembered on this computer for {path}.",
                    path=shown,
                )
            )
        elif refusal is Refusal.TYPED:
            refused += 1
            if refused >= 3:
                raise DatabaseError(
                    "The server {url} refused the password three times; nothing was opened.",
                    url=shown,
                )
            common.err(tr("The server refused that password; try again."))
        return common.ask_secret(tr("Server password for {path}: ", path=shown))

    return ask
