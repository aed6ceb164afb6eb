"""The broken promise's hold in the CLI: a promise made after a breach on a loan the plan had
brought up to date, a reminder before its due date, nothing paid. `queue --rebuild --status
promise_broken` lists the case as "Promise broken" (it was closed as cured: the reminder had used
the hold up) and `case show` says so, until a contact after the due date (`contact log`); then
the rebuild closes it as cured."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import agents_office
from tests.core.test_promise_broken_hold import broken_after_reminder
from tests.office_day import office_today


def _built(db: Any) -> tuple[str, dt.date]:
    from tests.core.test_agreements import build_office

    build_office(db)
    with db.session() as s:
        return broken_after_reminder(s)


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    path, built = agents_office(template_db, tmp_path, monkeypatch, _built)
    return path, *built


def _first_line(cli: Any, path: Path, case_no: str) -> str:
    code, out, err = cli("--db", path, "case", "show", case_no)
    assert code == 0, err
    return out.splitlines()[0]


def _as(monkeypatch: pytest.MonkeyPatch, user: str, password: str) -> None:
    monkeypatch.setenv("CASEDESK_USER", user)
    monkeypatch.setenv("CASEDESK_PASSWORD", password)


def test_promise_broken_until_a_contact_after_its_due_date(office, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path, case_no, due = office
    _as(monkeypatch, "supervisor", "pw-sup")
    code, out, err = cli("--db", path, "queue", "--rebuild", "--status", "promise_broken")
    assert code == 0, err
    line = next((line for line in out.splitlines() if case_no in line), "")
    assert "Promise broken" in line, out
    assert _first_line(cli, path, case_no).startswith(f"{case_no}  Promise broken  ")

    _as(monkeypatch, "agent01", "pw-agent")
    broke = due + dt.timedelta(days=1)
    at = dt.datetime.combine(broke, dt.time(10), dt.timezone(dt.timedelta(hours=8)))
    letter = ("--channel", "letter", "--party", "borrower", "--outcome", "delivered")
    code, _, err = cli("--db", path, "contact", "log", case_no, *letter, "--at", at.isoformat())
    assert code == 0, err
    assert broke <= office_today()
    _as(monkeypatch, "supervisor", "pw-sup")
    code, out, err = cli("--db", path, "queue", "--rebuild", "--status", "promise_broken")
    assert code == 0, err
    assert case_no not in out, out
    assert _first_line(cli, path, case_no).startswith(f"{case_no}  Closed — Cured")
