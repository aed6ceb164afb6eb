"""A setting changed from or to its unset value (found by the admin's walk in Chinese): the Audit
page read "Value: ∅ → Letter" for the paper chosen in place of the rule set's country's, and a
queue date put back to Today as "2026-12-01 → ∅"; it now says what the Settings dialog shows."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import settings
from app.models import AuditEntry, User
from app.queries.audit_log import audit_rows


def _words(db, key: str, lang: str, back: int = 0) -> str:
    """The `back`-th newest change of setting `key`, in words as the Audit page shows it."""
    with db.sessions() as s:
        newest = s.scalar(
            select(AuditEntry.id)
            .where(AuditEntry.action == "setting.change", AuditEntry.entity_id == key)
            .order_by(AuditEntry.id.desc())
            .offset(back)
        )
        assert newest is not None
        return audit_rows(s, [newest], lang)[newest].words_line(lang)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_an_unset_setting_reads_as_the_dialog_shows_it(demo_db, lang) -> None:
    with demo_db.session(write_lock=True) as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        settings.put(s, admin, "print.paper", "letter")
        settings.put(s, admin, "queue.as_of", "2026-12-01")
        settings.put(s, admin, "queue.as_of", None)
        settings.put(s, admin, "backup.folder", "/srv/backups")
    en = lang == "en"
    paper = _words(demo_db, "print.paper", lang)
    assert "∅" not in paper
    assert ("As the rule set's country → " if en else "按规则集所属国家 → ") in paper
    back = _words(demo_db, "queue.as_of", lang)
    assert back.endswith("2026-12-01 → " + ("Today" if en else "今天")), back
    folder = _words(demo_db, "backup.folder", lang)
    assert "∅" not in folder and folder.endswith("/srv/backups")
