"""Every PDF on the office's paper: A4 in China and the UK, US Letter in the US, or the paper the
office chose (`print.paper`); the landscape reports stay landscape, and on US Letter, narrower
than A4 turned, their tables keep inside the margins. Changing the paper is audited."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from sqlalchemy import select

from app import settings
from app.agreements.printing import write_agreement
from app.compliance import select_jurisdiction
from app.errors import PermissionDenied
from app.models import Agreement, AuditEntry, User, Visit, VisitStatus
from app.office import office_timezone, office_today
from app.office_settings import FieldError, SettingsChange, save_settings
from app.paper import office_paper
from app.queries.audit_log import audit_ids, audit_rows
from app.reporting.generated import write_report
from tests.reports.pdfcheck import drawn_box

WIDE = {"compliance", "portfolio", "training"}  # laid out landscape
KINDS = ("compliance", "portfolio", "training", "visit_sheet", "agreement")


def _user(session, name: str) -> User:
    return session.scalar(select(User).where(User.username == name))


def _visit_day(session) -> dt.date:
    start = session.scalar(
        select(Visit.scheduled_start)
        .where(Visit.status == VisitStatus.BOOKED, Visit.scheduled_start.is_not(None))
        .order_by(Visit.scheduled_start)
    )
    zone = zoneinfo.ZoneInfo(office_timezone(session))
    return start.replace(tzinfo=dt.UTC).astimezone(zone).date()


def _pdfs(database, folder: Path) -> dict[str, PdfReader]:
    """Every kind of PDF the office makes, written as the window and the CLI write them."""
    folder.mkdir()
    with database.sessions() as s:
        today, day = office_today(s), _visit_day(s)
        supervisor = _user(s, "supervisor")
        number = s.scalar(select(Agreement.agreement_no).order_by(Agreement.id))
    period = {"start": today - dt.timedelta(days=30), "end": today}
    for kind, extra in [
        ("compliance", period),
        ("portfolio", {**period, "as_of": today}),
        ("training", {"as_of": today}),
        ("visit_sheet", {"day": day, "agent": ""}),
    ]:
        write_report(database.sessions, supervisor, kind, folder / f"{kind}.pdf", "en", **extra)
    with database.session(write_lock=True) as s:
        write_agreement(s, _user(s, "supervisor"), number, folder / "agreement.pdf")
    return {kind: PdfReader(folder / f"{kind}.pdf") for kind in KINDS}


def _on(reader: PdfReader, paper: tuple[float, float], wide: bool) -> None:
    """Every page is `paper` (turned when `wide`), and nothing drawn passes its margins."""
    width, height = (paper[1], paper[0]) if wide else paper
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (round(width), round(height))
        left, bottom, right, top = drawn_box(page)
        assert left >= 15 * mm - 1 and right <= width - 15 * mm + 1, (left, right, width)
        assert bottom >= 15 * mm - 1 and top <= height - 10 * mm, (bottom, top, height)


def _set(database, username: str, **values) -> list[str]:
    with database.session() as s:
        return save_settings(s, _user(s, username), SettingsChange(values=values))


def test_the_paper_follows_the_country_unless_the_office_chose_one(demo_db, tmp_path) -> None:
    with demo_db.session() as s:
        assert settings.get(s, "print.paper") is None
        assert office_paper(s) == "a4"  # the demo office is in China
    for kind, reader in _pdfs(demo_db, tmp_path / "cn").items():
        _on(reader, A4, kind in WIDE)

    with demo_db.session() as s:
        select_jurisdiction(s, _user(s, "admin"), "us")
        assert office_paper(s) == "letter"
    us = _pdfs(demo_db, tmp_path / "us")
    for kind, reader in us.items():
        _on(reader, LETTER, kind in WIDE)
    # The same pages' worth of text: narrower columns wrap, nothing is dropped.
    text = us["compliance"].pages[-1].extract_text()
    assert "Rule-set versions in force" in text  # CN until today, US from today

    with demo_db.session() as s:
        select_jurisdiction(s, _user(s, "admin"), "uk")
        assert office_paper(s) == "a4"
    assert _set(demo_db, "supervisor", **{"print.paper": "letter"}) == ["print.paper"]
    for kind, reader in _pdfs(demo_db, tmp_path / "uk-letter").items():
        _on(reader, LETTER, kind in WIDE)

    with demo_db.session() as s:
        select_jurisdiction(s, _user(s, "admin"), "us")
    assert _set(demo_db, "admin", **{"print.paper": "a4"}) == ["print.paper"]
    with demo_db.session() as s:
        assert office_paper(s) == "a4"  # chosen: the country's no longer counts


def test_changing_the_paper_is_audited_and_checked(demo_db) -> None:
    with demo_db.sessions() as s:
        before = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    with pytest.raises(FieldError) as refused:
        _set(demo_db, "admin", **{"print.paper": "legal"})
    assert refused.value.field == "print.paper"
    with pytest.raises(PermissionDenied):
        _set(demo_db, "agent01", **{"print.paper": "letter"})
    assert _set(demo_db, "supervisor", **{"print.paper": "letter"}) == ["print.paper"]
    assert _set(demo_db, "supervisor", **{"print.paper": "letter"}) == []  # nothing to change
    assert _set(demo_db, "supervisor", **{"print.paper": None}) == ["print.paper"]
    with demo_db.sessions() as s:
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.id > before).order_by(AuditEntry.id)
        ).all()
        assert [(e.action, e.entity_id) for e in entries] == [("setting.change", "print.paper")] * 2
        assert entries[0].user_id == _user(s, "supervisor").id
        assert settings.get(s, "print.paper") is None
        admin = _user(s, "admin")
        rows = audit_rows(s, audit_ids(s, admin), "en")
        zh = audit_rows(s, audit_ids(s, admin), "zh_CN")
    said = rows[entries[0].id]
    assert said.words_line("en") == "Value: As the rule set's country → US Letter (8.5 × 11 in)"
    zh_words = "数值：按规则集所属国家 → 美式信纸 Letter（8.5 × 11 英寸）"
    assert zh[entries[0].id].words_line("zh_CN") == zh_words
    assert rows[entries[1].id].raw_changes == {"old": "letter", "new": None}
