"""An office on PostgreSQL refuses a NUL in a note, or a name longer than its column, in the same
words as an office on a file: before, the server's DataError ("A string literal cannot contain
NUL (0x00) bytes", "value too long for type character varying") was a traceback in the CLI
and "Something went wrong" in the window, while SQLite kept the text."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from app.errors import ValidationError
from app.models import ContactAttempt, LoanProduct
from app.text_guard import UnsavableText
from tests.conftest import TEST_KEY
from tests.office_day import office_today


@pytest.fixture
def office(pg_demo_db, pg_server, monkeypatch):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return pg_demo_db, pg_server.url(pg_demo_db.path.name)


def test_a_nul_in_a_note_is_refused_in_the_user_s_words(office, capsys) -> None:
    database, url = office
    with database.session() as s:
        before = s.scalar(select(func.count(ContactAttempt.id)))
    assert main(["queue", "--json", "--db", url]) == 0
    case = json.loads(capsys.readouterr().out)["cases"][0]["case_no"]
    at = f"{office_today() - dt.timedelta(days=1)}T10:00+08:00"  # within hours, whatever the hour
    code = main(
        ["contact", "log", case, "--channel", "sms", "--party", "borrower",
         "--outcome", "delivered", "--at", at, "--notes", "paid\x00 later", "--db", url]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "The text “paid[U+0000] later” holds a control character (U+0000)" in err
    assert "Traceback" not in err and "DataError" not in err
    with database.session() as s:
        assert s.scalar(select(func.count(ContactAttempt.id))) == before


def test_text_longer_than_its_column_is_refused_as_on_a_file(office) -> None:
    database, _url = office
    with pytest.raises(ValidationError, match="is too long: 500 characters, at most"):
        with database.session() as s:
            s.scalar(select(LoanProduct).order_by(LoanProduct.id).limit(1)).name_en = "L" * 500
    with pytest.raises(UnsavableText), database.session() as s:
        s.scalar(select(LoanProduct).order_by(LoanProduct.id).limit(1)).name_en = "Loan\x00"
