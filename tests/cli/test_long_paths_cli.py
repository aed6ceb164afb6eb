"""Long paths with Chinese folder names (QA s22): SQLite opens a file whose path is at most 512
bytes on Linux and macOS, and a Chinese character takes three, so about 160 of them reach it.
It was said as "read-only or not yours" (a new office) or "the file cannot be opened" (a backup);
now the path's length is named, with what to do, before anything is made."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from db.sqlcipher import BESIDE_BYTES, MAX_PATH_BYTES
from tests.cli.conftest import ADMIN_PASSWORD

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows counts characters")
LEVEL = "东城区 网点 贷后 资料 归档"  # 37 bytes in UTF-8


def folder_of(root: Path, size: int) -> Path:
    """A folder under `root` whose path is `size` bytes or a few less, with Chinese names."""
    folder = root
    while len(os.fsencode(folder / LEVEL)) <= size:
        folder = folder / LEVEL
    rest = size - len(os.fsencode(folder)) - 1
    if rest > 0:
        folder = folder / ("x" * rest)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_new_office_on_too_long_a_path_is_refused_saying_so(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = folder_of(tmp_path, MAX_PATH_BYTES - 20) / "办公室.db"
    code, _, err = cli("init", "--db", path)
    assert code == 1 and "Traceback" not in err
    assert f"The path {path} is too long for the database: {len(os.fsencode(path))} bytes" in err
    assert f"at most {MAX_PATH_BYTES - BESIDE_BYTES} fit" in err
    assert not path.exists() and list(path.parent.iterdir()) == []
    code, _, err = cli("--lang", "zh_CN", "demo", "--db", path, "--loans", "5")
    assert code == 1 and "太长" in err and "一个汉字占 3 字节" in err


def test_an_office_moved_to_too_long_a_path_says_so_and_one_that_fits_opens(  # type: ignore[no-untyped-def]
    cli, office, tmp_path
) -> None:
    fits = folder_of(tmp_path / "a", MAX_PATH_BYTES - 12) / "o.db"
    shutil.copyfile(office, fits)
    assert len(os.fsencode(fits)) <= MAX_PATH_BYTES
    code, _, err = cli("db", "status", "--db", fits)
    assert code == 0, err  # as long as SQLite opens it, it is let be
    moved = folder_of(tmp_path / "b", MAX_PATH_BYTES) / "办公室.db"
    shutil.copyfile(office, moved)
    code, _, err = cli("db", "status", "--db", moved)
    assert code == 1 and "is too long for the database" in err and "read-only" not in err


def test_a_backup_on_too_long_a_path_says_so(cli, office, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    folder = folder_of(tmp_path / "备份", MAX_PATH_BYTES - 10)
    code, out, err = cli("db", "backup", f"{folder}{os.sep}", "--db", office, "--json")
    assert code == 1 and "the path is too long" in err and "cannot be opened" not in err
    assert list(folder.iterdir()) == []  # no half file left
    code, out, err = cli("db", "backup", f"{tmp_path / '备份'}{os.sep}", "--db", office, "--json")
    assert code == 0, err
    assert Path(json.loads(out)["path"]).is_file()
