"""`casedesk queue --rebuild` (found by QA of a visit's agreement from the command line): an
instalment fell due unpaid, and `agreement show` kept saying active, `case show` kept the days
past due of the last rebuild under today's date, and no command could bring them up to date —
only the window's Rebuild queue (or its first start of a day) judged agreements and promises.
Now a supervisor brings the queue up to date from the command line as the window does."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select, update

from app.models import Agreement, AgreementInstalment, AgreementStatus
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.office_day import office_today


def _fall_due_unpaid(path) -> str:
    """An active agreement whose first instalment, unpaid, fell due yesterday: its number."""
    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            agreement = s.scalars(
                select(Agreement)
                .where(Agreement.status == AgreementStatus.ACTIVE)
                .order_by(Agreement.id)
            ).first()
            assert agreement is not None and agreement.signed_on is not None
            first = agreement.instalments[0]
            assert first.paid_amount == 0
            yesterday = office_today() - dt.timedelta(days=1)
            assert agreement.signed_on < yesterday
            s.execute(
                update(AgreementInstalment)
                .where(AgreementInstalment.id == first.id)
                .values(due_on=yesterday)
            )
            return agreement.agreement_no
    finally:
        database.close()


def test_a_supervisor_brings_the_queue_up_to_date(demo_path, cli, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    number = _fall_due_unpaid(demo_path)
    db = ["--db", demo_path]
    code, out, _err = cli("agreement", "show", number, "--json", "--user", "supervisor", *db)
    assert code == 0 and json.loads(out)["status"] == "active"  # nothing judged it yet

    code, out, err = cli("queue", "--rebuild", "--limit", "1", "--user", "supervisor", *db)
    assert code == 0, err
    assert out.startswith(f"Queue rebuilt as of {office_today()}: ")
    assert "Work queue as of" in out.splitlines()[1]
    code, out, _err = cli("agreement", "show", number, "--json", "--user", "supervisor", *db)
    assert json.loads(out)["status"] == "breached"  # saved, as the window's rebuild saves it

    code, out, _err = cli("queue", "--rebuild", "--json", "--user", "supervisor", *db)
    rebuilt = json.loads(out)["rebuilt"]
    assert rebuilt["as_of"] == office_today().isoformat() and rebuilt["open_cases"] > 0
    code, out, _err = cli(
        "--lang", "zh_CN", "queue", "--rebuild", "--limit", "0", "--user", "supervisor", *db
    )
    assert out.startswith(f"队列已按 {office_today()} 重建：")


def test_an_agent_may_not_and_a_past_day_is_not_rebuilt(demo_path, cli, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    db = ["--db", demo_path]
    code, _out, err = cli("queue", "--rebuild", "--user", "agent02", *db)
    assert code == 1 and err.strip() == (
        "casedesk: agent02 (Agent) may not rebuild the work queue; ask a supervisor or an admin."
    )
    code, _out, err = cli("queue", "--rebuild", "--as-of", "2026-01-01", "--user", "admin", *db)
    assert code == 2 and "not allowed with argument" in err
