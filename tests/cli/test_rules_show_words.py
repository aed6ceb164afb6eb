"""`casedesk rules show` says severities and parameters in the reader's words, as the Rules page
does (English and Chinese), keeps the rule and parameter ids one types in `rules set`, and its
--json keeps the codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import TEST_KEY


@pytest.fixture
def env(monkeypatch, demo_path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _rule(out: str, rule_id: str) -> list[str]:
    """The lines `rules show` prints for one rule: its heading and the indented lines below."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {rule_id} "))
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith("      "):
            break
        block.append(line)
    return block


def _no_codes(out: str) -> None:
    """No severity code in brackets, no Python value (True/False, a list's quotes and brackets)."""
    assert not re.search(r"\[(info|warning|needs_override|blocked)\]", out), out
    assert not re.search(r"\b(True|False)\b|\['|=\[", out), out


def test_english_words_and_the_ids_one_types(cli, env) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("rules", "show", *env)
    assert code == 0 and not err
    _no_codes(out)
    quiet = _rule(out, "quiet_hours")
    assert quiet[0] == "  quiet_hours [Blocked] Quiet hours"
    text = "\n".join(quiet)
    assert re.search(r"\n      start +Quiet from: 22:00\n", text)
    assert re.search(r"\n      start_exclusive +The start minute itself is allowed: No\n", text)
    assert re.search(r"\n      channels +Channels: Call, SMS, Letter, Visit\n", text)
    assert quiet[-1].startswith("      Citation: ")
    threshold = _rule(out, "third_party_threshold")
    assert threshold[0].startswith("  third_party_threshold [Needs a supervisor's override] ")
    assert any(re.search(r"parties +Parties: Relative, Employer, Other", x) for x in threshold)
    assert "[Warning]" in _rule(out, "third_party_disclosure")[0]
    assert "casedesk rules set RULE NAME=VALUE" in out.splitlines()[-1]


def test_chinese_words(cli, env) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("--lang", "zh_CN", "rules", "show", *env)
    assert code == 0 and not err
    _no_codes(out)
    quiet = "\n".join(_rule(out, "quiet_hours"))
    assert quiet.startswith("  quiet_hours [禁止] 免打扰时段\n")
    assert re.search(r"\n      start +免打扰开始：22:00\n", quiet)
    assert re.search(r"\n      start_exclusive +开始时刻本身允许联系：否\n", quiet)
    assert re.search(r"\n      channels +渠道：电话、短信、信函、上门\n", quiet)
    assert "\n      依据：" in quiet
    assert "[需要主管特批]" in _rule(out, "third_party_threshold")[0]
    assert "[警告]" in _rule(out, "third_party_disclosure")[0]
    assert not re.search(r"Blocked|Warning|Channels|Quiet|Citation", out)


def test_json_keeps_the_codes(cli, env) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = cli("--lang", "zh_CN", "rules", "show", "--json", *env)
    rules = {r["id"]: r for r in json.loads(out)["rules"]}
    assert code == 0
    assert rules["quiet_hours"]["severity"] == "blocked"
    assert rules["third_party_threshold"]["severity"] == "needs_override"
    assert rules["quiet_hours"]["params"]["channels"] == ["call", "sms", "letter", "visit"]
    assert rules["quiet_hours"]["params"]["start_exclusive"] is False
