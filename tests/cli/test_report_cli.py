"""`casedesk report compliance|portfolio|training` on a copy of the demo office: PDFs written
and parsed back, an empty period, bad periods and an agent refused with nothing written."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from pypdf import PdfReader

from app.cli.main import main
from tests.conftest import TEST_KEY
from tests.office_day import office_today


def period() -> tuple[str, str]:
    """The 60 days to the office's today (not this computer's: a computer east of Shanghai is a
    day ahead at times, and a period ending on its today was refused as after the office's),
    read when a test runs, not at import (a run may cross midnight in Shanghai, 16:00 UTC)."""
    end = office_today()
    return (end - dt.timedelta(days=60)).isoformat(), end.isoformat()


@pytest.fixture
def env(monkeypatch, demo_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def text_of(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_compliance_report_pdf(capsys, env, tmp_path) -> None:
    start, end = period()
    out = tmp_path / "compliance.pdf"
    assert main(["report", "compliance", "--from", start, "--to", end, "-o", str(out), *env]) == 0
    assert capsys.readouterr().out.strip() == f"Wrote {out}."
    text = text_of(out)
    assert "Compliance report" in text and f"Period {start} to {end}" in text
    assert "Blocked attempts" in text and "Rule set CN 2026.7" in text
    assert not list(tmp_path.glob("*.part"))


def test_portfolio_report_pdf_in_chinese(capsys, env, tmp_path) -> None:
    start, end = period()
    out = tmp_path / "portfolio.pdf"
    args = ["report", "portfolio", "--from", start, "--to", end, "--as-of", end]
    assert main([*args, "-o", str(out), "--lang", "zh_CN", *env]) == 0
    assert "已写入" in capsys.readouterr().out
    text = text_of(out)
    assert "资产组合与回收报告" in text and "回收率" in text and f"截至 {end}" in text


def test_portfolio_as_of_defaults_to_the_end(capsys, env, tmp_path) -> None:
    start, end = period()
    out = tmp_path / "p.pdf"
    assert main(["report", "portfolio", "--from", start, "--to", end, "-o", str(out), *env]) == 0
    assert f"Aging as of {end}" in text_of(out)


def test_an_empty_period_still_writes_a_clear_pdf(capsys, env, tmp_path) -> None:
    out = tmp_path / "empty.pdf"
    args = ["report", "compliance", "--from", "2001-01-01", "--to", "2001-01-31"]
    assert main([*args, "-o", str(out), *env]) == 0
    assert "No data in this period." in capsys.readouterr().out
    assert "No data in this period" in text_of(out)
    # The list of reports generated says so, as the window's does (QA s44 #5).
    assert main(["report", "recent", "--limit", "1", *env]) == 0
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert "Compliance report (no data)  2001-01-01 – 2001-01-31" in line
    assert main(["report", "recent", "--limit", "1", "--lang", "zh_CN", *env]) == 0
    assert "合规报告（无数据）" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-03-31", "2026-03-01", "The period ends (2026-03-01) before it starts (2026-03-31)."),
        (
            "2026-13",
            "2026-12-31",
            "Cannot read the start date '2026-13': write it as YYYY-MM-DD (year, month, day).",
        ),
        # Written as asked, but no day of the calendar (QA: was told to write it as YYYY-MM-DD).
        ("2026-02-30", "2026-03-31", "The start date 2026-02-30 is no day of the calendar."),
        (
            "2099-12-01",
            "2099-12-31",
            "The period ends on 2099-12-31, after today ({office_today}): a report covers days "
            "gone by.",
        ),
        # A typo's year: refused before any day is counted in the office's zone.
        ("0001-01-01", "0001-01-31", "No report covers days before 1900: 0001-01-01."),
    ],
)
def test_a_bad_period_is_refused_and_writes_nothing(capsys, env, tmp_path, start, end, message):
    # The office's today when the command runs, not when the tests were collected (a run that
    # crosses midnight in Shanghai, 16:00 UTC, read the day before).
    message = message.replace("{office_today}", str(office_today()))
    for kind in ("compliance", "portfolio"):
        out = tmp_path / f"{kind}.pdf"
        assert main(["report", kind, "--from", start, "--to", end, "-o", str(out), *env]) == 1
        assert capsys.readouterr().err.strip() == f"casedesk: {message}"
        assert not out.exists()


def test_an_as_of_date_before_1900_is_refused(capsys, env, tmp_path) -> None:
    start, end = period()
    out = tmp_path / "p.pdf"
    args = ["report", "portfolio", "--from", start, "--to", end, "--as-of", "0001-01-01"]
    assert main([*args, "-o", str(out), *env]) == 1
    assert capsys.readouterr().err.strip() == (
        "casedesk: No report covers days before 1900: 0001-01-01."
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "en",
            "The as-of date {day} is outside the period {start} to {end}: the aging is taken on "
            "a day of the period.",
        ),
        ("zh_CN", "截至日期 {day} 不在期间 {start} 至 {end} 之内：账龄须按期间内的某一天统计。"),
    ],
    ids=["en", "zh_CN"],
)
def test_an_as_of_date_outside_the_period_is_refused(capsys, env, tmp_path, lang, message):
    """A November report aged as of October 15 (or of December 2) is refused in one line."""
    end = office_today() - dt.timedelta(days=10)
    start = end - dt.timedelta(days=29)
    for day in (start - dt.timedelta(days=1), end + dt.timedelta(days=1)):
        out = tmp_path / "p.pdf"
        args = ["--lang", lang, "report", "portfolio", "--from", str(start), "--to", str(end)]
        assert main([*args, "--as-of", str(day), "-o", str(out), *env]) == 1
        assert capsys.readouterr().err.strip() == "casedesk: " + message.format(
            day=day, start=start, end=end
        )
        assert not out.exists()


def test_the_as_of_help_says_which_days_it_takes(capsys) -> None:
    assert main(["report", "portfolio", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--as-of DATE a day from --from to --to; default: --to" in help_text


def test_a_missing_folder_is_named_before_the_figures_are_gathered(capsys, env, tmp_path):
    start, end = period()
    out = tmp_path / "no such folder" / "p.pdf"
    args = ["--lang", "zh_CN", "report", "portfolio", "--from", start, "--to", end]
    assert main([*args, "-o", str(out), *env]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"casedesk: 无法写入 {out}：文件夹 {out.parent} 不存在。"
    assert ".part" not in err and not out.parent.exists()


def test_the_systems_reasons_are_in_the_readers_language() -> None:
    import errno

    from app.errors import os_reason

    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "x.pdf")
    assert os_reason(missing, "zh_CN") == "文件或文件夹不存在"
    assert os_reason(missing, "en") == "no such file or folder"
    full = OSError(errno.ENOSPC, "No space left on device")
    assert os_reason(full, "zh_CN") == "磁盘已满"
    odd = OSError(errno.EMLINK, "Too many links")
    assert os_reason(odd, "zh_CN") == "Too many links"  # the system's words when there are none


def test_agents_cannot_print_reports(capsys, env, monkeypatch, tmp_path) -> None:
    start, end = period()
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    out = tmp_path / "c.pdf"
    assert main(["report", "compliance", "--from", start, "--to", end, "-o", str(out), *env]) == 1
    assert "may not print reports" in capsys.readouterr().err and not out.exists()


def test_training_roster_unchanged(capsys, env, tmp_path) -> None:
    out = tmp_path / "roster.pdf"
    assert main(["report", "training", "-o", str(out), *env]) == 0
    assert "Training roster" in text_of(out)


def test_missing_period_is_a_usage_error(capsys, env, tmp_path) -> None:
    start = period()[0]
    assert main(["report", "compliance", "--from", start, "-o", str(tmp_path / "x.pdf"), *env]) == 2
    assert "required: --to" in capsys.readouterr().err


def test_recent_lists_the_reports_written(capsys, env, tmp_path) -> None:
    start, end = period()
    assert main(["report", "recent", *env]) == 0
    assert capsys.readouterr().out.strip() == "No report has been generated yet."
    out = tmp_path / "november.pdf"
    assert main(["report", "compliance", "--from", start, "--to", end, "-o", str(out), *env]) == 0
    assert main(["report", "training", "-o", str(tmp_path / "roster.pdf"), *env]) == 0
    capsys.readouterr()

    assert main(["report", "recent", *env]) == 0
    newest, oldest = capsys.readouterr().out.strip().splitlines()
    assert re.split(r"\s{2,}", newest)[1:] == [
        "Training roster",
        f"As of {office_today()}",
        "English",
        "王慧",
        "roster.pdf",
    ]
    assert re.split(r"\s{2,}", oldest)[1:] == [
        "Compliance report",
        f"{start} – {end}",
        "English",
        "王慧",
        "november.pdf",
    ]
    assert newest.index("English") == oldest.index("English")  # in columns
    assert main(["report", "recent", "--limit", "1", "--lang", "zh_CN", *env]) == 0
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert line.endswith(f"培训花名册  截至 {office_today()}  English（英文）  王慧  roster.pdf")

    assert main(["report", "recent", "--json", *env]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["report"] for r in listed] == ["training", "compliance"]
    assert listed[1] | {"at": None} == {
        "at": None,
        "by": "王慧",
        "report": "compliance",
        "from": start,
        "to": end,
        "as_of": None,
        "language": "en",
        "empty": False,
        "file": "november.pdf",
    }


def test_agents_cannot_list_reports(capsys, env, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    assert main(["report", "recent", *env]) == 1
    assert "may not print reports" in capsys.readouterr().err
