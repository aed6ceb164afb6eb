"""The engine: pure (no database), fast, explained in both languages, every message translated."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

import app.compliance.rules as rules_module
from app.compliance import History, check, explain, shipped_ruleset
from app.i18n import _catalog
from app.models import Party
from tests.compliance.util import at, call, ctx, visit

HELPERS = {"_finding": 1, "_flag": 2, "Finding": 2}  # call name -> position of the message


def _messages() -> set[str]:
    """Every msgid that rules.py and third_party_rules.py (moved out of it) pass to a Finding
    (directly or through its helpers)."""
    here = Path(rules_module.__file__)
    found: set[str] = set()
    nodes = [
        node
        for path in (here, here.with_name("third_party_rules.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
    ]
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        candidates = [k.value for k in node.keywords if k.arg == "message"]
        if name in HELPERS and len(node.args) > HELPERS[name]:
            candidates.append(node.args[HELPERS[name]])
        found |= {c.value for c in candidates if isinstance(c, ast.Constant)}
    return found


def test_every_rule_message_has_a_chinese_translation_with_the_same_placeholders() -> None:
    messages = _messages()
    assert len(messages) >= 20
    catalog = _catalog("zh_CN")
    missing = sorted(m for m in messages if m not in catalog)
    assert not missing
    for message in messages:
        assert _placeholders(catalog[message]) == _placeholders(message), message


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in __import__("string").Formatter().parse(text) if name}


def test_the_compliance_catalog_keeps_placeholders() -> None:
    import json

    from resources import i18n

    path = Path(i18n.__file__).parent / "zh_CN" / "compliance.json"
    for msgid, text in json.loads(path.read_text("utf-8")).items():
        assert _placeholders(text) == _placeholders(msgid), msgid


@pytest.fixture
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to use a database session fails the test."""

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("check() touched the database")

    for name in ("__init__", "execute", "scalar", "scalars", "get"):
        monkeypatch.setattr(Session, name, refuse)


@pytest.mark.parametrize("jurisdiction", ["cn", "us", "uk"])
def test_check_needs_no_database_and_is_fast(no_database: None, jurisdiction: str) -> None:
    ruleset = shipped_ruleset(jurisdiction)
    history = History(conversations_today=1, consecutive_failed_attempts=1)
    actions = [
        call(at("10:00", "Asia/Urumqi")),
        call(at("23:00", "Asia/Urumqi"), party=Party.RELATIVE),
        visit(at("09:00", "Asia/Urumqi")),
    ]
    context = ctx("Asia/Urumqi", history=history)
    started = time.perf_counter()
    for _ in range(300):
        for action in actions:
            verdict = check(action, context, ruleset)
    per_check = (time.perf_counter() - started) / 900
    assert verdict.ruleset == ruleset.label
    assert per_check < 0.002  # well under a frame: the UI checks as fields change


def test_explain_in_both_languages() -> None:
    cn = shipped_ruleset("cn")
    verdict = check(call(at("22:30", "Asia/Shanghai"), party=Party.RELATIVE), ctx(), cn)
    english = explain(verdict, "en")
    chinese = explain(verdict, "zh_CN")
    assert len(english) == len(verdict.findings) == 3
    assert english[0].startswith("[blocked] Quiet hours — 22:30 in the borrower's time zone")
    assert chinese[0].startswith("[已拦截] 免打扰时段 — 借款人时区（Asia/Shanghai）的 22:30")
    assert "不得透露债务信息" in chinese[-1]
    assert explain(check(call(at("10:00", "Asia/Shanghai")), ctx(), cn), "en") == []


def test_agents_in_a_finding_read_as_names_in_the_readers_language() -> None:
    """Two untrained agents: stored as a list, shown as 赵敏、孙磊 in Chinese and with a comma in
    English, whichever language the check ran in."""
    verdict = check(
        visit(at("10:00", "Asia/Shanghai"), visit_agents=(5, 6)),
        ctx(agent_names={5: "赵敏", 6: "孙磊"}),
        shipped_ruleset("cn"),
    )
    (finding,) = [f for f in verdict.findings if f.rule == "visit_training"]
    assert finding.as_json()["params"] == {"agents": ["赵敏", "孙磊"]}
    assert finding.text("en") == "Agents without valid field training: 赵敏, 孙磊."
    assert finding.text("zh_CN") == "以下催收员缺少上门工作所需的有效培训：赵敏、孙磊。"


def test_findings_serialise_for_the_contact_record() -> None:
    verdict = check(
        visit(at("10:00", "Asia/Shanghai"), visit_agents=(1, 5)), ctx(), shipped_ruleset("cn")
    )
    (record,) = [f.as_json() for f in verdict.findings]
    assert record == {
        "rule": "visit_training",
        "severity": "blocked",
        "key": "Agents without valid field training: {agents}.",
        "params": {"agents": ["5"]},  # names in a row, joined in the reader's language
        "citation": record["citation"],
        "citation_zh": record["citation_zh"],  # the CN files give each citation in Chinese too
    }
    assert record["citation"].startswith("China Banking Association")
    assert record["citation_zh"].startswith("中国银行业协会")
    (finding,) = verdict.findings
    assert finding.citation_in("zh_CN") == record["citation_zh"]
    assert finding.citation_in("en") == record["citation"]
