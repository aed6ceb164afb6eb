"""`casedesk report …` from a QA pass: a PDF already at the output is not replaced without
--force (nor half-replaced with it), and a date that cannot be read is named with how to
write it."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from app.cli.main import main
from tests.conftest import TEST_KEY
from tests.office_day import office_today


@pytest.fixture
def env(monkeypatch, demo_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def period() -> list[str]:
    end = office_today() - dt.timedelta(days=1)
    return ["--from", (end - dt.timedelta(days=30)).isoformat(), "--to", end.isoformat()]


KINDS = {
    "compliance": period,
    "portfolio": period,
    "training": lambda: [],
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_existing_file_is_kept_unless_force(capsys, env, tmp_path, kind) -> None:
    """QA: a second run to the same file replaced last month's printed report without a word.
    Now it is refused (exit 1, the file as it was) and --force replaces it."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"{kind}.pdf"
    out.write_bytes(b"%PDF-1.4 signed copy\n")
    args = ["report", kind, *KINDS[kind](), "-o", str(out), *env]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert (
        captured.err.strip() == f"casedesk: A file is already at {out}; add --force to replace it."
    )
    assert captured.out == ""
    assert out.read_bytes() == b"%PDF-1.4 signed copy\n"
    assert sorted(p.name for p in folder.iterdir()) == [out.name]  # no .part left beside it

    assert main([*args, "--force"]) == 0
    assert capsys.readouterr().out.strip().endswith(f"Wrote {out}.")
    assert len(PdfReader(out).pages) >= 1
    assert sorted(p.name for p in folder.iterdir()) == [out.name]


def test_an_existing_file_is_refused_in_chinese(capsys, env, tmp_path) -> None:
    out = tmp_path / "p.pdf"
    out.write_bytes(b"old")
    assert main(["--lang", "zh_CN", "report", "portfolio", *period(), "-o", str(out), *env]) == 1
    assert (
        capsys.readouterr().err.strip() == f"casedesk: {out} 已存在文件；如要替换，请加 --force。"
    )
    assert out.read_bytes() == b"old"


@pytest.mark.parametrize(
    ("option", "message", "chinese"),
    [
        (
            "--from",
            "Cannot read the start date '2026-13': write it as YYYY-MM-DD (year, month, day).",
            "无法识别开始日期 '2026-13'：请按 YYYY-MM-DD（年-月-日）填写。",
        ),
        (
            "--to",
            "Cannot read the end date '2026-13': write it as YYYY-MM-DD (year, month, day).",
            "无法识别结束日期 '2026-13'：请按 YYYY-MM-DD（年-月-日）填写。",
        ),
        (
            "--as-of",
            "Cannot read the as-of date '2026-13': write it as YYYY-MM-DD (year, month, day).",
            "无法识别截至日期 '2026-13'：请按 YYYY-MM-DD（年-月-日）填写。",
        ),
    ],
)
def test_a_date_that_cannot_be_read_is_named(capsys, env, tmp_path, option, message, chinese):
    """QA: "Cannot read the date '2026-13-01'." said neither which date nor how to write it."""
    days = dict(zip(("--from", "--to"), period()[1::2], strict=True))
    days[option] = "2026-13"
    out = tmp_path / "p.pdf"
    dates = [word for pair in days.items() for word in pair]
    for lang, words in (("en", message), ("zh_CN", chinese)):
        args = ["--lang", lang, "report", "portfolio", *dates, "-o", str(out), *env]
        assert main(args) == 1
        assert capsys.readouterr().err.strip() == f"casedesk: {words}"
        assert not out.exists()


def test_the_rosters_as_of_is_named_too(capsys, env, tmp_path) -> None:
    out = tmp_path / "r.pdf"
    assert main(["report", "training", "--as-of", "2026-11-31", "-o", str(out), *env]) == 1
    assert capsys.readouterr().err.strip() == (
        "casedesk: The as-of date 2026-11-31 is no day of the calendar."
    )
    assert main(["report", "training", "--as-of", "2026-11-3x", "-o", str(out), *env]) == 1
    assert capsys.readouterr().err.strip() == (
        "casedesk: Cannot read the as-of date '2026-11-3x': write it as YYYY-MM-DD "
        "(year, month, day)."
    )
    assert not out.exists()


def test_a_date_that_is_no_day_of_the_calendar_is_said_so(capsys, env, tmp_path) -> None:
    """QA: 2026-02-30 was told "write it as YYYY-MM-DD", which it was."""
    out = tmp_path / "p.pdf"
    for lang, words in (
        ("en", "The end date 2026-02-30 is no day of the calendar."),
        ("zh_CN", "结束日期 2026-02-30 在日历上不存在。"),
    ):
        args = ["--lang", lang, "report", "compliance", "--from", "2026-02-01"]
        assert main([*args, "--to", "2026-02-30", "-o", str(out), *env]) == 1
        assert capsys.readouterr().err.strip() == f"casedesk: {words}"
        assert not out.exists()
