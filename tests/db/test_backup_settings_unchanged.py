"""The Backups dialog's Save settings sends the folder and the schedule together (found by the
admin's walk): choosing a folder also audited the schedule as "Daily → Daily", and a second Save
both again. Only what changed is written and audited."""

from __future__ import annotations

from sqlalchemy import select

from app import settings
from app.backups import configure
from app.models import AuditEntry, User


def _changes(database) -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    with database.sessions() as session:
        rows = session.execute(
            select(AuditEntry.entity_id, AuditEntry.changes)
            .where(AuditEntry.action == "setting.change")
            .order_by(AuditEntry.id)
        )
        return [(key, changes["new"]) for key, changes in rows]


def test_only_what_changed_is_saved_and_audited(demo_db, tmp_path) -> None:
    with demo_db.sessions() as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
        assert settings.get(session, "backup.schedule") == "daily"
    folder = tmp_path / "backups"
    with demo_db.session() as session:
        configure(session, admin, folder=str(folder), schedule="daily")
    assert _changes(demo_db) == [("backup.folder", str(folder))]
    with demo_db.session() as session:  # Save again, nothing changed
        configure(session, admin, folder=str(folder), schedule="daily")
    assert len(_changes(demo_db)) == 1
    with demo_db.session() as session:
        configure(session, admin, folder="", schedule="off")
    assert _changes(demo_db)[1:] == [("backup.schedule", "off"), ("backup.folder", None)]
    with demo_db.sessions() as session:
        assert settings.get(session, "backup.schedule") == "off"
        assert settings.get(session, "backup.folder") is None
