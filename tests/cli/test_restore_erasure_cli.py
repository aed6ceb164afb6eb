"""`casedesk db restore` of a backup made before a borrower was erased says, before it asks,
that the borrower will be erased again in the restored office, and after, that they were (in
English and Chinese); the restored office has them erased. Real SQLCipher files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.erasure import ERASED_NAME
from app.models import Borrower
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.db.test_restore_erasure import _office


@pytest.fixture
def acting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")


@pytest.mark.parametrize(
    ("lang", "before", "after"),
    [
        (
            "en",
            "1 borrower erased since this backup was made will be erased again in the restored "
            "office.",
            "1 borrower erased since the backup was made was erased again in the restored office.",
        ),
        (
            "zh_CN",
            "此备份制作之后已删除个人信息的 1 位借款人，在恢复后的营业部中将再次删除其个人信息。",
            "备份制作之后已删除个人信息的 1 位借款人，已在恢复后的营业部中再次删除其个人信息。",
        ),
    ],
)
def test_restore_says_and_erases_again(  # type: ignore[no-untyped-def]
    cli, demo_path: Path, acting, lang: str, before: str, after: str
) -> None:
    backup, bid, _number, name, _note = _office(demo_path)
    code, out, err = cli("--lang", lang, "db", "restore", backup, "--db", demo_path, "--yes")
    assert code == 0, err
    lines = out.splitlines()
    assert before in lines and after in lines
    assert lines.index(before) < lines.index(after)
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            assert s.get(Borrower, bid).name == ERASED_NAME
            assert s.scalar(select(Borrower.id).where(Borrower.name == name)) is None
    finally:
        database.close()


def test_a_backup_with_the_erasure_says_nothing_of_it(  # type: ignore[no-untyped-def]
    cli, demo_path: Path, acting
) -> None:
    backup, *_rest = _office(demo_path, erase_first=True)
    code, out, err = cli("db", "restore", backup, "--db", demo_path, "--yes")
    assert code == 0, err
    assert "erased again" not in out and "Restored" in out


@pytest.mark.parametrize(
    ("lang", "before", "after"),
    [
        ("en", "The current office cannot be read", "The office as it was could not be read"),
        ("zh_CN", "当前营业部的数据无法读取", "恢复前的营业部数据无法读取"),
    ],
)
def test_a_damaged_office_says_its_erasures_are_not_made_again(  # type: ignore[no-untyped-def]
    cli, demo_path: Path, acting, lang: str, before: str, after: str
) -> None:
    from tests.db.test_restore_damaged_erasure import damage

    backup, bid, _number, name, _note = _office(demo_path)
    damage(demo_path)
    code, out, err = cli("--lang", lang, "db", "restore", backup, "--db", demo_path, "--yes")
    assert code == 0, err
    lines = out.splitlines()
    [said] = [n for n, line in enumerate(lines) if line.startswith(before)]
    [done] = [n for n, line in enumerate(lines) if line.startswith(after)]
    assert said < done and "casedesk rules retention" in lines[said] and "--erase" in lines[done]
    assert not re.search(r"\d borrowers? erased since", out)  # no count: none could be known
    database = open_database(demo_path, TEST_KEY)
    try:
        with database.sessions() as s:
            assert s.get(Borrower, bid).name == name  # as the words warned
    finally:
        database.close()
