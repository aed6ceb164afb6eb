"""A US office's exports and audit trail name a borrower's ID number as the US does (Social
Security number), in English and Chinese; a Chinese office's keep "ID number"."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from app.compliance.versions import select_jurisdiction
from app.export import export_rows
from app.export_kinds import TextFilter
from app.i18n import set_language
from app.models import Borrower, User
from app.privacy import reveal
from app.queries.audit_log import AuditFilter, audit_ids, audit_rows


def _user(session, name: str) -> User:
    return session.scalar(select(User).where(User.username == name))


def _us_office(database) -> None:
    with database.session() as s:
        select_jurisdiction(s, _user(s, "admin"), "us")


def _header(database, kind: str, path: Path, **options) -> list[str]:
    with database.session() as s:
        export_rows(s, _user(s, "admin"), kind, path, **options)
    return next(csv.reader(path.read_bytes().decode("utf-8-sig").splitlines()))


def test_a_us_offices_exports_head_the_column_social_security_number(
    demo_db, tmp_path: Path
) -> None:
    _us_office(demo_db)
    borrowers = _header(demo_db, "borrowers", tmp_path / "b.csv", filters=TextFilter())
    assert borrowers[2] == "Social Security number"
    assert "ID number" not in borrowers
    queue = _header(demo_db, "queue", tmp_path / "q.csv")
    assert queue[3] == "Social Security number"
    full = _header(
        demo_db, "cases", tmp_path / "c.csv", personal_data=True, reason="Subpoena 2026-114"
    )
    assert full[3] == "Social Security number"
    set_language("zh_CN")
    try:
        assert _header(demo_db, "borrowers", tmp_path / "b_zh.csv")[2] == "社会安全号"
    finally:
        set_language("en")


def test_a_chinese_offices_exports_keep_id_number(demo_db, tmp_path: Path) -> None:
    assert _header(demo_db, "borrowers", tmp_path / "b.csv")[2] == "ID number"
    assert _header(demo_db, "queue", tmp_path / "q.csv")[3] == "ID number"


def _revealed_words(database, lang: str) -> str:
    with database.session() as s:
        supervisor = _user(s, "supervisor")
        borrower_id = s.scalars(select(Borrower.id).order_by(Borrower.id)).first()
        reveal(s, supervisor, borrower_id, "national_id", "Borrower asked to check the record")
    with database.sessions() as s:
        flt = AuditFilter(action="personal_data.reveal")
        ids = audit_ids(s, _user(s, "supervisor"), flt)
        return audit_rows(s, ids[:1], lang)[ids[0]].words_line(lang)


def test_a_us_offices_audit_trail_says_social_security_number_revealed(demo_db) -> None:
    _us_office(demo_db)
    assert "Revealed: Social Security number" in _revealed_words(demo_db, "en")
    assert "社会安全号" in _revealed_words(demo_db, "zh_CN")


def test_a_chinese_offices_audit_trail_says_id_number_revealed(demo_db) -> None:
    assert "Revealed: ID number" in _revealed_words(demo_db, "en")
