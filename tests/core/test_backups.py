"""A backup's database version in words: a number, and how it stands to this Casedesk's."""

from __future__ import annotations

import pytest

from app.backups import schema_words
from app.i18n import set_language
from db.migrate import head_revision, known_revisions


def test_versions_read_as_numbers_against_this_casedesks() -> None:
    head = head_revision()
    older = min(known_revisions())
    assert schema_words(head) == str(int(head[:4]))
    assert schema_words(older) == f"{int(older[:4])} (older: upgraded when restored)"
    assert schema_words("0999_from_the_future") == "999 (newer than this Casedesk)"
    assert schema_words(None) == "?"
    set_language("zh_CN")
    try:
        assert schema_words(older) == f"{int(older[:4])}（较旧：恢复时升级）"
    finally:
        set_language(None)


@pytest.mark.sqlite_only  # it makes a backup: a file copy of the SQLCipher database
def test_the_list_of_backups_is_refused_to_all_but_an_admin(demo_db, tmp_path, monkeypatch) -> None:
    """The list names where the office keeps its backups and what each holds: the core refuses
    it to a supervisor and an agent, as it refuses making or restoring one, whatever the caller
    (the window shows the Backups dialog to an admin only, but the check is not left to it)."""
    from sqlalchemy import select

    from app.backups import back_up, backups
    from app.errors import PermissionDenied
    from app.models import User

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    with demo_db.sessions() as session:
        users = {
            name: session.scalar(select(User).where(User.username == name))
            for name in ("admin", "supervisor", "agent01")
        }
    made = back_up(demo_db, users["admin"])
    for name in ("supervisor", "agent01"):
        with pytest.raises(PermissionDenied, match="may not manage backups"):
            backups(demo_db, users[name])
    assert [b.path for b in backups(demo_db, users["admin"])] == [made.path]
