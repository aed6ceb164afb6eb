"""QA round 12, finding 3: SQLite makes an office's -wal and -shm with the database file's
permissions, so a file made read-only, refused, then made writable again keeps a read-only -shm
(and -wal) beside it and is refused as before. The refusal names the read-only one, says what to
do with it, and never to delete a -wal that holds saved work. English and Chinese. (As root,
SQLite writes whatever the modes say: the error is a real SQLITE_READONLY, from a read-only
connection, and the modes are read as a user's would be.)"""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from db.sqlcipher import failure
from tests.conftest import TEST_KEY

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


def _readonly_error(path: Path) -> Exception:
    """SQLite's own refusal to write `path` (opened read-only)."""
    conn = sqlcipher.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{TEST_KEY}'\"")
        with pytest.raises(sqlcipher.Error) as raised:
            conn.execute("CREATE TABLE t (x)")
        return raised.value
    finally:
        conn.close()


@pytest.fixture
def office(template_db: Path, tmp_path: Path) -> Path:
    return Path(shutil.copyfile(template_db, tmp_path / "r.db"))


def _said(error: Exception, path: Path, lang: str) -> str:
    found = failure(error, str(path))
    assert found is not None
    return found.translated(lang)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_read_only_one_is_named(office: Path, lang: str) -> None:
    error = _readonly_error(office)
    wal, shm = Path(f"{office}-wal"), Path(f"{office}-shm")
    try:
        os.chmod(office, READ_ONLY)
        assert (
            _said(error, office, lang)
            == {
                "en": f"Cannot write to {office}: the file is read-only. Make it writable and try "
                "again. Nothing was saved.",
                "zh_CN": f"无法写入 {office}：该文件为只读。请将其改为可写后重试。未保存任何内容。",
            }[lang]
        )
        os.chmod(office, 0o644)  # the file fixed; its side files, made meanwhile, still not
        wal.write_bytes(b"")
        shm.write_bytes(b"x" * 32768)
        os.chmod(wal, READ_ONLY)
        os.chmod(shm, READ_ONLY)
        assert (
            _said(error, office, lang)
            == {
                "en": f"Cannot write to {office}: {wal} and {shm} are read-only. Make them "
                "writable or delete them (Casedesk makes them again). Nothing was saved.",
                "zh_CN": f"无法写入 {office}：{wal} 和 {shm} 为只读。请将它们改为可写，或将其删除"
                "（Casedesk 会重新创建）。未保存任何内容。",
            }[lang]
        )
        wal.unlink()
        assert (
            _said(error, office, lang)
            == {
                "en": f"Cannot write to {office}: {shm} is read-only. Make it writable or "
                "delete it (Casedesk makes it again). Nothing was saved.",
                "zh_CN": f"无法写入 {office}：{shm} 为只读。请将其改为可写，或将其删除"
                "（Casedesk 会重新创建）。未保存任何内容。",
            }[lang]
        )
    finally:
        for path in (office, wal, shm):
            if path.exists():
                os.chmod(path, 0o644)


def test_a_wal_holding_work_is_not_to_be_deleted(office: Path) -> None:
    error = _readonly_error(office)
    wal = Path(f"{office}-wal")
    wal.write_bytes(b"x" * 4096)  # saved work not yet in the file
    os.chmod(wal, READ_ONLY)
    try:
        said = _said(error, office, "en")
    finally:
        os.chmod(wal, 0o644)
    assert said == (
        f"Cannot write to {office}: {wal} is read-only. Make it writable and try again. "
        "Nothing was saved."
    )


def test_none_read_only_is_said_as_before(office: Path) -> None:
    said = _said(_readonly_error(office), office, "en")
    assert said.startswith(f"Cannot write to {office}: the file or its folder is read-only")
