"""The compliance report PDF parsed back with pypdf: section titles, the counts gathered, the
rule-set version and "page X of Y" on every page, every font embedded, Chinese, an empty period,
and a long list split across pages (all pages rendered to PNG for a person to look at)."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from sqlalchemy import select

from app.i18n import tr
from app.labels import COMPLAINT_CATEGORY, COMPLAINT_STATUS, capital, label, rule_names
from app.models import User
from app.reporting import compliance_report
from app.reporting.compliance import ComplianceReport, ThirdPartyRow
from app.reporting.compliance_more import ComplaintRow, VisitRow
from app.reporting.period import Header, Period
from reports.compliance_report import render_compliance_report
from tests.office_day import office_today
from tests.reports.pdfcheck import fonts, pages_text, read, render_png


def period() -> tuple[dt.date, dt.date]:
    """The 60 days to the office's today, read when a test runs, not at import (a run that
    crosses midnight in Shanghai, 16:00 UTC, would ask for the day before)."""
    end = office_today()
    return end - dt.timedelta(days=60), end


def gather(demo_db, start=None, end=None, lang="en") -> ComplianceReport:
    if start is None or end is None:
        start, end = period()
    with demo_db.sessions() as s:
        supervisor = s.scalar(select(User).where(User.username == "supervisor"))
        return compliance_report(s, supervisor, start, end, lang)


def render(report: ComplianceReport, lang: str) -> bytes:
    out = io.BytesIO()
    render_compliance_report(report, out, lang)
    return out.getvalue()


def assert_every_page_is_framed(texts: list[str], version: str, lang: str) -> None:
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        if lang == "en":
            assert f"Page {number} of {total}" in text
            assert f"Rule set {version}" in text
        else:
            assert f"第 {number} 页，共 {total} 页" in text
            assert version in text


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        (
            "en",
            (
                "Compliance report",
                "Contacts by channel",
                "Contacts by hour of day",
                "Daily caps",
                "Blocked attempts",
                "Overrides (who, why)",
                "Third-party contacts",
                "Visits: staffing, check-outs and incidents",
                "Complaints: deadlines and outcomes",
                "Rule-set version in force",  # the demo office's one
            ),
        ),
        ("zh_CN", ("合规报告", "按渠道统计的联系", "每日上限", "被拦截的联系", "生效的规则集版本")),
    ],
)
def test_sections_counts_version_and_fonts(demo_db, lang, titles, screenshot_dir) -> None:
    report = gather(demo_db, lang=lang)
    data = render(report, lang)
    reader = read(data)
    texts = pages_text(reader)
    text = "\n".join(texts)
    for title in titles:
        assert title in text, title
    assert report.header.office_name in text
    version = report.header.ruleset_versions[-1]
    assert_every_page_is_framed(texts, version, lang)
    assert str(report.contacts) in text
    # The channels' total row adds up every column.
    connected = sum(c.connected for c in report.by_channel)
    third = sum(c.third_party for c in report.by_channel)
    assert f"{tr('Total', lang=lang)} {report.contacts} {connected} {third}" in text
    for row in report.blocked:
        assert row.case_no in text and rule_names(row.rules, lang) in text
    # Rules read by name; the id is printed once, beside the name in the flags-by-rule table.
    flagged = {x.rule for x in report.by_rule}
    assert "quiet_hours" in {r.rules for r in report.blocked}
    assert text.count("quiet_hours") == ("quiet_hours" in flagged)
    for visit in report.visits:
        assert visit.visit_no in text
    for complaint in report.complaints:
        assert complaint.complaint_no in text
    assert report.warnings_by_agent  # ranked, and the table says so
    said = tr("The agent with the most warnings first.", lang=lang)
    assert said in text.replace("\n", "")
    used = fonts(reader)
    assert used and all(embedded for _name, embedded in used), used
    render_png(data, screenshot_dir / "reports", f"compliance-{lang}")


def test_an_empty_period_prints_a_clear_page(demo_db, screenshot_dir) -> None:
    report = gather(demo_db, dt.date(2001, 1, 1), dt.date(2001, 1, 31))
    assert report.empty
    data = render(report, "en")
    texts = pages_text(read(data))
    assert "No data in this period" in texts[0]
    assert "between 2001-01-01 and 2001-01-31" in texts[0]
    assert "Rule-set version in force" in texts[-1]
    # Before the office stored its first rule set: none was in force, and no agent was on staff.
    assert report.header.ruleset_versions == () and report.training == []
    assert "Rule-set version in force: none (no rule set had been stored by the period's end)" in (
        texts[0].replace("\n", " ")
    )
    assert "versions" not in "".join(texts)
    assert_every_page_is_framed(texts, "—", "en")
    render_png(data, screenshot_dir / "reports", "compliance-empty")
    assert "无（期末前尚未存储任何规则集）" in pages_text(read(render(report, "zh_CN")))[0]


def test_a_long_list_is_split_into_framed_pages(screenshot_dir) -> None:
    zone = zoneinfo.ZoneInfo("Asia/Shanghai")
    start = dt.datetime(2026, 3, 1, 9, tzinfo=zone)
    rows = [
        ThirdPartyRow(start + dt.timedelta(minutes=17 * i), f"C2026-{i:06d}", "王芳",
                      "relative", "call", "no_answer", "warning")
        for i in range(300)
    ]  # fmt: skip
    report = ComplianceReport(
        Header("测试营业部", dt.datetime(2026, 4, 1, tzinfo=dt.UTC), ("CN 2026.1", "CN 2026.1-r2")),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Shanghai"),
        contacts=300,
        third_party=rows,
    )
    data = render(report, "en")
    texts = pages_text(read(data))
    assert len(texts) >= 8
    text = "\n".join(texts)
    assert all(f"C2026-{i:06d}" in text for i in range(300))
    assert text.count("Third-party contacts") >= 2  # the summary row and the section
    assert_every_page_is_framed(texts, "CN 2026.1, CN 2026.1-r2", "en")
    render_png(data, screenshot_dir / "reports", "compliance-long")


@pytest.mark.parametrize(
    ("lang", "words", "late"),
    [
        ("en", "Aggressive dog, verbal abuse", "1 h 35 min late"),
        ("zh_CN", "恶犬、言语辱骂", "超时 1 小时 35 分钟"),
    ],
)
def test_visit_incidents_are_in_words(lang, words, late) -> None:
    """What went wrong at a visit reads as words in the report's language, not its codes; a
    late check-out says how late in hours and minutes; an English cell starts with a capital."""
    start = dt.datetime(2026, 3, 2, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    visits = [
        VisitRow("V2026-000001", "C2026-000001", start, "completed", ("王芳", "李强"), 95,
                 False, ("aggressive_dog", "verbal_abuse")),
        VisitRow("V2026-000002", "C2026-000002", start, "no_show", ("王芳", "李强"), None,
                 False, ("vehicle",)),
    ]  # fmt: skip
    report = ComplianceReport(
        Header("测试营业部", dt.datetime(2026, 4, 1, tzinfo=dt.UTC), ("CN 2026.1",)),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Shanghai"),
        contacts=0,
        visits=visits,
    )
    text = " ".join(pages_text(read(render(report, lang))))
    assert words in text
    assert ("王芳, 李强" if lang == "en" else "王芳、李强") in text  # the agents, likewise
    assert ("Vehicle trouble" if lang == "en" else "车辆故障") in text
    assert late in text and "95" not in text
    assert not {"aggressive_dog", "verbal_abuse"} & set(text.replace(",", " ").split())


@pytest.mark.parametrize(
    ("lang", "versions", "line"),
    [
        ("en", ("CN 2026.1",), "Rule-set version in force: CN 2026.1"),
        (
            "en",
            ("CN 2026.1", "CN 2026.1-r2"),
            "Rule-set versions in force: CN 2026.1, CN 2026.1-r2",
        ),
        ("zh_CN", ("CN 2026.1", "CN 2026.1-r2"), "生效的规则集版本：CN 2026.1、CN 2026.1-r2"),
    ],
)
def test_the_versions_line_says_one_or_many(lang, versions, line) -> None:
    """The first page names the versions in force: "version" for one, "versions" for several,
    listed in the report's language; the footer names them the same way."""
    report = ComplianceReport(
        Header("测试营业部", dt.datetime(2026, 4, 1, tzinfo=dt.UTC), versions),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Shanghai"),
        contacts=0,
    )
    texts = pages_text(read(render(report, lang)))
    assert line in texts[0].replace("\n", "")
    assert_every_page_is_framed(texts, ("、" if lang == "zh_CN" else ", ").join(versions), lang)


@pytest.mark.parametrize(
    ("lang", "versions", "title", "not_title"),
    [
        ("en", ("CN 2026.2",), "Rule-set version in force", "Rule-set versions in force"),
        ("en", ("CN 2026.1", "CN 2026.2"), "Rule-set versions in force", None),
        ("zh_CN", ("CN 2026.2",), "生效的规则集版本", None),
    ],
)
def test_the_last_sections_heading_says_one_or_many(lang, versions, title, not_title) -> None:
    """The closing section is headed "version" under one version in force, "versions" under
    several (Chinese has no plural)."""
    report = ComplianceReport(
        Header("测试营业部", dt.datetime(2026, 4, 1, tzinfo=dt.UTC), versions),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Shanghai"),
        contacts=0,
    )
    last = pages_text(read(render(report, lang)))[-1].replace("\n", " ")
    assert f"{title} {tr('Version', lang=lang)}" in last  # the heading, then the table
    if not_title:
        assert not_title not in last


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_complaint_without_an_agent_shows_a_dash(lang) -> None:
    """An empty agent cell reads "—", as every other empty cell of the report does."""
    complaint = ComplaintRow(
        "CP2026-000011", "C2026-000042", dt.date(2026, 3, 2), "privacy", "",
        dt.date(2026, 3, 17), "open", None, "", False,
    )  # fmt: skip
    report = ComplianceReport(
        Header("测试营业部", dt.datetime(2026, 4, 1, tzinfo=dt.UTC), ("CN 2026.1",)),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Shanghai"),
        complaints=[complaint],
    )
    text = " ".join(pages_text(read(render(report, lang))))
    category = capital(label(COMPLAINT_CATEGORY, "privacy", lang))
    status = capital(label(COMPLAINT_STATUS, "open", lang))
    row = text[text.index("CP2026-000011") :].split("\n")[0]
    assert row.split() == [
        "CP2026-000011", "C2026-000042", "2026-03-02", category, "—", "2026-03-17", status,
        "—", "—",
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_complaint_about_an_agent_alone_shows_a_dash_for_its_case(lang) -> None:
    """A regulator's complaint about an agent, no case: its case cell read blank (QA, session
    21), the one empty cell of the report without its "—"."""
    complaint = ComplaintRow(
        "CP2026-000024", None, dt.date(2026, 3, 2), "third_party_disclosure", "窦旭",
        dt.date(2026, 4, 1), "open", None, "", False,
    )  # fmt: skip
    report = ComplianceReport(
        Header("测试营业部", dt.datetime(2026, 4, 1, tzinfo=dt.UTC), ("CN 2026.1",)),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Shanghai"),
        complaints=[complaint],
    )
    text = " ".join(pages_text(read(render(report, lang))))
    row = text[text.index("CP2026-000024") :].split("\n")[0]
    assert row.split()[:3] == ["CP2026-000024", "—", "2026-03-02"]


def test_agents_with_as_many_warnings_are_in_pinyin_order() -> None:
    """A tie in "Warnings by agent and rule" breaks in pinyin order of the names, as every list
    of people in the app (姜 jiang before 刘 liu, although 刘 comes first by code point)."""
    from collections import Counter

    from app.reporting.compliance import ranked_warnings

    counts = Counter(
        {
            ("刘秀兰", "third_party", "call"): 3,
            ("刘秀兰", "quiet_hours", "call"): 1,
            ("姜志强", "third_party", "call"): 4,
            ("窦旭", "third_party", "call"): 9,
            ("Anna Li", "quiet_hours", "visit_book"): 4,
        }
    )
    assert "刘" < "姜"  # what the old order went by
    ranked = [(w.agent, w.rule, w.count) for w in ranked_warnings(counts)]
    assert ranked == [
        ("窦旭", "third_party", 9),
        ("Anna Li", "quiet_hours", 4),
        ("姜志强", "third_party", 4),
        ("刘秀兰", "third_party", 3),
        ("刘秀兰", "quiet_hours", 1),
    ]


@pytest.mark.parametrize(
    ("lang", "marker", "figure"),
    [
        (
            "en",
            "quiet hours, agreed by the borrower",
            "Visits in quiet hours the borrower agreed to",
        ),
        ("zh_CN", "免打扰时段，借款人已同意", "借款人同意的免打扰时段上门"),
    ],
)
def test_a_visit_in_quiet_hours_the_borrower_agreed_to_says_so(
    lang, marker, figure, screenshot_dir
) -> None:
    """A visit booked at 07:30 with the borrower's agreement to that time is marked under its
    start and counted in the summary; a daytime visit is not."""
    zone = zoneinfo.ZoneInfo("Asia/Shanghai")
    early, day = (dt.datetime(2026, 3, 2, h, m, tzinfo=zone) for h, m in ((7, 30), (10, 0)))
    visits = [
        VisitRow("V2026-000001", "C2026-000001", early, "completed", ("王芳", "李强"), None,
                 False, (), True, True),
        VisitRow("V2026-000002", "C2026-000002", day, "completed", ("王芳", "李强"), None,
                 False, (), True),
    ]  # fmt: skip
    report = ComplianceReport(
        Header("测试营业部", dt.datetime(2026, 4, 1, tzinfo=dt.UTC), ("CN 2026.1",)),
        Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Shanghai"),
        contacts=0,
        visits=visits,
    )
    data = render(report, lang)
    flat = "".join("".join(pages_text(read(data))).split())  # a wrapped cell read as one
    assert flat.count(marker.replace(" ", "")) == 1 and figure.replace(" ", "") in flat
    render_png(data, screenshot_dir / "reports", f"compliance-quiet-agreed-{lang}")
