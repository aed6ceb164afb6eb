"""The CLI says "Agreement breached" where the window does: `queue`, `case show` (English and
Chinese) and an export filtered by the status."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.breached_plan import breach_a_plan
from tests.conftest import TEST_KEY


@pytest.fixture
def office(monkeypatch, demo_path: Path) -> tuple[list[str], str]:  # type: ignore[no-untyped-def]
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    case_no = breach_a_plan(database)
    database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)], case_no


def test_queue_and_case_show_name_the_status(cli, office) -> None:  # type: ignore[no-untyped-def]
    env, case_no = office
    code, out, err = cli("case", "show", case_no, *env)
    assert code == 0 and not err
    assert out.splitlines()[0].startswith(f"{case_no}  Agreement breached  ")
    assert "Repayment agreement breached" in out  # the score's breakdown
    code, out, err = cli("--lang", "zh_CN", "case", "show", case_no, *env)
    assert code == 0 and out.splitlines()[0].startswith(f"{case_no}  协议已违约  ")
    assert "还款协议违约" in out
    code, out, err = cli("queue", "--limit", "200", *env)
    assert code == 0 and not err
    line = next(x for x in out.splitlines() if case_no in x)
    assert "Agreement breached" in line


def test_an_export_filtered_by_the_status_lists_the_case(cli, office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env, case_no = office
    path = tmp_path / "breached.csv"
    code, out, err = cli("export", "queue", path, "--status", "agreement_breached", *env)
    assert code == 0, err
    text = path.read_text("utf-8-sig")
    rows = text.strip().splitlines()[1:]  # the demo office's own breached case among them
    assert any(case_no in row for row in rows)
    assert rows and all("Agreement breached" in row for row in rows)
