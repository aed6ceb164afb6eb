"""`casedesk rules missing|add|decline` on a copy of the demo office whose stored rule set is the
2026.1 one, without third_party_consent: listed (text, JSON, Chinese), added by the admin as a
new version or kept out by them, refused for a supervisor, a second time and for an unknown
rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import run_casedesk
from tests.compliance.util import old_ruleset_office
from tests.conftest import TEST_KEY


@pytest.fixture
def env(monkeypatch, demo_path: Path) -> list[str]:
    old_ruleset_office(demo_path)
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def test_missing_lists_the_rule_in_words_and_json(cli, env) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("rules", "missing", *env)
    assert code == 0 and not err
    assert out.splitlines()[0] == "Casedesk ships rules the rule set CN 2026.1 does not have:"
    assert "  third_party_consent [Blocked] Third-party consent" in out
    assert "When the loan contract does not allow contact with third parties" in out
    assert "PIPL Art. 13, 28–29; Civil Code Art. 1033, 1038" in out
    assert "casedesk rules add RULE" in out
    code, out, _err = cli("rules", "missing", "--json", *env)
    listed = json.loads(out)
    assert code == 0 and listed["ruleset"] == "CN 2026.1"
    assert [(r["id"], r["severity"], r["enabled"]) for r in listed["missing"]] == [
        ("third_party_consent", "blocked", True)
    ]
    assert listed["missing"][0]["name"] == "Third-party consent"
    code, out, _err = cli("rules", "missing", "--lang", "zh_CN", *env)
    assert code == 0 and "Casedesk 随附的以下规则，规则集 CN 2026.1 尚未包含：" in out
    assert "联系第三方须经同意" in out and "借款合同未约定可联系第三方时" in out
    assert "  third_party_consent [禁止] 联系第三方须经同意" in out


def test_the_admin_adds_it_once(cli, env) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("rules", "add", "third_party_consent", *env)
    assert (code, err) == (0, "") and out.strip() == "Rule set CN 2026.1-r2 is now in force."
    code, out, _err = cli("rules", "show", "--json", *env)
    shown = json.loads(out)
    assert shown["version"] == "2026.1-r2"
    rule = next(r for r in shown["rules"] if r["id"] == "third_party_consent")
    assert rule["severity"] == "blocked" and rule["enabled"]
    assert rule["params"] == {
        "person_consent_suffices": True,
        "parties": ["relative", "employer", "other"],
    }
    code, out, _err = cli("rules", "missing", *env)
    assert code == 0 and out.strip() == "The rule set CN 2026.1-r2 has every rule Casedesk ships."
    code, out, err = cli("rules", "add", "third_party_consent", *env)
    assert code == 1 and not out
    assert err.strip() == (
        "casedesk: The rule set CN 2026.1-r2 already has the rule third_party_consent."
    )


@pytest.mark.parametrize(
    ("user", "rules", "words"),
    [
        ("supervisor", ["third_party_consent"], "may not"),
        ("admin", ["no_such_rule"], "Casedesk ships no rule no_such_rule for the CN rule set."),
        ("admin", ["third_party_consent", "quiet_hours"], "already has the rule quiet_hours"),
    ],
)
def test_refusals_are_one_line_and_change_nothing(cli, env, monkeypatch, user, rules, words):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_USER", user)
    code, out, err = cli("rules", "add", *rules, *env)
    assert code == 1 and words in err and "Traceback" not in err
    monkeypatch.setenv("CASEDESK_USER", "admin")
    code, out, _err = cli("rules", "missing", "--json", *env)
    assert [r["id"] for r in json.loads(out)["missing"]] == ["third_party_consent"]


def test_add_in_chinese_from_a_real_process(env) -> None:  # type: ignore[no-untyped-def]
    done = run_casedesk(
        "rules", "add", "third_party_consent", "--lang", "zh_CN", *env, CASEDESK_USER="admin"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "规则集 CN 2026.1-r2 现已生效。"


def test_the_admin_keeps_it_out_and_missing_says_who(cli, env) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("rules", "decline", "third_party_consent", *env)
    assert (code, err) == (0, "")
    assert out.strip() == "The rule set CN 2026.1 stays without third_party_consent."
    code, out, _err = cli("rules", "missing", "--json", *env)
    (missing,) = json.loads(out)["missing"]
    assert missing["id"] == "third_party_consent"
    declined = missing["declined"]
    assert declined["by"] == "管理员" and len(declined["on"]) == 10
    code, out, _err = cli("rules", "missing", *env)
    assert f"      Kept out by 管理员 on {declined['on']}." in out
    code, out, _err = cli("rules", "missing", "--lang", "zh_CN", *env)
    assert f"管理员 于 {declined['on']} 决定不纳入。" in out
    # Still addable.
    code, out, err = cli("rules", "add", "third_party_consent", *env)
    assert code == 0, err


def test_a_supervisor_may_not_keep_a_rule_out(cli, env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    code, out, err = cli("rules", "decline", "third_party_consent", *env)
    assert code == 1 and "may not" in err and not out
    monkeypatch.setenv("CASEDESK_USER", "admin")
    code, out, _err = cli("rules", "missing", "--json", *env)
    assert json.loads(out)["missing"][0]["declined"] is None
