"""A section's heading and the lines under it that say what it counts never end a page: they stay
on one page with the table's header and its first two rows, or the section's chart, or its "none"
line (found by QA: a CondPageBreak of 30 mm left "Overrides (who, why)" and its two intro lines at
the foot of a page with one row under them, and could leave them with none). The reports are
parsed back with pypdf; each section's first rows are found on its heading's page, and no page's
last line is a heading or an intro line, whatever the rows before push the section to."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.i18n import plural, tr
from app.queries.compliance_rows import LogRow
from app.reporting.compliance import AgentRuleCount, ComplianceReport, RuleCount
from app.reporting.compliance_contacts import ChannelCount, ThirdPartyRow
from app.reporting.compliance_more import ComplaintRow, TrainingRow, VisitRow
from app.reporting.period import Header, Period
from reports.base import PageInfo, build_pdf
from reports.compliance_people import BY_VISIT_DATE
from reports.compliance_report import BY_RECORDED, render_compliance_report
from reports.kit import intro, none_note, section, text_chunks
from tests.reports.headed_pages import assert_headed
from tests.reports.pdfcheck import render_png

UTC = dt.UTC
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
AT = dt.datetime(2026, 11, 10, 2, 30, tzinfo=UTC)
SLOT = "A visit's booking or move gives the slot it chose under the time it was recorded; the "
SLOT += "Visits section counts each visit by its own date, which a later move may have changed."
THIRD = "Relatives, employers and others; a guarantor is a party to the debt."


def _log(n: int, prefix: str, *, visit: bool = False, by: str = "") -> LogRow:
    """A flagged attempt; `visit`: a visit's booking, whose slot takes two more lines."""
    at = AT + dt.timedelta(hours=n)
    return LogRow(
        ("contact", n), at, f"{prefix}{n:04d}", "王芳", "call", "borrower",
        "needs_override" if by else "blocked", "quiet_hours", "", by, "家属同意" if by else "",
        "CN 2026.4", action="visit_book" if visit else "call",
        slot_start=at if visit else None, slot_end=at + dt.timedelta(hours=1) if visit else None,
    )  # fmt: skip


def _compliance(blocked: int) -> ComplianceReport:
    """Every section of the compliance report with rows in it; `blocked` rows push the sections
    after "Blocked attempts" down, a row at a time."""
    day = dt.date(2026, 11, 12)
    return ComplianceReport(
        Header("测试营业部", AT, ("CN 2026.4",)),
        Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), "Asia/Shanghai"),
        contacts=40,
        by_channel=[ChannelCount("call", 30, 12, 2), ChannelCount("sms", 10, 0, 0)],
        by_hour=[0] * 9 + [5] * 8 + [0] * 7,
        by_rule=[RuleCount("quiet_hours", "No contact at night.", blocked, 0, 3)],
        blocked=[_log(n, "BL") for n in range(blocked)],
        overrides=[_log(n, "OV", visit=n == 0, by="李主管") for n in range(3)],
        warnings_by_agent=[AgentRuleCount(f"警告员{n}", "quiet_hours", 5 - n) for n in range(4)],
        third_party=[
            ThirdPartyRow(
                dt.datetime(2026, 11, 3, 10, n, tzinfo=SHANGHAI),
                f"TP{n:04d}",
                "王芳",
                "relative",
                "call",
                "connected",
                "warning",
            )
            for n in range(5)
        ],  # fmt: skip
        visits=[
            VisitRow(
                f"VS{n:04d}",
                f"C{n:04d}",
                dt.datetime(2026, 11, 5, 10, tzinfo=SHANGHAI),
                "completed",
                ("王芳", "李强"),
                None,
                False,
                (),
            )
            for n in range(5)
        ],  # fmt: skip
        training=[TrainingRow(f"培训员{n}", "Negotiation", "lapsed", day) for n in range(3)],
        complaints=[
            ComplaintRow(
                f"CP{n:04d}", f"C{n:04d}", day, "harassment", "王芳", day, "open", None, "", False
            )
            for n in range(5)
        ],  # fmt: skip
        staff=4,
    )


def _compliance_firsts(lang: str) -> dict[str, tuple[str, ...]]:
    """Each heading → what must stand under it on its page: the table's header (its first
    column's) and its first two rows (their first cells), or the chart's title."""

    def t(msgid: str) -> str:
        return tr(msgid, lang=lang)

    return {
        t("Summary"): (
            t("Figure"),
            t("Contact attempts"),
            t("Conversations (connected calls and visits)"),
        ),
        t("Contacts by channel"): (t("Channel"), t("Call"), t("SMS")),
        t("Contacts by hour of day (office time)"): (t("Contact attempts per hour"),),
        t("Daily caps"): (t("Cap"),),
        t("Flags by rule"): (t("Rule"), "(quiet_hours)"),
        t("Flags by action"): (t("None in this period."),),
        t("Blocked attempts"): (t("When"), "BL0000", "BL0001"),
        t("Overrides (who, why)"): (t("When"), "OV0000", "OV0001"),
        t("Warnings by agent and rule"): (t("Agent"), "警告员0", "警告员1"),
        t("Third-party contacts"): (t("When"), "TP0000", "TP0001"),
        t("Visits: staffing, check-outs and incidents"): (t("Visit"), "VS0000", "VS0001"),
        t("Complaints: deadlines and outcomes"): (t("Complaint"), "CP0000", "CP0001"),
        t("Agents with lapsed, missing or expiring training"): (t("Agent"), "培训员0", "培训员1"),
        plural(1, "Rule-set version in force", "Rule-set versions in force", lang): (
            t("Version"),
            "CN2026.4",
        ),
    }


def _compliance_intros(lang: str) -> list[str]:
    intros = (BY_RECORDED, BY_VISIT_DATE, SLOT, THIRD)
    return [tr(m, lang=lang) for m in intros] + [tr("As of {date}.", lang=lang, date="2026-11-30")]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_compliance_sections_start_with_their_first_rows(lang: str, screenshot_dir) -> None:  # type: ignore[no-untyped-def]
    firsts, intros = _compliance_firsts(lang), _compliance_intros(lang)
    for blocked in range(2, 44):  # the later sections walk down a page, a row at a time
        out = io.BytesIO()
        render_compliance_report(_compliance(blocked), out, lang)
        try:
            assert_headed(out.getvalue(), firsts, intros)
        except AssertionError:
            render_png(out.getvalue(), screenshot_dir / "reports", f"heads-{lang}-{blocked}")
            raise


INFO = PageInfo("Kit", "测试营业部", "kit", AT)


@pytest.mark.parametrize("rows_count", [0, 1, 3, 4, 9, 45])
def test_a_heading_keeps_its_intro_header_and_first_rows(rows_count: int) -> None:
    """Whatever room is left on the page, the heading's page holds the table's header and first
    two rows (rows of three lines here), or its "none" line; a page never ends with the heading."""
    rows = [[f"ROW-{i:02d}\nline 2\nline 3", "王芳", i] for i in range(rows_count)]
    firsts = ("Case", "ROW-00", "ROW-01")[: 1 + min(rows_count, 2)] if rows else ("None",)
    for step in range(0, 170, 2):  # the frame is 172 mm tall
        story: list = [Spacer(1, step * mm), *section("Blocked attempts", "en")]
        story += [intro(tr(BY_RECORDED, lang="en")), intro(tr(SLOT, lang="en"))]
        if rows:
            story += text_chunks(["Case", "Agent", "Count"], rows, [40 * mm, 30 * mm, 20 * mm])
        else:
            story.append(none_note("en"))
        out = io.BytesIO()
        build_pdf(out, story, INFO, wide=True)
        assert_headed(out.getvalue(), {"Blocked attempts": firsts}, [BY_RECORDED, SLOT])
