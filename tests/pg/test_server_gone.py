"""The server stopped while an office is open on it: every use says what happened and what to do
(a DatabaseError, one line in the CLI and the window), nothing is half-saved, and the same open
office carries on once the server is back. Another workstation's long write makes a writer give
up with "busy", as on a file (tests/pg/test_race.py). Skipped without CASEDESK_TEST_PG_URL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import DatabaseError
from app.models import ContactAttempt, Promise
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_contacts import PHONE, _log, _yesterday
from tests.core.test_contacts import office as contacts_office  # noqa: F401 - a fixture
from tests.pg.relay import url_through

GONE = "Cannot reach the office's server"
WHAT_TO_DO = "check that the server is running and that this computer can reach it"


@pytest.fixture
def db(pg_server, pg_template, relay):
    """A fresh office database, reached through the relay (the contacts office builds on it)."""
    name = pg_server.create(pg_template)
    database = open_database(url_through(pg_server, relay, name), TEST_KEY)
    yield database
    database.close()
    pg_server.drop(name)


def _saved(database) -> tuple[int, int]:
    with database.sessions() as s:
        return (
            s.scalar(select(func.count()).select_from(ContactAttempt)),
            s.scalar(select(func.count()).select_from(Promise)),
        )


def test_a_use_case_while_the_server_is_down_says_what_to_do(contacts_office, relay) -> None:  # noqa: F811
    assert _log(contacts_office, at=_yesterday(9))[1]
    relay.stop()
    with pytest.raises(DatabaseError) as raised:
        _log(contacts_office, at=_yesterday(10))
    said = raised.value.translated()
    assert GONE in said and WHAT_TO_DO in said and "Nothing was saved" in said
    assert contacts_office.url in said and str(relay.port) in said
    assert "服务器" in raised.value.translated("zh_CN")
    relay.start()  # the server is back: the same open office carries on
    assert _saved(contacts_office) == (1, 0)
    assert _log(contacts_office, at=_yesterday(10))[1]
    assert _saved(contacts_office) == (2, 0)


def test_the_server_lost_mid_transaction_saves_nothing(contacts_office, relay) -> None:  # noqa: F811
    """The connection dies between a use case's writes and its commit: all of it is undone."""
    from app.contacts import log_contact
    from app.models import Case, User

    with contacts_office.sessions() as s:
        case_no = s.scalar(select(Case.case_no))
        agent = s.scalar(select(User).where(User.username == "agent01"))
    with pytest.raises(DatabaseError, match=GONE):
        with contacts_office.session(write_lock=True) as s:
            log_contact(
                s,
                s.get(User, agent.id),
                case_no,
                channel="call",
                party="borrower",
                outcome="connected",
                at=_yesterday(9),
                phone_number=PHONE,
                promise=(50_000, _yesterday(9).date()),
            )
            s.flush()  # the attempt and its promise are written, not yet committed
            relay.stop()
    relay.start()
    assert _saved(contacts_office) == (0, 0)
