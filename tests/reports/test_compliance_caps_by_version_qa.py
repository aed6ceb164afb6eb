"""The compliance report after a limit changed within its period (found by QA): the caps table
has a row per limit with its days ("3 (to 12-06)", "2 (from 12-07)"), a note says how the days
are counted, and "Flags by rule" says a rule as each version that judged it said it, naming the
versions when they said it otherwise. English and Chinese, parsed back with pypdf; every page
rendered to PNG for a person to look at."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter

from sqlalchemy import select

from app.compliance import active_ruleset, change_parameters
from app.compliance.versions import select_jurisdiction
from app.models import User
from app.office import create_office
from app.reporting.compliance import ComplianceReport
from app.reporting.compliance_contacts import CapRow
from app.reporting.compliance_rules import RuleCount, rule_counts
from app.reporting.period import Header, Period, rulesets_in_period
from reports.compliance_report import render_compliance_report
from tests.reports.pdfcheck import pages_text, read, render_png

DAY = dt.date(2026, 12, 6)


def _report() -> ComplianceReport:
    return ComplianceReport(
        Header(
            "测试营业部", dt.datetime(2026, 12, 8, tzinfo=dt.UTC), ("CN 2026.7", "CN 2026.7-r2")
        ),
        Period(dt.date(2026, 12, 1), dt.date(2026, 12, 7), "Asia/Shanghai"),
        contacts=40,
        caps=[
            CapRow(
                "daily_conversation_cap", 3, "borrower-day", 30, 1, 3, dt.date(2026, 12, 1), DAY
            ),
            CapRow("daily_conversation_cap", 2, "borrower-day", 6, 2, 2, DAY, dt.date(2026, 12, 7)),
            CapRow("daily_attempt_cap", 6, "number-day", 12, 0, 4),
        ],
        by_rule=[
            RuleCount("quiet_hours", "No contact from 22:00 to 08:00.", 3, 0, 0, "CN 2026.7"),
            RuleCount("quiet_hours", "No contact from 21:00 to 08:00.", 1, 0, 0, "CN 2026.7-r2"),
            RuleCount("daily_attempt_cap", "At most 6 unanswered call attempts.", 1, 0, 0),
        ],
    )


def _text(lang: str, screenshot_dir) -> str:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    render_compliance_report(_report(), out, lang)
    render_png(out.getvalue(), screenshot_dir / "reports", f"compliance-caps-by-version-{lang}")
    return re.sub(r"\s+", " ", " ".join(pages_text(read(out.getvalue()))))


def test_english_rows_say_each_limit_and_its_days(screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    text = _text("en", screenshot_dir)
    assert "3 (to 12-06)" in text and "2 (from 12-06)" in text
    assert "A limit changed within the period" in text
    assert (
        "CN 2026.7: No contact from 22:00" in text and "CN 2026.7-r2: No contact from 21:00" in text
    )
    assert "6 12 number-days" in text  # a cap that kept its limit: one row, no days


def test_chinese_rows_say_each_limit_and_its_days(screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    text = _text("zh_CN", screenshot_dir)
    assert "3（至 12-06）" in text and "2（12-06 起）" in text
    assert "期间内限额有变" in text and "to 12-06" not in text


def test_each_version_says_the_rule_in_its_own_words(db) -> None:  # type: ignore[no-untyped-def]
    """Real versions: the quiet hours moved to 21:00 read so under the new version, with the
    office's line; alike wordings (another rule) make one row."""
    with db.session() as s:
        _, admin = create_office(s, name="测试网点", admin_username="admin", admin_password="pw-a")
        first, _id = active_ruleset(s)
        me = s.scalar(select(User).where(User.username == "admin"))
        edited = change_parameters(s, me, "quiet_hours", {"start": "21:00"})
        rows = rule_counts(
            s,
            {
                ("quiet_hours", first.label): Counter(blocked=3),
                ("quiet_hours", edited.label): Counter(blocked=1, warning=2),
                ("daily_attempt_cap", first.label): Counter(blocked=1),
                ("daily_attempt_cap", edited.label): Counter(blocked=1),
            },
            first,
            "en",
        )
    quiet = [r for r in rows if r.rule == "quiet_hours"]
    assert [(r.versions, r.blocked, r.warnings) for r in quiet] == [
        ("CN 2026.7", 3, 0),
        ("CN 2026.7-r2", 1, 2),
    ]
    assert "Set otherwise" not in quiet[0].text
    assert "Set otherwise for this office: Quiet from: 21:00" in quiet[1].text
    caps = [r for r in rows if r.rule == "daily_attempt_cap"]
    assert [(r.versions, r.blocked) for r in caps] == [("", 2)]


def test_a_switch_within_a_day_cuts_the_period_there(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        _, admin = create_office(s, name="测试网点", admin_username="admin", admin_password="pw-a")
        active_ruleset(s)
        me = s.scalar(select(User).where(User.username == "admin"))
        select_jurisdiction(s, me, "us")
        today = dt.datetime.now(dt.UTC).date()
        period = Period(today - dt.timedelta(days=2), today + dt.timedelta(days=1), "UTC")
        judged = rulesets_in_period(s, period)
    assert [j.ruleset.label for j in judged] == ["CN 2026.7", "US 2026.7"]
    assert judged[0].low == period.utc_bounds()[0] and judged[-1].high == period.utc_bounds()[1]
    assert judged[0].high == judged[1].low and judged[1].first == today
