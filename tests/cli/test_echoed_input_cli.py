"""A value the user typed and a refusal repeats (an unknown case number, a bad date, a file name)
is shown with its control characters escaped: an ANSI sequence such as ESC[2J cleared the
terminal, a right-to-left override U+202E turned the rest of the line around."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.printable import visible
from tests.conftest import TEST_KEY

HOSTILE = "X\x1b[2J\u202e\x07"
SHOWN = "X\\x1b[2J\\u202e\\x07"


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch, demo_path: Path) -> list[str]:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path), "--user", "supervisor"]


def _clean(err: str) -> None:
    assert "\x1b" not in err and "\u202e" not in err and "\x07" not in err


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_unknown_case_number_is_echoed_escaped(cli, db, lang):
    code, _out, err = cli("--lang", lang, "case", "show", HOSTILE, *db)
    assert code != 0
    _clean(err)
    assert SHOWN in err


def test_a_bad_date_is_echoed_escaped(cli, db):
    code, _out, err = cli("visit", "list", "--date", "2026\x1b[2J", *db)
    assert code != 0
    _clean(err)
    assert "2026\\x1b[2J" in err and "\\\\x1b" not in err  # escaped once, not twice


def test_a_file_name_is_echoed_escaped(cli, db, tmp_path):
    code, _out, err = cli("report", "training", "-o", str(tmp_path / f"r{HOSTILE}.txt"), *db)
    assert code == 2
    _clean(err)
    assert f"r{SHOWN}.txt" in err


def test_a_newline_in_a_value_does_not_start_a_line_of_its_own(cli, db):
    code, _out, err = cli("case", "show", "X\ncasedesk: all is well", *db)
    assert code != 0
    assert "X\\x0acasedesk: all is well" in err
    assert not any(line.startswith("casedesk: all is well") for line in err.splitlines())


def test_printable_text_is_left_as_written():
    text = "张三 1\u3000000 café\ttab"
    assert visible(text, keep="\t") == text
    assert visible("\udcff\U000e0001") == "\\udcff\\U000e0001"
