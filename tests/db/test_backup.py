"""Backups: encrypted and verified, rotated, restorable (also over a damaged file and from an older
schema), scheduled once a day, and honest about where they are kept."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.auth import authenticate
from app.backups import back_up, backup_if_due, backups, configure, location_warnings
from app.errors import DatabaseError, PermissionDenied, ValidationError
from app.models import AuditEntry, Borrower, Payment, User
from app.restore import restore
from db.backup import (
    Manifest,
    describe_backup,
    inspect_file,
    manifest_path,
    verify_backup,
)
from db.backup_copy import copy_encrypted
from db.backup_files import BackupFile, backup_name, cloud_service, rotate, to_keep
from db.engine import is_network_path, make_engine, mount_type
from db.migrate import current_revision, head_revision, upgrade
from db.store import open_database
from tests.conftest import TEST_KEY

OTHER_KEY = "f" * 64
MARK = "changed after the backup"
MARKED = f"SELECT count(*) FROM borrower WHERE employer = '{MARK}'"


def _user(database, name: str) -> User:
    with database.sessions() as session:
        return session.scalar(select(User).where(User.username == name))


def _login(name: str, password: str = "demo"):
    return lambda database: authenticate(database.sessions, name, password)


def _count(path: Path, sql: str) -> int:
    database = open_database(path, TEST_KEY)
    try:
        with database.engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())
    finally:
        database.close()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CASEDESK_HOME", str(home))
    return home / "backups"


# --- making and checking a backup ------------------------------------------------------------


def test_a_backup_is_encrypted_verified_and_described(demo_db, folder: Path) -> None:
    admin = _user(demo_db, "admin")
    result = back_up(demo_db, admin)
    assert result.path.parent == folder and result.path.name.startswith("demo-")
    assert result.path.read_bytes()[:16] != b"SQLite format 3\x00"
    with pytest.raises(sqlite3.DatabaseError):  # plain SQLite cannot read it
        sqlite3.connect(result.path).execute("SELECT * FROM sqlite_master").fetchall()
    with pytest.raises(DatabaseError, match="wrong key"):
        describe_backup(result.path, OTHER_KEY)

    manifest = json.loads(manifest_path(result.path).read_text("utf-8"))
    assert manifest["revision"] == head_revision()
    assert manifest["counts"]["borrower"] == _count(demo_db.path, "SELECT count(*) FROM borrower")
    found = describe_backup(result.path, TEST_KEY)
    assert found.ok and found.revision == head_revision()
    assert found.counts == result.manifest.counts
    assert found.manifest is not None and found.manifest.kind == "manual"
    # the backup is audited in the database it copied
    with demo_db.sessions() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "database.backup" and entry.changes["file"] == str(result.path)
    assert [b.path for b in backups(demo_db, admin)] == [result.path]


def test_counts_are_those_of_the_copied_snapshot(demo_db, tmp_path: Path) -> None:
    target = tmp_path / "snap.bak"
    counts = copy_encrypted(demo_db.engine, target)
    assert inspect_file(target, TEST_KEY).counts == counts
    with pytest.raises(DatabaseError, match="already"):
        copy_encrypted(demo_db.engine, target)


def test_a_damaged_or_altered_backup_is_refused(demo_db, folder: Path) -> None:
    result = back_up(demo_db, _user(demo_db, "admin"))
    # a manifest that no longer matches what the file holds
    original = manifest_path(result.path).read_text("utf-8")
    data = json.loads(original)
    data["counts"]["payment"] += 1
    manifest_path(result.path).write_text(json.dumps(data), "utf-8")
    with pytest.raises(DatabaseError, match="does not hold what its manifest lists"):
        verify_backup(result.path, TEST_KEY)
    manifest_path(result.path).write_text(original, "utf-8")
    verify_backup(result.path, TEST_KEY)
    # flipped bytes in the middle of the file: SQLCipher's page HMAC catches them
    raw = bytearray(result.path.read_bytes())
    middle = len(raw) // 2
    raw[middle : middle + 64] = bytes(64)
    result.path.write_bytes(bytes(raw))
    with pytest.raises(DatabaseError):
        verify_backup(result.path, TEST_KEY)
    with pytest.raises(DatabaseError, match="No backup"):
        verify_backup(folder / "missing.bak", TEST_KEY)


def test_only_an_admin_backs_up(demo_db, folder: Path) -> None:
    with pytest.raises(PermissionDenied):
        back_up(demo_db, _user(demo_db, "supervisor"))
    assert not folder.exists() or not list(folder.iterdir())


def test_a_backup_to_a_named_file_is_not_rotated(demo_db, tmp_path: Path, folder: Path) -> None:
    target = tmp_path / "usb" / "office.bak"
    target.parent.mkdir()
    result = back_up(demo_db, _user(demo_db, "admin"), target)
    assert result.path == target and result.removed == []
    with pytest.raises(ValidationError, match="already"):
        back_up(demo_db, _user(demo_db, "admin"), target)


# --- schedule and rotation ---------------------------------------------------------------------


def test_the_scheduled_backup_runs_once_a_day(demo_db, folder: Path) -> None:
    first = backup_if_due(demo_db)
    assert first is not None and first.manifest.kind == "scheduled"
    assert backup_if_due(demo_db) is None  # one already today
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    assert backup_if_due(demo_db, now=tomorrow) is not None
    with demo_db.session() as session:
        configure(session, _user(demo_db, "admin"), schedule="off")
    assert backup_if_due(demo_db, now=tomorrow + dt.timedelta(days=1)) is None


def _fake(folder: Path, when: dt.datetime) -> BackupFile:
    path = folder / backup_name(Path("office.db"), when)
    path.write_bytes(b"x")
    manifest = Manifest(
        created_at=when.isoformat(),
        revision="r",
        counts={},
        source=str(Path("office.db").absolute()),
    )
    manifest_path(path).write_text(manifest.to_json(), "utf-8")
    return BackupFile(path, when, manifest)


def test_rotation_keeps_daily_weekly_monthly(tmp_path: Path) -> None:
    start = dt.datetime(2026, 1, 1, 20, 0, tzinfo=dt.UTC)
    made = [_fake(tmp_path, start + dt.timedelta(days=d)) for d in range(120)]  # one a day
    made.append(_fake(tmp_path, start + dt.timedelta(days=119, hours=1)))  # two on the last day
    removed = rotate(tmp_path, Path("office.db"), daily=7, weekly=4, monthly=12)
    kept = sorted(p.name for p in tmp_path.glob("*.bak"))
    days = sorted({n.split("-")[1] for n in kept})
    # 7 newest days, + the newest of 4 ISO weeks (some shared), + the newest of 12 months
    last = (start + dt.timedelta(days=119)).date()
    daily = {(last - dt.timedelta(days=d)).strftime("%Y%m%d") for d in range(7)}
    assert daily <= set(days)
    assert {"20260131", "20260228", "20260331"} <= set(days)  # month ends
    assert len(kept) == len(to_keep(made, 7, 4, 12)) == len(made) - len(removed)
    assert len(days) == len(kept)  # at most one a day
    newest = max(made, key=lambda b: b.created)
    assert newest.path.exists()  # the second backup of the last day is the one kept
    assert all(manifest_path(p).exists() for p in tmp_path.glob("*.bak"))
    assert not any(manifest_path(p).exists() for p in removed)
    # another database's backups in the same folder are left alone
    other = tmp_path / backup_name(Path("other.db"), start)
    other.write_bytes(b"x")
    rotate(tmp_path, Path("office.db"), daily=1, weekly=0, monthly=0)
    assert other.exists() and len(list(tmp_path.glob("office-*.bak"))) == 1


# --- restore -----------------------------------------------------------------------------------


def test_backup_corrupt_restore_brings_the_data_back(demo_path: Path, folder: Path) -> None:
    database = open_database(demo_path, TEST_KEY)
    made = back_up(database, _user(database, "admin"))
    database.close()
    payments = _count(demo_path, "SELECT count(*) FROM payment")
    # the disk mangles the live file
    raw = bytearray(demo_path.read_bytes())
    raw[4096 : 4096 * 40] = b"\xff" * (4096 * 39)
    demo_path.write_bytes(bytes(raw))
    try:
        damaged = not inspect_file(demo_path, TEST_KEY).ok
    except DatabaseError:
        damaged = True
    assert damaged

    result = restore(demo_path, made.path, TEST_KEY, yes=True, login=_login("admin"))
    assert result.previous_damaged and result.previous.exists()
    assert result.previous.read_bytes()[4096:4100] == b"\xff" * 4  # kept byte for byte
    assert inspect_file(demo_path, TEST_KEY).ok
    assert _count(demo_path, "SELECT count(*) FROM payment") == payments
    database = open_database(demo_path, TEST_KEY)
    try:
        from app.audit import verify_chain

        with database.sessions() as session:
            assert verify_chain(session).intact
            entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.action == "database.restore"
        assert entry.changes["backup"] == str(made.path) and entry.changes["previous_damaged"]
    finally:
        database.close()


def test_restore_backs_up_the_current_database_first(demo_path: Path, folder: Path) -> None:
    database = open_database(demo_path, TEST_KEY)
    made = back_up(database, _user(database, "admin"))
    with database.session() as session:  # a change made after the backup
        session.scalar(select(Borrower).limit(1)).employer = MARK
    database.close()

    result = restore(demo_path, made.path, TEST_KEY, yes=True, login=_login("admin"))
    assert not result.previous_damaged and result.previous.parent == folder
    assert "before-restore" in result.previous.name
    assert (
        _count(demo_path, "SELECT count(*) FROM borrower WHERE employer = 'after the backup'") == 0
    )
    kept = result.previous
    assert verify_backup(kept, TEST_KEY).manifest.kind == "before-restore"
    # newest first, though both were often made within the same second
    assert [b.path for b in backups_in(folder)] == [kept, made.path]
    # the copy made first still holds the later change: nothing was lost
    assert _count(kept, MARKED) == 1
    assert not list(demo_path.parent.glob(".demo.db.restore-*"))


def test_restore_is_refused_without_confirmation_or_admin(demo_path: Path, folder: Path) -> None:
    database = open_database(demo_path, TEST_KEY)
    made = back_up(database, _user(database, "admin"))
    with database.session() as session:
        session.scalar(select(Borrower).limit(1)).employer = MARK
    database.close()
    with pytest.raises(ValidationError, match="confirm"):
        restore(demo_path, made.path, TEST_KEY, yes=False, login=_login("admin"))
    with pytest.raises(PermissionDenied):
        restore(demo_path, made.path, TEST_KEY, yes=True, login=_login("supervisor"))
    with pytest.raises(DatabaseError, match="wrong key"):
        restore(demo_path, made.path, OTHER_KEY, yes=True, login=_login("admin"))
    assert _count(demo_path, MARKED) == 1  # still the current data
    assert [b.kind for b in backups_in(folder)] == ["manual"]  # no safety copy for a refusal
    assert not list(demo_path.parent.glob(".demo.db.restore-*"))


def backups_in(folder: Path) -> list[BackupFile]:
    from db.backup_files import list_backups

    return list_backups(folder)


def test_an_older_backup_is_migrated_on_restore(demo_path: Path, tmp_path: Path, folder) -> None:
    from tests.db.test_migrations import CHECK_SQL, FIRST, SEED_SQL

    old = tmp_path / "old.db"
    engine = make_engine(old, TEST_KEY, must_exist=False)
    upgrade(engine, FIRST)
    with engine.begin() as conn:
        for sql in SEED_SQL:
            conn.execute(text(sql))
    backup = tmp_path / "old-20250101-000000.bak"
    copy_encrypted(engine, backup)
    engine.dispose()
    assert describe_backup(backup, TEST_KEY).revision == FIRST

    result = restore(demo_path, backup, TEST_KEY, yes=True, login=_login("admin"))
    assert result.backup_revision == FIRST and result.revision == head_revision()
    database = open_database(demo_path, TEST_KEY, upgrade=False)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as conn:
            for sql, expected in CHECK_SQL.items():
                assert [tuple(r) for r in conn.execute(text(sql))] == expected, sql
        with database.sessions() as session:
            # The seed's one payment: the demo's are gone.
            assert session.scalars(select(Payment.id)).all() == [1]
    finally:
        database.close()


def test_restore_is_refused_while_a_window_holds_the_database(demo_path: Path, folder) -> None:
    from db.lock import DatabaseLock

    database = open_database(demo_path, TEST_KEY)
    made = back_up(database, _user(database, "admin"))
    database.close()
    with DatabaseLock(demo_path), pytest.raises(DatabaseError, match="already open"):
        restore(demo_path, made.path, TEST_KEY, yes=True, login=_login("admin"))


# --- settings and where things are -------------------------------------------------------------


def test_backup_settings_are_admin_only_and_checked(demo_db, tmp_path: Path) -> None:
    admin, supervisor = _user(demo_db, "admin"), _user(demo_db, "supervisor")
    with demo_db.session() as session:
        with pytest.raises(PermissionDenied):
            configure(session, supervisor, schedule="off")
        with pytest.raises(ValidationError, match="Unknown schedule"):
            configure(session, admin, schedule="hourly")
        with pytest.raises(ValidationError, match="full path"):
            configure(session, admin, folder="relative/dir")
        configure(session, admin, folder=str(tmp_path / "elsewhere"))
    result = back_up(demo_db, admin)
    assert result.path.parent == tmp_path / "elsewhere"


def test_warnings_for_same_disk_and_cloud_folders(tmp_path: Path) -> None:
    notices = location_warnings(tmp_path / "casedesk.db", tmp_path / "backups")
    assert any("same disk" in n.translated("en") for n in notices)
    assert "同一" in notices[0].translated("zh_CN")
    cloud = tmp_path / "OneDrive - Example" / "Casedesk" / "casedesk.db"
    assert cloud_service(cloud) == "OneDrive - Example"
    assert any("cloud-synced" in n.translated("en") for n in location_warnings(cloud, tmp_path))
    for path in (
        "/Users/li/Library/Mobile Documents/com~apple~CloudDocs/x.db",
        "/Users/li/Dropbox/x.db",
        "C:/Users/li/Google Drive/x.db",
    ):
        assert cloud_service(Path(path)) is not None, path
    assert cloud_service(Path("/home/li/data/casedesk.db")) is None


def test_network_shares_are_recognised() -> None:
    assert is_network_path(Path("//server/share/casedesk.db"))
    assert is_network_path(Path("\\\\server\\share\\casedesk.db"))
    # Windows' long-path form: a share under UNC\, else a local drive (it was taken for a share).
    assert is_network_path(Path("\\\\?\\UNC\\server\\share\\casedesk.db"))
    assert not is_network_path(Path("\\\\?\\C:\\Users\\li\\Casedesk\\casedesk.db"))
    mounts = [("/", "ext4"), ("/Volumes/office", "smbfs"), ("/mnt/nas", "nfs4"), ("/home", "xfs")]
    assert mount_type("/Volumes/office/casedesk.db", mounts) == "smbfs"
    assert mount_type("/mnt/nas/a/b.db", mounts) == "nfs4"
    assert mount_type("/home/li/casedesk.db", mounts) == "xfs"
    assert mount_type("/Volumes/officework/x.db", mounts) == "ext4"  # not a prefix match


def test_restore_onto_a_new_computer_where_no_database_is(
    demo_path: Path, tmp_path, folder
) -> None:
    database = open_database(demo_path, TEST_KEY)
    made = back_up(database, _user(database, "admin"))
    database.close()
    target = tmp_path / "new" / "casedesk.db"
    target.parent.mkdir()
    result = restore(target, made.path, TEST_KEY, yes=True, login=_login("admin"))
    assert result.previous is None
    assert _count(target, "SELECT count(*) FROM borrower") == made.manifest.counts["borrower"]
