"""`casedesk agreement sign` on a draft says what comes first for this user, with the command
(QA s46 #6: "only an approved agreement can be signed" and no more): the agent's own draft with no
waiver is made ready by `agreement approve` (no supervisor); a supervisor approves an agent's
draft; one with a big waiver waits for a supervisor, and names no command the agent may not run.
English and Chinese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.cli.test_agreement_cli import _free_cases, _number, _today
from tests.conftest import TEST_KEY


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def test_sign_on_a_draft_says_what_comes_first(office: Path, cli) -> None:
    plan_case, big_case = _free_cases(office, "agent02", 2)
    agent = ["--db", office, "--user", "agent02"]
    supervisor = ["--db", office, "--user", "supervisor"]
    start = (_today() + dt.timedelta(days=10)).isoformat()
    code, out, err = cli("agreement", "draft", plan_case, "--instalments", "3", "--start", start,
                         *agent)  # fmt: skip
    assert code == 0, err
    plan = _number(out)
    code, out, err = cli("agreement", "show", plan, *agent)
    assert "waiver 0.00" in out, out

    code, out, err = cli("agreement", "sign", plan, *agent)
    assert (code, out) == (1, "")
    assert err.strip() == (
        f"casedesk: Agreement {plan} is a draft; it can be signed once it is ready for signing. "
        "Make it ready first (no supervisor's approval is needed): casedesk agreement approve "
        f"{plan}, then casedesk agreement sign {plan}."
    )
    code, out, err = cli("--lang", "zh_CN", "agreement", "sign", plan, *agent)
    assert err.strip() == (
        f"casedesk: 协议 {plan} 为草稿状态，定稿待签后才能签署。请先定稿（无需主管审批）："
        f"casedesk agreement approve {plan}，然后 casedesk agreement sign {plan}。"
    )
    code, out, err = cli("agreement", "sign", plan, *supervisor)
    assert code == 1 and err.strip() == (
        f"casedesk: Agreement {plan} is a draft; only an approved agreement can be signed. "
        f"Approve it first: casedesk agreement approve {plan}, then casedesk agreement sign "
        f"{plan}."
    )
    code, out, err = cli("--lang", "zh_CN", "agreement", "sign", plan, *supervisor)
    assert f"请先审批：casedesk agreement approve {plan}，然后" in err

    # What it says is what works: the agent's approve makes it ready, then the signing goes.
    code, out, err = cli("agreement", "approve", plan, *agent)
    assert code == 0, err
    code, out, err = cli("agreement", "sign", plan, "--on", _today().isoformat(), *agent)
    assert code == 0, err

    # Settled for 1.00: a waiver far above the office's threshold.
    code, out, err = cli("agreement", "draft", big_case, "--settle", "1", *agent)
    assert code == 0, err
    big = _number(out)
    code, out, err = cli("agreement", "sign", big, *agent)
    assert code == 1 and err.strip() == (
        f"casedesk: Agreement {big} is a draft; only an approved agreement can be signed, and a "
        "supervisor must approve it: ask one to, then record the signing."
    )
    assert "casedesk agreement approve" not in err  # not theirs to run
