"""`casedesk dashboard` says how many agreements were breached, in the window's tile's words (the
open cases back in the queue, nothing done since the breach), as --json's agreements_breached
(found by QA: the text had no such line)."""

from __future__ import annotations

import json

from tests.conftest import TEST_KEY


def test_the_dashboard_text_counts_the_breached_agreements(cli, demo_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    env = ("--db", demo_path, "dashboard", "--user", "supervisor")
    code, out, _err = cli(*env, "--json")
    assert code == 0
    count = json.loads(out)["agreements_breached"]
    code, out, _err = cli(*env)
    assert code == 0
    line = (
        f"Agreements breached: {count} (open cases back in the queue, nothing done since the "
        "breach)"
    )
    assert line in out.splitlines(), out
    code, out, _err = cli("--lang", "zh_CN", *env)
    assert code == 0
    assert f"违约的协议：{count}（回到队列的未结案件，违约后尚未跟进）" in out.splitlines(), out
