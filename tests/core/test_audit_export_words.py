"""Both audit exports (the Audit page's list, `audit export`'s trail) carry the page's words in
the user's language beside the codes and JSON as recorded, and keep the hash columns."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app import audit
from app.export import export_audit_trail, export_rows
from app.i18n import set_language
from app.models import AuditEntry, User
from app.queries.audit_log import AuditFilter

CHANGE = {"reason": "已起诉", "outstanding": 15765000}
WORDS = {
    "en": ("Loan sent to legal", "Reason: 已起诉; Still owed: 157,650.00"),
    "zh_CN": ("贷款转法务", "理由：已起诉；尚欠：157,650.00"),
}


def _user(session, name: str) -> User:
    user = session.scalar(select(User).where(User.username == name))
    assert user is not None
    return user


def _record(database) -> None:
    with database.session(write_lock=True) as s:
        audit.record(s, _user(s, "supervisor"), "loan.legal", "loan", "LN-X", CHANGE)


def _csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_list_export_reads_as_the_page_and_keeps_the_codes(demo_db, tmp_path, lang) -> None:
    _record(demo_db)
    set_language(lang)
    try:
        with demo_db.session() as s:
            export_rows(
                s,
                _user(s, "admin"),
                "audit",
                tmp_path / "a.xlsx",
                filters=AuditFilter(action="loan"),
            )
    finally:
        set_language(None)
    cells = list(load_workbook(tmp_path / "a.xlsx").active.iter_rows(values_only=True))
    headers = {
        "en": ("No.", "Time", "User", "Action", "Affected record", "Changes", "Action code",
               "Record kind", "Record id", "Changes as recorded", "Hash"),
        "zh_CN": ("编号", "时间", "用户", "操作", "相关记录", "变更内容", "操作代码", "记录类型",
                  "记录编号", "变更内容（原始记录）", "哈希"),
    }[lang]  # fmt: skip
    assert cells[0][3:] == headers[3:]
    (row,) = [r for r in cells[1:] if r[8] == "LN-X"]
    action, changes = WORDS[lang]
    assert (row[3], row[5]) == (action, changes)
    assert row[4] == ("贷款 LN-X" if lang == "zh_CN" else "Loan LN-X")
    assert (row[6], row[7]) == ("loan.legal", "loan")
    assert json.loads(row[9]) == CHANGE
    with demo_db.sessions() as s:
        stored = s.scalar(select(AuditEntry.hash).where(AuditEntry.entity_id == "LN-X"))
    assert stored is not None and stored.startswith(row[10])


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_trail_export_adds_words_after_every_stored_column(demo_db, tmp_path, lang) -> None:
    _record(demo_db)
    today = dt.datetime.now(dt.UTC).date()
    set_language(lang)
    try:
        with demo_db.session() as s:
            export_audit_trail(
                s, _user(s, "admin"), today - dt.timedelta(days=1), today + dt.timedelta(days=1),
                tmp_path / "t.csv",
            )  # fmt: skip
    finally:
        set_language(None)
    rows = _csv(tmp_path / "t.csv")
    assert rows[0] == list(audit.TRAIL_COLUMNS)  # column names: the same in every language
    col = {name: i for i, name in enumerate(rows[0])}
    (row,) = [r for r in rows[1:] if r[col["entity_id"]] == "LN-X"]
    action, changes = WORDS[lang]
    assert row[col["action"]] == "loan.legal" and json.loads(row[col["changes"]]) == CHANGE
    assert (row[col["action_words"]], row[col["changes_words"]]) == (action, changes)
    assert row[col["record_words"]] == ("贷款 LN-X" if lang == "zh_CN" else "Loan LN-X")
    with demo_db.sessions() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.entity_id == "LN-X"))
    assert entry is not None
    assert (row[col["prev_hash"]], row[col["hash"]]) == (entry.prev_hash, entry.hash)


def test_verify_on_either_database_anchors_its_head(demo_db, tmp_path, monkeypatch) -> None:
    """SQLite or PostgreSQL (by its URL): a first verify records the head, the next reaches it."""
    from app.audit_anchor import verify_trail, workstation_anchor

    monkeypatch.setenv("CASEDESK_HOME", str(tmp_path / "home"))
    target = demo_db.url if demo_db.url is not None else demo_db.path
    with demo_db.sessions() as s:
        assert verify_trail(s, target).reaches is None
    _record(demo_db)
    with demo_db.sessions() as s:
        again = verify_trail(s, target)
        head = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    assert again.ok and again.reaches is not None
    assert workstation_anchor(target).entry_id == head
