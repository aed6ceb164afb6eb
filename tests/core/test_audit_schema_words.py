"""A restore's and a backup's database version on the Audit page reads as `db backups` shows it:
the migration's number ("18"), not the Alembic revision ("0018_flagged_visit_bookings")."""

from __future__ import annotations

import zoneinfo

from app.audit_words import Reader
from app.backups import schema_words
from db.migrate import head_revision

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_a_restores_backup_version_reads_as_its_number_en_and_zh() -> None:
    changes = {
        "by": "admin",
        "backup": "/backups/demo-20261204-182515.bak",
        "backup_revision": "0018_flagged_visit_bookings",
    }
    en = Reader("en", SHANGHAI).parts("database.restore", changes)
    zh = Reader("zh_CN", SHANGHAI).parts("database.restore", changes)
    assert "Backup's database version: 18" in en
    assert "备份的数据库版本：18" in zh
    assert not any("0018" in part for part in en + zh)


def test_a_backups_version_reads_as_db_backups_shows_it() -> None:
    head = head_revision()
    changes = {"file": "/backups/demo.bak", "kind": "manual", "revision": head}
    en = Reader("en", SHANGHAI).parts("database.backup", changes)
    zh = Reader("zh_CN", SHANGHAI).parts("database.backup", changes)
    assert f"Database version: {schema_words(head)}" in en  # the head: the bare number
    assert f"数据库版本：{schema_words(head)}" in zh


def test_a_revision_not_numbered_reads_as_written() -> None:
    en = Reader("en", SHANGHAI).parts("database.restore", {"backup_revision": "abc_head"})
    assert en == ["Backup's database version: abc_head"]
