"""Every command that writes a file the user named, from a QA pass: `agreement print`, `visit
sheet`, `export` and `audit export` silently replaced a file already there (a signed copy, last
week's sheet). Now, as `report … -o`, it is kept unless --force, the new file replaces it only
when whole (nothing left beside it), and a folder given as the file or a folder that does not
exist is said with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import TEST_KEY
from tests.office_day import office_today

OLD = b"%PDF-1.4 the signed copy\n"


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch, demo_path: Path) -> list[str]:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path), "--user", "admin"]


def _agreement(cli, db: list[str]) -> str:
    code, out, err = cli("agreement", "list", "--json", *db)
    assert code == 0, err
    return str(json.loads(out)[0]["agreement_no"])


def _commands(cli, db: list[str]) -> dict[str, tuple[str, list[str]]]:
    """What each command writes (a file name) and how it is called, the file as {out}."""
    day = office_today().isoformat()
    return {
        "agreement": ("a.pdf", ["agreement", "print", _agreement(cli, db), "-o", "{out}"]),
        "sheet": ("s.pdf", ["visit", "sheet", "--agent", "agent01", "--date", day, "-o", "{out}"]),
        "export": ("q.csv", ["export", "queue", "{out}"]),
        "audit": ("t.csv", ["audit", "export", "--from", day, "--to", day, "-o", "{out}"]),
    }


def _args(words: list[str], out: Path, db: list[str]) -> list[str]:
    return [str(out) if w == "{out}" else w for w in words] + db


@pytest.mark.parametrize("command", ["agreement", "sheet", "export", "audit"])
def test_a_file_already_there_is_kept_unless_force(cli, db, tmp_path, command) -> None:
    name, words = _commands(cli, db)[command]
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / name
    out.write_bytes(OLD)
    code, said, err = cli(*_args(words, out, db))
    assert (code, said) == (1, "")
    assert err.strip() == f"casedesk: A file is already at {out}; add --force to replace it."
    assert out.read_bytes() == OLD
    assert [p.name for p in folder.iterdir()] == [name]

    code, said, err = cli(*_args(words, out, db), "--force")
    assert code == 0, err
    assert str(out) in said
    assert out.read_bytes() != OLD
    if name.endswith(".pdf"):
        assert len(PdfReader(out).pages) >= 1
    assert [p.name for p in folder.iterdir()] == [name]  # no partial file left beside it


@pytest.mark.parametrize("command", ["agreement", "sheet", "export", "audit"])
def test_a_missing_folder_or_a_folder_as_the_file_is_said(cli, db, tmp_path, command) -> None:
    name, words = _commands(cli, db)[command]
    missing = tmp_path / "no-such-folder" / name
    code, _said, err = cli(*_args(words, missing, db))
    assert code == 1
    assert err.strip() == (
        f"casedesk: Cannot write {missing}: there is no folder {missing.parent}."
    )
    assert not missing.parent.exists()

    folder = tmp_path / name  # a folder named like the file
    folder.mkdir()
    code, _said, err = cli(*_args(words, folder, db), "--force")
    assert code == 1
    assert err.strip() == f"casedesk: {folder} is a folder, not a file."
    assert list(folder.iterdir()) == []
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith((name, f".{name}"))
                and p != folder]  # fmt: skip


def test_the_refusal_is_said_in_chinese(cli, db, tmp_path) -> None:
    out = tmp_path / "a.pdf"
    out.write_bytes(OLD)
    number = _agreement(cli, db)
    code, _said, err = cli("--lang", "zh_CN", "agreement", "print", number, "-o", out, *db)
    assert code == 1
    assert err.strip() == f"casedesk: {out} 已存在文件；如要替换，请加 --force。"
    assert out.read_bytes() == OLD
