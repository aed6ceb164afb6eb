"""The CLI's lists line up in a terminal: columns are padded by display width, a Chinese
character taking two columns (East Asian Wide and Fullwidth), not by the number of characters."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from tests.cli.conftest import ADMIN_PASSWORD
from tests.conftest import TEST_KEY


def columns(text: str) -> int:
    """The terminal columns `text` takes, counted here independently of app.cli.table."""
    return sum(
        0
        if unicodedata.category(ch) in ("Mn", "Me", "Cf")
        else 2
        if unicodedata.east_asian_width(ch) in ("W", "F")
        else 1
        for ch in text
    )


def starts(lines: list[str], pattern: str) -> set[int]:
    """The terminal column at which `pattern` first matches in each line."""
    found = [re.search(pattern, line) for line in lines]
    assert all(found), lines
    return {columns(line[: m.start()]) for line, m in zip(lines, found, strict=True) if m}


def ends(lines: list[str], pattern: str) -> set[int]:
    found = [re.search(pattern, line) for line in lines]
    assert all(found), lines
    return {columns(line[: m.end()]) for line, m in zip(lines, found, strict=True) if m}


def test_display_width_and_the_table_printer() -> None:
    from app.cli.table import display_width, pad, table

    assert display_width("abc") == 3
    assert display_width("王芳") == 4
    assert display_width("ＡＢ") == 4  # fullwidth
    assert display_width("（已停用）") == 10  # fullwidth brackets
    assert display_width("e\u0301") == 1  # a combining accent takes no column
    assert display_width("—·") == 2  # ambiguous width: one column, as terminals outside CJK do
    assert pad("王芳", 6) == "王芳  " and pad("12", 4, ">") == "  12"
    lines = table([("a", "王芳", "1.00", "x"), ("bbb", "欧阳明月", "123.00", "")], align="<<>")
    assert lines == ["a    王芳        1.00  x", "bbb  欧阳明月  123.00"]
    assert table([]) == []


def test_user_list_lines_up_chinese_names(  # type: ignore[no-untyped-def]
    cli, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("CASEDESK_NEW_PASSWORD", "Kestrel-42-river")
    for name, role, shown in (
        ("李雷", "agent", "李雷"),
        ("ouyang", "supervisor", "欧阳娜娜"),
        ("wang", "agent", "王芳"),
    ):
        code, _out, err = cli(
            "user", "add", name, "--role", role, "--display-name", shown, "--user", "admin",
            "--db", office,
        )  # fmt: skip
        assert code == 0, err
    assert cli("user", "deactivate", "wang", "--user", "admin", "--db", office)[0] == 0
    # The role in the reader's words, as the window's Users… says it (主管, not supervisor): the
    # role column is matched by those words, and the display names found where it ends (the
    # admin's display name, Administrator, is also a role's word).
    for lang, roles, inactive, must in (
        ("en", "Administrator|Agent|Supervisor", "(inactive)", "(must change password)"),
        ("zh_CN", "管理员|催收员|主管", "（已停用）", "（须改密码）"),
    ):
        code, out, err = cli("--lang", lang, "user", "list", "--user", "admin", "--db", office)
        assert code == 0, err
        lines = out.splitlines()
        assert len(lines) == 5
        assert len(starts(lines, rf"(?<=  )({roles})(?=  )")) == 1  # the role column
        (supervisor,) = [line for line in lines if line.startswith("ouyang ")]
        assert supervisor.startswith(f"ouyang  {roles.split('|')[2]} ")
        assert len(ends(lines, rf"(?<=  )({roles})  +")) == 1  # the display names' column
        # The three accounts the admin added must still choose their own password; wang is also
        # inactive. The notes start in one column, after the widest name.
        noted = [line for line in lines if line.endswith(must)]
        assert len(noted) == 3
        (marked,) = [line for line in noted if inactive in line]
        plain = [line for line in lines if line not in noted]
        widest = max(columns(line) for line in plain)
        assert starts(noted, re.escape(inactive) + "|" + re.escape(must)) == {widest + 2}
        assert columns(marked) == widest + 2 + columns(inactive) + 1 + columns(must)


def _demo_env(monkeypatch: pytest.MonkeyPatch, demo_path: Path) -> list[str]:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_queue_agreements_and_training_line_up(  # type: ignore[no-untyped-def]
    cli, demo_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    db = ["--lang", lang, *_demo_env(monkeypatch, demo_path)]

    code, out, err = cli("queue", "--limit", "60", *db)
    assert code == 0, err
    rows = out.splitlines()[1:]
    assert len(rows) > 10
    assert any(columns(r.split()[2]) != len(r.split()[2]) for r in rows)  # Chinese names
    assert len(starts(rows, r"\S*\*\S*")) == 1  # the masked ID after the borrower's name
    # The next action, last: a date, or the day a waiting case waits until, or none.
    assert len(starts(rows, r"(?:Waiting until |等到 )?\b\d{4}-\d{2}-\d{2}$|—$")) == 1
    assert any("Waiting until " in r or "等到 " in r for r in rows)

    code, out, err = cli("agreement", "list", *db)
    assert code == 0, err
    rows = out.splitlines()[:-1]
    assert len(rows) > 1
    assert len(ends(rows, r"\d[\d,]*\.\d\d")) == 1  # the amounts' right edge
    assert len(starts(rows, r"C\d")) == 1

    code, out, err = cli("training", "status", *db)
    assert code == 0, err
    agents = [line for line in out.splitlines() if not line.startswith(" ")]
    courses = [line for line in out.splitlines() if line.startswith(" ")]
    assert len(agents) > 2 and courses
    assert len(ends(agents, r"^\S+ +\S+ +")) == 1  # the status after the display name
    assert len(ends(courses, r"^ +\S+ +\S+ +")) == 1  # the date after the course's status
