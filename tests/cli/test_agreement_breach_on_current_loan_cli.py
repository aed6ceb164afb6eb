"""QA s45 qaB, findings 1 and 2 in the CLI: a plan that brought L2 up to date, its last instalment
missed. `queue --rebuild` keeps the case open as "Agreement breached" (`queue --status
agreement_breached`, `case show`, the dashboard's figure) instead of "Closed — Cured"; `payment
post --date` of the missed instalment, dated its due day, completes the agreement, whether the
case is still open or was closed as cured after a contact."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import agents_office
from tests.core.test_agreements import _case, build_office
from tests.plan_brought_current import SECOND, contact_on, plan_brought_current


def _built(db: Any) -> tuple[str, str, dt.date]:
    build_office(db)
    with db.session() as s:
        number, missed = plan_brought_current(s)
        return number, _case(s, "L2").case_no, missed


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    path, built = agents_office(template_db, tmp_path, monkeypatch, _built)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-sup")
    return path, *built


def _agreement_line(cli: Any, path: Path, number: str) -> str:
    code, out, err = cli("--db", path, "agreement", "list")
    assert code == 0, err
    return next(line for line in out.splitlines() if number in line)


def test_the_breach_stays_in_the_queue_and_the_late_payment_completes_it(office, cli) -> None:  # type: ignore[no-untyped-def]
    path, number, case_no, missed = office
    code, out, err = cli("--db", path, "queue", "--rebuild")
    assert code == 0, err
    assert "breached" in _agreement_line(cli, path, number)
    code, out, err = cli("--db", path, "queue", "--status", "agreement_breached")
    assert code == 0, err
    assert case_no in out and "Agreement breached" in out, out
    code, out, _ = cli("--db", path, "case", "show", case_no)
    assert out.splitlines()[0].startswith(f"{case_no}  Agreement breached  "), out
    code, out, _ = cli("--db", path, "--lang", "zh_CN", "case", "show", case_no)
    assert out.splitlines()[0].startswith(f"{case_no}  协议已违约  "), out
    code, out, _ = cli("--db", path, "dashboard", "--json")
    assert json.loads(out)["agreements_breached"] == 1

    code, out, err = cli("--db", path, "payment", "post", "L2", f"{SECOND / 100:.2f}",
                         "--date", missed.isoformat(), "--ref", "R2")  # fmt: skip
    assert code == 0, err
    assert "completed" in _agreement_line(cli, path, number)


def test_after_a_contact_the_cure_closes_it_and_the_late_payment_still_completes_it(  # type: ignore[no-untyped-def]
    office, cli
) -> None:
    path, number, case_no, missed = office
    assert cli("--db", path, "queue", "--rebuild")[0] == 0
    from db.store import open_database
    from tests.conftest import TEST_KEY

    database = open_database(path, TEST_KEY)
    try:
        with database.session() as s:
            contact_on(s, missed + dt.timedelta(days=1))  # after the breach
    finally:
        database.close()
    assert cli("--db", path, "queue", "--rebuild")[0] == 0
    code, out, _ = cli("--db", path, "case", "show", case_no)
    assert out.splitlines()[0].startswith(f"{case_no}  Closed — Cured"), out
    code, out, err = cli("--db", path, "payment", "post", "L2", f"{SECOND / 100:.2f}",
                         "--date", missed.isoformat(), "--ref", "R2")  # fmt: skip
    assert code == 0, err
    assert "completed" in _agreement_line(cli, path, number)
    code, out, _ = cli("--db", path, "audit", "list", "--action", "agreement.rejudged")
    assert code == 0 and number in out, out
