"""`casedesk visit alerts`, `visit show`, `case show` and `visit request` on a booked visit never
checked in on which no no-show can be recorded (awaiting approval, or its case paused by a
complaint): they offer the cancellation only, with its command (QA: they offered `visit noshow`,
which the core then refused). Its slot is fixed: 2026-03-10 09:00–10:00 in Shanghai."""

from __future__ import annotations

import pytest

from tests.cli.test_visit_cli import env  # noqa: F401 (fixture)
from tests.conftest import TEST_KEY
from tests.core.missed_visit import SLOT, missed_visit
from tests.core.test_visit_pause import pause_case


@pytest.mark.parametrize("why", ["approval", "pause"])
def test_the_advice_and_the_commands_offer_the_cancel_only(cli, env, monkeypatch, why):  # noqa: F811
    from db.store import open_database

    if why == "approval":
        monkeypatch.setenv("CASEDESK_USER", "admin")
        code, _, err = cli("settings", "set", "visit.approval_required=1", *env)
        assert code == 0, err
        monkeypatch.setenv("CASEDESK_USER", "agent01")
    database = open_database(env[1], TEST_KEY)
    try:
        number, case_no = missed_visit(database)
        if why == "pause":
            pause_case(database, case_no)
    finally:
        database.close()
    reason = (
        "it was never approved, so it cannot be recorded as a no-show"
        if why == "approval"
        else "an open complaint pauses contact on its case, so it cannot be recorded as a no-show"
    )
    code, out, err = cli("visit", "alerts", *env)
    assert code == 0, err
    assert f"{number} (C2026-000001, 张伟): booked for {SLOT}, not checked in" in out
    assert f"cancel the visit with a reason: {reason}" in out
    assert "Command: casedesk visit cancel VISIT_NO --reason TEXT." in out
    assert "noshow" not in out and "a no-show if they went" not in out
    code, out, err = cli("visit", "show", number, *env)
    assert code == 0, err
    assert reason in out and f"Command: casedesk visit cancel {number} --reason TEXT." in out
    assert "noshow" not in out
    code, out, _ = cli("--lang", "zh_CN", "visit", "show", number, *env)
    assert "不能记录为未见到本人" in out and "casedesk visit noshow" not in out
    assert f"命令：casedesk visit cancel {number} --reason 原因。" in out
    code, out, _ = cli("case", "show", case_no, *env)
    assert reason in out and "a no-show if they went" not in out
    code, _, err = cli("visit", "request", case_no, *env)
    assert code != 0 and number in err
    assert "cancel it with a reason, then request a new visit" in err and "no-show" not in err
    code, _, err = cli("visit", "noshow", number, "--notes", "无人应门", *env)
    assert code != 0  # what the advice no longer offers
