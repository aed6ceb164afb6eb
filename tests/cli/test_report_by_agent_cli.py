"""`casedesk report portfolio` for a past period prints the same By-agent table before and after
`casedesk user deactivate` hands the agent's open cases back to the queue; the note under the
table says whose a loan is (English and Chinese), read back from the PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from pypdf import PdfReader

from app.cli.main import main
from tests.conftest import TEST_KEY
from tests.office_day import office_today

RULE = (
    "A loan counts for the agent who held its case at the end of the period (a case closed in "
    "the period: the agent who held it when it closed), as the assignment history records it; "
    "reassigning cases later does not change these figures."
)
RULE_ZH = (
    "每笔贷款计入期末持有其案件的催收员名下（期间内结案的案件，计入结案时的持有人），以分配记录为准；"
    "此后重新分配案件，这些数字不会改变。"
)


@pytest.fixture
def env(monkeypatch, demo_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def by_agent(path) -> str:
    """The By-agent section's text (up to By product), its lines joined."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    section = text[text.index("By agent") : text.index("By product", text.index("By agent"))]
    return re.sub(r"\s*\n\s*", " ", section)


def test_deactivating_an_agent_leaves_a_past_periods_by_agent_table(
    capsys, monkeypatch, env, tmp_path
) -> None:
    end = office_today() - dt.timedelta(days=11)
    period = ["--from", (end - dt.timedelta(days=29)).isoformat(), "--to", end.isoformat()]
    before, after = tmp_path / "before.pdf", tmp_path / "after.pdf"
    assert main(["report", "portfolio", *period, "-o", str(before), *env]) == 0
    monkeypatch.setenv("CASEDESK_USER", "admin")
    assert main(["user", "deactivate", "agent03", *env]) == 0
    assert "went back to the work queue unassigned" in capsys.readouterr().out
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    assert main(["report", "portfolio", *period, "-o", str(after), *env]) == 0
    table = by_agent(before)
    assert by_agent(after) == table
    assert RULE in table


def test_the_rule_under_the_table_in_chinese(env, tmp_path) -> None:
    end = office_today() - dt.timedelta(days=11)
    period = ["--from", (end - dt.timedelta(days=29)).isoformat(), "--to", end.isoformat()]
    out = tmp_path / "zh.pdf"
    assert main(["report", "portfolio", *period, "-o", str(out), "--lang", "zh_CN", *env]) == 0
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert RULE_ZH in re.sub(r"\s*\n\s*", "", text)
