"""Whose backup a file is (db/backup_owner.py), from what a real backup's manifest records."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from db.backup import make_backup
from db.backup_owner import OTHER, OWN, UNSURE, owner_of, standing
from db.engine import make_engine
from tests.conftest import TEST_KEY


def test_the_manifest_tells_this_offices_backups_from_anothers(
    demo_path: Path, tmp_path: Path
) -> None:
    engine = make_engine(demo_path, TEST_KEY)
    try:
        made = make_backup(engine, TEST_KEY, demo_path, tmp_path / "demo-1.bak")
    finally:
        engine.dispose()
    assert made.office_made and made.source == str(demo_path)
    ours = owner_of(demo_path, TEST_KEY)
    assert ours.made == made.office_made
    assert standing(made, ours) == OWN

    def like(**changed: object):  # type: ignore[no-untyped-def]
        return dataclasses.replace(made, **changed)  # type: ignore[arg-type]

    other_head = {**(made.audit_head or {}), "chain": "another chain"}
    # the same office under a new recovery key: its chain is another, its set-up time the same
    assert standing(like(audit_head=other_head), ours) == OWN
    # another office set up at this path (demo --force, a new office where one was deleted)
    assert standing(like(office_made="2020-01-01 00:00:00.000000"), ours) == OTHER
    # a manifest from before the set-up time was recorded, under another chain: cannot tell
    assert standing(like(office_made="", audit_head=other_head), ours) == UNSURE
    assert standing(like(office_made=""), ours) == OWN
    # made from another file: a copy of this office there now (another branch's), or gone (moved)
    copy = Path(shutil.copyfile(demo_path, tmp_path / "copy.db"))
    assert standing(like(source=str(copy)), ours) == OTHER
    assert standing(like(source=str(tmp_path / "gone" / "demo.db")), ours) == UNSURE
    assert standing(like(source=str(tmp_path / "gone" / "demo.db"), office_made="x"), ours) == OTHER
    assert standing(None, ours) == UNSURE
