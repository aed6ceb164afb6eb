"""`casedesk visit book` in a US or UK office refuses an agent without valid field training (QA P
#1: it was allowed, with no flag), naming the rule and the agent, in English and Chinese; a
trained agent alone is still booked (two agents is CN's rule only)."""

from __future__ import annotations

import pytest

from tests.cli.test_visit_cli import CONSENT, _cases, _verified
from tests.conftest import TEST_KEY
from tests.core.visit_office import PASSWORD, slot, visit_office_path


@pytest.fixture
def env(monkeypatch, template_db, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    return ["--db", str(visit_office_path(template_db, tmp_path))]


@pytest.mark.parametrize("jurisdiction", ["us", "uk"])
def test_a_lapsed_agent_is_refused(cli, env, monkeypatch, jurisdiction) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_USER", "admin")
    assert cli("rules", "use", jurisdiction, *env)[0] == 0
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    cases = _cases(cli, env)
    number = _verified(cli, env, cases[0])
    book = ("visit", "book", number, "--at", slot(10).isoformat(), *CONSENT, *env)
    code, out, _err = cli(*book, "--agents", "agent04", "--check")
    assert code == 3 and "Field training for visits — Field training lapsed" in out, out
    assert "孙磊" in out
    assert "Office training policy" in out
    code, out, _err = cli("--lang", "zh_CN", *book, "--agents", "agent01,agent04")
    assert code == 3 and "孙磊" in out and "本营业部培训政策" in out, out
    code, out, _err = cli(*book, "--agents", "agent01")
    assert code == 0 and "Field training" not in out, out
