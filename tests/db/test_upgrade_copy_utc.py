"""The copy kept before an upgrade is named with the time in UTC, as the backups are (found by
QA: it carried the computer's local time, eight hours off the backups' names in Shanghai)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from db.backup import read_manifest
from db.backup_files import backup_name, backup_stamp
from db.migrate import head_revision
from db.store import open_database
from tests.conftest import TEST_KEY


def test_the_pre_upgrade_copy_is_named_in_utc(
    template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, computer_zone
) -> None:
    import db.migrations

    computer_zone("Asia/Shanghai")  # a computer eight hours ahead of UTC, all day long
    path = Path(shutil.copyfile(template_db, tmp_path / "c.db"))
    monkeypatch.setattr(db.migrations, "HEAD", "a_newer_head")  # the file now looks older
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    database = open_database(path, TEST_KEY)
    after = dt.datetime.now(dt.UTC)
    try:
        copy = database.backup_before_upgrade
        assert copy is not None and copy.parent == tmp_path
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    finally:
        database.close()
    found = re.fullmatch(rf"c\.db\.before-{head_revision()}-(\d{{8}}-\d{{6}})\.bak", copy.name)
    assert found is not None, copy.name
    named = dt.datetime.strptime(found[1], "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
    assert before <= named <= after
    # The same stamp as a backup's name, and as the time its manifest records (UTC).
    assert backup_name(path, named).endswith(f"-{backup_stamp(named)}.bak")
    manifest = read_manifest(copy)
    assert manifest is not None and manifest.kind == "before-upgrade"
    assert named <= manifest.created <= after
