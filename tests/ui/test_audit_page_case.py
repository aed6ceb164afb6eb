"""The Audit page filtered by case number, on the demo office with real widgets: the supervisor
answering a complaint types the case's number and reads its whole trail (its contacts, its
complaint, its agreement, its visits); an unknown number is said under the table, a case with no
entries says so; screenshots in English and Chinese. And the case page's timeline, with a visit
at its check-in (screenshot)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.i18n import set_language
from app.models import Case, Complaint, User, Visit
from app.queries.audit_log import AuditFilter, audit_ids
from tests.conftest import TEST_KEY
from tests.ui.test_audit_page import grab, window_for
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def database(demo_path: Path, qapp: QApplication) -> Iterator:
    from db.store import open_database
    from ui.app import application

    application()
    db = open_database(demo_path, TEST_KEY)
    yield db
    db.close()


def _complained_case(database) -> str:
    with database.sessions() as s:
        case_no = s.scalar(
            select(Case.case_no).join(Complaint, Complaint.case_id == Case.id).order_by(Case.id)
        )
    assert case_no
    return case_no


def _type(qtbot, box, text: str) -> None:
    box.clear()
    qtbot.keyClicks(box, text)
    box.fire()


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_trail_of_one_case(qtbot, database, screenshot_dir, lang) -> None:
    case_no = _complained_case(database)
    set_language(lang)
    try:
        window = window_for(qtbot, database)
        page = window.audit
        window.show_page(page)
        _type(qtbot, page.case_no, case_no.lower())
        rows = page.rows()
        with database.sessions() as s:
            boss = s.scalar(select(User).where(User.username == "supervisor"))
            assert [r.id for r in rows] == audit_ids(s, boss, AuditFilter(case_no=case_no))
        assert {"complaint", "case"} <= {r.entity for r in rows}
        assert all(r.entity != "case" or r.entity_id == case_no for r in rows)
        grab(window, screenshot_dir / f"audit_page_case_{lang}.png")
        _type(qtbot, page.case_no, "C2099-000001")
        assert page.rows() == []
        unknown = {"en": "Unknown case C2099-000001.", "zh_CN": "未知案件 C2099-000001。"}
        assert page.count.text() == unknown[lang]
        grab(window, screenshot_dir / f"audit_page_case_unknown_{lang}.png")
    finally:
        set_language("en")


def test_a_case_with_no_entries_says_so(qtbot, database) -> None:
    window = window_for(qtbot, database)
    page = window.audit
    with database.sessions() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        quiet = next(
            c
            for c in s.scalars(select(Case.case_no).order_by(Case.id))
            if not audit_ids(s, boss, AuditFilter(case_no=c))
        )
    page.set_filter(case_no=quiet)
    assert page.rows() == []
    assert page.count.text() == f"No audit entries for case {quiet}."
    page.set_filter()
    assert page.rows() and page.count.text().endswith("audit entries")


def test_the_timeline_shows_a_visit_at_its_check_in(qtbot, database, screenshot_dir) -> None:
    with database.sessions() as s:
        visit = s.scalar(
            select(Visit).where(Visit.checked_in_at.is_not(None)).order_by(Visit.id).limit(1)
        )
        assert visit is not None
        case_id, visit_no, checked_in = visit.case_id, visit.visit_no, visit.checked_in_at
    window = window_for(qtbot, database)
    window.open_case(case_id)
    timeline = window.cases.timeline
    titles = [cell_text(timeline, r, 2) for r in range(timeline.rowCount())]
    row = next(n for n, t in enumerate(titles) if visit_no in t)
    at = checked_in.replace(tzinfo=checked_in.tzinfo or dt.UTC).astimezone(SHANGHAI)
    assert cell_text(timeline, row, 0) == f"{at:%Y-%m-%d %H:%M}"
    grab(window, screenshot_dir / "case_timeline_visit_check_in.png")


def test_case_menu_opens_the_audit_trail_of_the_open_case(qtbot, database, screenshot_dir):
    """Case → Audit trail of this case: the Audit page narrowed to the case open (supervisors
    and admins, who may read the trail); an agent has no such command."""
    from ui.actions import Action

    case_no = _complained_case(database)
    window = window_for(qtbot, database)
    with database.sessions() as s:
        case_id = s.scalar(select(Case.id).where(Case.case_no == case_no))
    window.open_case(case_id)
    action = window.command_actions.by_id[Action.CASE_AUDIT]
    [case_menu] = [m.menu() for m in window.menuBar().actions() if "Case" in m.text()]
    assert action in case_menu.actions()
    action.trigger()
    page = window.audit
    assert window.stack.currentWidget() is page
    assert page.case_no.text() == case_no
    with database.sessions() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        assert [r.id for r in page.rows()] == audit_ids(s, boss, AuditFilter(case_no=case_no))
    assert page.rows()
    grab(window, screenshot_dir / "audit_page_from_case_menu.png")
    agent = window_for(qtbot, database, "agent01")
    assert Action.CASE_AUDIT not in agent.command_actions.by_id
