"""`casedesk training …` and `casedesk report training` on a copy of the demo office."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from pypdf import PdfReader

from app.cli.main import main
from tests.conftest import TEST_KEY


@pytest.fixture
def env(monkeypatch, demo_path):
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _status(capsys, db):
    capsys.readouterr()
    assert main(["training", "status", "--json", *db]) == 0
    return {a["agent"]: a for a in json.loads(capsys.readouterr().out)}


def test_add_renews_and_status_shows_it(capsys, env):
    before = _status(capsys, env)
    lapsed = next(a for a in before.values() if any(c["status"] == "lapsed" for c in a["courses"]))
    course = next(c["code"] for c in lapsed["courses"] if c["status"] == "lapsed")
    today = dt.date.today().isoformat()
    assert (
        main(
            [
                "training",
                "add",
                lapsed["agent"],
                course,
                "--date",
                today,
                "--score",
                "99",
                "--trainer",
                "张老师",
                *env,
            ]
        )
        == 0
    )
    assert "valid until" in capsys.readouterr().out
    after = _status(capsys, env)
    assert (
        next(c for c in after[lapsed["agent"]]["courses"] if c["code"] == course)["status"]
        == "valid"
    )


@pytest.mark.parametrize(
    "score,date,message",
    [
        ("130", "2026-01-05", "0 to 100"),
        ("abc", "2026-01-05", "whole number"),
        ("80", "2999-01-01", "future"),
        ("80", "05/01/2026x", "Cannot read the date"),
        # read as typed, not through a float (QA s44 #8: it said "not 12345678901234568")
        ("12345678901234567", "2026-01-05", "0 to 100, not 12345678901234567."),
        ("12345678901234567.0", "2026-01-05", "0 to 100, not 12345678901234567."),
    ],
)
def test_bad_input_is_one_line_and_saves_nothing(capsys, env, score, date, message):
    before = _status(capsys, env)
    code = main(["training", "add", "agent01", "COMM", "--date", date, "--score", score, *env])
    captured = capsys.readouterr()
    assert code == 1 and message in captured.err and "Traceback" not in captured.err
    assert _status(capsys, env) == before


def test_agents_cannot_record_or_print(capsys, env, monkeypatch, tmp_path):
    monkeypatch.setenv("CASEDESK_USER", "agent02")
    assert (
        main(["training", "add", "agent02", "COMM", "--date", "2026-01-05", "--score", "90", *env])
        == 1
    )
    assert main(["report", "training", "-o", str(tmp_path / "r.pdf"), *env]) == 1
    assert "may not" in capsys.readouterr().err and not (tmp_path / "r.pdf").exists()


def test_import_all_or_nothing(capsys, env, tmp_path):
    bad = tmp_path / "bad.csv"
    with open(bad, "w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows(
            [
                ["agent", "course", "date", "score"],
                ["agent01", "COMM", "2026-03-01", "90"],
                ["nobody", "COMM", "2026-03-01", "90"],
                ["agent02", "LAW", "2026-03-01", "130"],
            ]
        )
    before = _status(capsys, env)
    assert main(["training", "import", str(bad), *env]) == 1
    err = capsys.readouterr().err
    assert "line 3, Agent" in err and "line 4, Score" in err and "nothing was imported" in err
    assert _status(capsys, env) == before
    good = tmp_path / "good.csv"
    with open(good, "w", newline="", encoding="gb18030") as f:
        csv.writer(f).writerows(
            [["用户名", "课程", "日期", "分数"], ["agent01", "COMM", "2026-03-01", "90"]]
        )
    assert main(["training", "import", str(good), "--dry-run", *env]) == 0
    assert "dry run" in capsys.readouterr().out
    assert main(["training", "import", str(good), *env]) == 0
    assert "Imported 1" in capsys.readouterr().out


def test_roster_pdf(capsys, env, tmp_path):
    out = tmp_path / "roster.pdf"
    assert main(["report", "training", "-o", str(out), "--lang", "zh_CN", *env]) == 0
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "培训花名册" in text and "agent01" in text


def test_course_catalogue(capsys, env):
    assert (
        main(
            [
                "training",
                "course",
                "add",
                "DEBT",
                "--zh",
                "债务咨询",
                "--en",
                "Debt advice",
                "--months",
                "24",
                "--pass-mark",
                "75",
                "--required-for",
                "field",
                *env,
            ]
        )
        == 0
    )
    assert main(["training", "course", "change", "DEBT", "--months", "18", *env]) == 0
    capsys.readouterr()
    assert main(["training", "course", "list", "--json", *env]) == 0
    debt = next(c for c in json.loads(capsys.readouterr().out) if c["code"] == "DEBT")
    assert (debt["validity_months"], debt["pass_mark"], debt["required_for"]) == (18, 75, "field")
    assert main(["training", "course", "change", "DEBT", "--months", "500", *env]) == 1
    assert "1 to 120" in capsys.readouterr().err


def test_the_cli_speaks_of_columns_and_courses_in_words(capsys, env, tmp_path):
    """Found by QA: `training import` named the bad column by its key (agent, course) in Chinese
    too, `course list` printed all/phone/field, and a course required for phone work only read
    "phone and field work blocked" with no course named."""
    bad = tmp_path / "bad.csv"
    with open(bad, "w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows(
            [["agent", "course", "date", "score"], ["nobody", "NOSUCH", "2026-03-01", "90"]]
        )
    capsys.readouterr()
    assert main(["--lang", "zh_CN", "training", "import", str(bad), *env]) == 1
    err = capsys.readouterr().err
    assert "第 2 行，催收员：" in err and "第 2 行，课程：" in err, err
    assert main(["--lang", "zh_CN", "training", "course", "list", *env]) == 0
    listing = capsys.readouterr().out
    assert "电话与上门" in listing and " all " not in listing, listing
    assert main(["training", "course", "add", "PRIV", "--zh", "个人信息保护", "--en",
                 "Personal information", "--required-for", "phone", *env]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["training", "status", *env]) == 0
    lines = capsys.readouterr().out.splitlines()
    phone_only = [
        line for line in lines if line.endswith("phone work blocked: Personal information")
    ]
    assert phone_only and not any(line.endswith("blocked: ") for line in lines), lines


def test_a_file_imported_again_is_skipped_and_said(capsys, env, tmp_path, monkeypatch):
    good = tmp_path / "good.csv"
    with open(good, "w", newline="", encoding="utf-8-sig") as f:
        csv.writer(f).writerows(
            [["agent", "course", "date", "score"], ["agent01", "COMM", "2026-03-02", "91"]]
        )
    capsys.readouterr()
    assert main(["training", "import", str(good), *env]) == 0
    assert capsys.readouterr().out.strip() == (
        "Imported 1 new training record; 0 training records already in Casedesk were skipped."
    )
    for command, user in (
        (["training", "import"], "supervisor"),
        (["import", "training"], "admin"),
    ):
        monkeypatch.setenv("CASEDESK_USER", user)  # the general import is an admin's
        assert main([*command, str(good), *env]) == 0
        out = capsys.readouterr().out
        assert "1 training record already in Casedesk was skipped" in out, out
    assert main(["training", "import", str(good), "--dry-run", *env]) == 0
    assert "1 row checked: 0 new, 1 already imported" in capsys.readouterr().out


def test_an_office_without_agents_says_so(cli, office, monkeypatch):
    """A new office (its one agent made a supervisor here) printed nothing at all."""
    from tests.cli.conftest import ADMIN_PASSWORD

    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("training", "status", "--db", office)
    assert code == 0 and out.startswith("bob "), err
    assert cli("user", "role", "bob", "supervisor", "--db", office)[0] == 0
    code, out, _ = cli("training", "status", "--db", office)
    assert code == 0 and out == "No agents in this office yet.\n"
    code, out, _ = cli("--lang", "zh_CN", "training", "status", "--db", office)
    assert code == 0 and out == "本营业部尚无催收员。\n"
    code, out, _ = cli("training", "status", "--db", office, "--json")
    assert code == 0 and json.loads(out) == []
