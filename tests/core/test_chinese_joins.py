"""Messages put together from parts read as Chinese in Chinese: a label and its value with "：",
parts of one message with "；" or one after another after a "。" — not the ASCII ": " and "; "
the code used to join them with (the compliance log's reasons, an import's problems file, a visit's
incidents, who was reached in a borrower's copy, the recovery-key sheet). In English, a part that
ends in its own full stop is followed by the next as a sentence, not by "; "."""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

from app.i18n import _catalog, clauses, set_language
from app.importer.report import ImportReport, Problem, write_errors_csv
from app.queries.compliance_rows import _reasons

CAP = "The borrower has had {count} conversations today; the daily limit is {max}."
PERSON = "This person has already been contacted {count} times; the limit is {max}."
STORED = [
    {"rule": "daily_conversation_cap", "key": CAP, "params": {"count": 3, "max": 3}},
    {"rule": "third_party_once", "key": PERSON, "params": {"count": 1, "max": 1}},
]


def test_clauses_join_in_each_language() -> None:
    assert clauses(["a", "", "b"], "en") == "a; b"
    assert clauses(["Amount: must be positive.", "Due: not a date"], "en") == (
        "Amount: must be positive. Due: not a date"
    )
    assert clauses(["跳过 2 个：无人可分配", "跳过 1 个：培训过期"], "zh_CN") == (
        "跳过 2 个：无人可分配；跳过 1 个：培训过期"
    )
    assert clauses(["今天已通话 3 次。", "此人已被联系 1 次。"], "zh_CN") == (
        "今天已通话 3 次。此人已被联系 1 次。"
    )


def test_the_compliance_logs_reasons_read_as_chinese() -> None:
    rules, reasons, _ = _reasons(STORED, "zh_CN")
    zh = _catalog("zh_CN")
    assert rules == "daily_conversation_cap, third_party_once"  # ids stay as typed
    assert reasons == zh[CAP].format(count=3, max=3) + zh[PERSON].format(count=1, max=1)
    assert "; " not in reasons
    assert _reasons(STORED, "en")[1].endswith(
        "; the daily limit is 3. This person has already been contacted 1 time; the limit is 1."
    )


def test_a_visits_incident_reads_with_a_full_width_colon() -> None:
    from app.visits.detail import incident_lines

    detail = SimpleNamespace(incidents=(("aggressive_dog", "院内有犬"),))
    [(label, text)] = incident_lines(detail, "zh_CN")  # type: ignore[arg-type]
    assert text.endswith("：院内有犬") and ": " not in text
    assert incident_lines(detail, "en")[0][1].endswith(": 院内有犬")  # type: ignore[arg-type]


def test_who_was_reached_in_a_borrowers_copy() -> None:
    from app.access_copy_tables import _reached

    contact = SimpleNamespace(party="relative", person="王芳")
    assert _reached(contact, "zh_CN") == "亲属：王芳"
    assert _reached(contact, "en") == "Relative: 王芳"


def test_an_imports_problems_file_and_unread_columns_in_chinese(tmp_path: Path) -> None:
    report = ImportReport("borrowers", ["a.csv", "b.csv"], dry_run=True)
    report.errors = [
        Problem("a.csv", 2, "电话", "号码无效。"),
        Problem("a.csv", 2, "姓名", "必填。"),
    ]
    report.unread = {"a.csv": ["备注", "来源"], "b.csv": ["渠道"]}
    set_language("zh_CN")
    try:
        unread = report.unread_text()
        path = write_errors_csv(report, tmp_path / "problems.csv")
    finally:
        set_language("en")
    assert "a.csv：备注、来源；b.csv：渠道" in unread
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1][:3] == ["a.csv", "2", "电话：号码无效。姓名：必填。"]
    assert "a.csv: 备注, 来源; b.csv: 渠道" in report.unread_text()  # English as it was


def test_a_name_and_its_id_in_chinese_parentheses() -> None:
    """ "王芳（agent01）" wherever a user is named with their user name (the complaint pane, the
    visit sheet, the agent lists), and the retention rule with its rule set's version."""
    from app.complaint_access import person
    from app.retention import RetentionRule
    from reports.visit_sheet import _who

    rule = RetentionRule(years=2, counted_from="closure", ruleset="CN 2026.4", citation="")
    sheet = SimpleNamespace(agent_name="王芳", agent_username="agent01")
    assert rule.name("zh_CN") == "记录保存期限（CN 2026.4）"
    assert _who(sheet, "zh_CN") == "王芳（agent01）"  # type: ignore[arg-type]
    set_language("zh_CN")
    try:
        assert person("王芳", "agent01") == "王芳（agent01）"
    finally:
        set_language("en")
    assert person("王芳", "agent01") == "王芳 (agent01)"
    assert rule.name("en") == "Records retention (CN 2026.4)"
    assert _who(sheet, "en") == "王芳 (agent01)"  # type: ignore[arg-type]
