"""`payment post` holds an agent to the loans of their own cases, as the window does
(tests/core/test_payment_own_cases.py): refused in one line, nothing posted."""

from __future__ import annotations

from sqlalchemy import func, select

from app.cli.main import main
from app.models import Payment
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_payment_own_cases import _open_loan_of


def test_the_cli_refuses_it_too_and_posts_nothing(demo_path, monkeypatch, capsys) -> None:
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            theirs = _open_loan_of(s, "agent02")
            before = s.scalar(select(func.count(Payment.id)))
    finally:
        database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    capsys.readouterr()
    assert main(["--db", str(demo_path), "payment", "post", theirs, "10", "--ref", "QA-CLI"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "may post payments only to the loans of the cases assigned to them" in captured.err
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            assert s.scalar(select(func.count(Payment.id))) == before
    finally:
        database.close()
