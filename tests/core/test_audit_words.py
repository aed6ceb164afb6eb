"""The audit trail's changes in the reader's words (app/audit_words.py): fields by name, money in
yuan, codes as labels, accounts by name, times in the office's zone; every field app/ writes has
words in both languages; what it does not know reads as written."""

from __future__ import annotations

import ast
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

from app.audit_words import BY_ACTION, FIELDS, PAIRED, Reader, field, msgids
from app.i18n import _catalog
from app.loans.closure import LEGAL, decide
from app.queries.audit_log import audit_ids, audit_rows
from tests.core import test_agreements
from tests.core.test_agreements import _case, _user

office = test_agreements.office  # three long-overdue loans of 12,000.00, L1 to L3
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NAMES: dict[str | int, str] = {3: "赵桂花", "agent02": "赵桂花", 4: "单慧", "supervisor": "王慧"}


def test_a_legal_referral_reads_in_words_and_the_trail_keeps_what_was_written(office) -> None:
    with office.session() as s:
        sup = _user(s, "supervisor")
        case_no = _case(s, "L1").case_no
        decide(s, sup, case_no, LEGAL, "委托律师事务所起诉")
        ids = audit_ids(s, sup)
        zh = next(r for r in audit_rows(s, ids, "zh_CN").values() if r.action == "loan.legal")
        en = next(r for r in audit_rows(s, ids, "en").values() if r.action == "loan.legal")
    assert (
        zh.words_line("zh_CN")
        == f"理由：委托律师事务所起诉；案件：{case_no}；原状态：还款中；尚欠：12,000.00"
    )
    assert en.words_line("en") == (
        f"Reason: 委托律师事务所起诉; Case: {case_no}; Status before: Active; Still owed: 12,000.00"
    )
    assert zh.raw_changes is not None and zh.raw_changes["outstanding"] == 1_200_000


def test_accounts_by_name_times_in_the_office_zone_and_lists_as_lists() -> None:
    booked = {
        "case": "C2026-000001",
        "start": "2026-12-15T02:00:00+00:00",
        "end": "2026-12-15T03:00:00+00:00",
        "agents": [3, 4],  # two agents, not a change from 3 to 4
        "verdict": "needs_override",
        "rules": ["visit_frequency"],
        "override_by": "supervisor",
        "override_reason": "借款人要求尽快面谈",
    }
    assert Reader("zh_CN", SHANGHAI, NAMES).describe("visit.book", booked) == (
        "案件：C2026-000001；开始：2026-12-15 10:00；结束：2026-12-15 11:00；"
        "催收员：赵桂花、单慧；判定：经主管特批；规则：上门频次；特批人：王慧；"
        "特批理由：借款人要求尽快面谈"
    )
    reader = Reader("en", SHANGHAI, NAMES)
    assert reader.describe("case.assign", {"from": None, "to": 3, "agent": "agent02"}) == (
        "Agent: ∅ → 赵桂花"
    )
    plan = {"plan": [["2026-12-11", 250000], ["2027-01-11", 250000]], "settled": [500000, 600000]}
    assert reader.describe("agreement.edit", plan) == (
        "Plan: 2 instalments, 2026-12-11 to 2027-01-11, 5,000.00 in all; "
        "Settled amount: 5,000.00 → 6,000.00"
    )
    update = {"agent": "agent02", "score": {"old": 50, "new": 85}, "passed": {"old": 0, "new": 1}}
    assert reader.describe("training.update", update) == (
        "Agent: 赵桂花; Score: 50 → 85; Passed: No → Yes"
    )
    rule = {
        "rule": "complaint_deadlines",
        "version": ["2026.1", "2026.3"],
        "params": {"answer_days": [15, 10]},
    }
    assert reader.describe("ruleset.change", rule) == (
        "Rule: Complaint deadlines; Version: 2026.1 → 2026.3; Parameters: Days to answer: 15 → 10"
    )
    # Each parameter as the Rules page names and reads it, enabled and severity too.
    quiet = {
        "rule": "quiet_hours",
        "params": {
            "channels": [["call", "sms", "letter", "visit"], ["call", "sms"]],
            "enabled": [True, False],
            "severity": ["blocked", "warning"],
        },
    }
    assert Reader("zh_CN", SHANGHAI, NAMES).describe("ruleset.change", quiet) == (
        "规则：免打扰时段；参数：渠道：电话、短信、信函、上门 → 电话、短信 · "
        "启用此规则：是 → 否 · 严重程度：禁止 → 警告"
    )
    course = {"old": {"validity_months": 12}, "new": {"validity_months": 24}}
    assert reader.describe("course.change", course) == "Validity (months): 12 → 24"
    # The same field means what its action makes it mean.
    assert reader.describe("agreement.cancel", {"was": "active"}) == "Status before: Active"
    assert reader.describe("loan.recall", {"was": "legal"}) == "Status before: Legal"
    assert reader.describe("visit.check_out", {"default_reason": "job_loss"}) == (
        "Reason for default: Job loss"
    )
    # Nothing to say is not said: no case, no override, no rule flagged.
    assert reader.describe("contact.log", {"channel": "sms", "rules": [], "override_by": None}) == (
        "Channel: SMS"
    )


def test_what_it_does_not_know_reads_as_written() -> None:
    reader = Reader("zh_CN", SHANGHAI, NAMES)
    assert reader.describe("loan.book", None) == ""
    assert reader.describe("anything.new", {"zz": [1, 2]}) == "zz=[1, 2]"
    assert reader.describe("loan.book", {"principal": "not money"}) == "本金：not money"
    assert reader.describe("case.assign", {"from": 99, "to": "agent77"}) == "催收员：99 → agent77"


def _functions() -> Iterator[ast.AST]:
    for path in (Path(__file__).resolve().parents[2] / "app").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        yield from (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))


def _keys_of(node: ast.AST, function: ast.AST) -> set[str]:
    """The literal keys of a dict handed to the trail: written in the call, or built in the same
    function under the name passed (`changes = {...}`, `changes["plan"] = ...`)."""
    keys: set[str] = set()
    if isinstance(node, ast.Dict):
        keys |= {k.value for k in node.keys if isinstance(k, ast.Constant)}
    elif isinstance(node, ast.Name):
        for inner in ast.walk(function):
            if isinstance(inner, ast.Assign):
                for target in inner.targets:
                    if isinstance(target, ast.Name) and target.id == node.id:
                        keys |= _keys_of(inner.value, function)
                    elif (
                        isinstance(target, ast.Subscript)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == node.id
                        and isinstance(target.slice, ast.Constant)
                    ):
                        keys.add(target.slice.value)
            elif isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name):
                if inner.target.id == node.id and inner.value is not None:
                    keys |= _keys_of(inner.value, function)
    return keys


def _written_keys() -> set[str]:
    """Every field name app/ writes to the trail as a literal."""
    keys: set[str] = set()
    for function in _functions():
        for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
            name = getattr(call.func, "attr", getattr(call.func, "id", ""))
            if name == "record" and len(call.args) > 5:
                changes = call.args[5]
                if isinstance(changes, ast.Dict):  # {**details, "rules": ...} too
                    for value in changes.values:
                        keys |= _keys_of(value, function)
                keys |= _keys_of(changes, function)
            elif name == "_record" and len(call.args) > 3:
                keys |= _keys_of(call.args[3], function)
    return keys


def test_every_field_app_writes_has_words_in_both_languages() -> None:
    keys = _written_keys()
    assert {"outstanding", "reason", "agents", "plan", "travel_cost", "promise_id"} <= keys
    known = set(FIELDS) | {k for table in BY_ACTION.values() for k in table}
    known |= {second for _first, second in PAIRED}  # read with its first: "from" → "to"
    assert sorted(keys - known) == []
    # Built from names the scan cannot read: the office's fields, a borrower's stop flags.
    for action, key in [("office.change", "safety_contact"), ("borrower.flags", "vulnerable")]:
        assert field(action, key) is not None
    catalog = _catalog("zh_CN")
    assert [m for m in msgids() if m not in catalog] == []
