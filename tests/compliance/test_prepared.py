"""Prepared statements (app.compliance.prepared) return what SQLAlchemy returns, value for value,
and fail the way SQLAlchemy fails."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import bindparam, exc, literal_column, select

from app.compliance.context import _case_facts, _contacts
from app.compliance.prepared import fetch, prepare
from app.contacts import log_contact
from app.models import Case, ContactAttempt, Loan, User
from app.training import WorkKind
from app.training.status import untrained_statement
from tests.compliance.live_office import PHONE, build_office, yesterday


@pytest.fixture
def office(db):
    return build_office(db)


def test_rows_match_sqlalchemys_value_for_value(office):
    with office.session(write_lock=True) as s:
        agent = s.scalar(select(User).where(User.username == "agent01"))
        for hour, outcome in ((9, "no_answer"), (10, "connected")):
            log_contact(
                s,
                agent,
                "C1",
                channel="call",
                party="borrower",
                outcome=outcome,
                at=yesterday(hour),
                phone_number=PHONE,
            )
    with office.sessions() as s:
        case = s.scalar(select(Case))
        borrower_id = s.scalar(select(Loan.borrower_id))
        end = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        for statement, params in (
            (_contacts(), {"borrower_id": borrower_id, "day_end": end}),
            (_case_facts(), {"loan_id": case.loan_id, "case_id": case.id}),
            (select(ContactAttempt.findings, ContactAttempt.override_by_id), {}),
            # The caller's training (rule contact_training): a day before their first pass.
            (
                untrained_statement(WorkKind.PHONE),
                {"user_id": case.assigned_agent_id, "day": dt.date.today() - dt.timedelta(400)},
            ),
        ):
            ours = fetch(s, statement, params)
            theirs = s.connection().execute(statement, params).all()
            assert ours and [tuple(r) for r in ours] == [tuple(r) for r in theirs]
            assert [r._fields for r in ours[:1]] == [tuple(theirs[0]._fields)]
        at = fetch(s, _contacts(), {"borrower_id": borrower_id, "day_end": end})[0].at
        assert at.tzinfo is dt.UTC


def test_errors_are_sqlalchemys_and_expanding_lists_are_refused(office):
    wrong = select(literal_column("no_such_column")).select_from(Case)
    with office.sessions() as s, pytest.raises(exc.DBAPIError) as ours:
        fetch(s, wrong, {})
    with office.sessions() as s, pytest.raises(exc.DBAPIError) as theirs:
        s.connection().execute(wrong).all()
    assert type(ours.value) is type(theirs.value)  # OperationalError, ProgrammingError …
    expanding = select(Case.id).where(Case.id.in_(bindparam("ids", expanding=True)))
    with office.sessions() as s, pytest.raises(ValueError, match="expanding"):
        prepare(expanding, s.connection().dialect)
