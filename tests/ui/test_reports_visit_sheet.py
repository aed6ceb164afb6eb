"""The daily visit sheet on the Reports page: a day (the office's today unless another is picked)
and whose sheet — every agent's or one agent's — written off the GUI thread, previewed, audited
once as the Visits page audits a print, listed under Recently generated and generated again. An
agent is offered their own sheet only, and the core refuses another's; a day without visits
gives the sheet's "no visits" page. On the visit office, the PDF read back with pypdf."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.errors import PermissionDenied
from app.models import AuditEntry, Borrower, Case, Loan, User, Visit
from app.queries.visits import office_zone
from app.reporting.generated import write_report
from app.reporting.period import office_today
from app.visits.common import utc
from tests.core.visit_office import book, build_visit_office, case_nos, login, slot, verified_visit
from tests.ui.test_reports_page import generate, pdf_text, set_date
from ui.table_fill import cell_text

pytestmark = pytest.mark.gui


def _office(db) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Two visits on the visit day: agent01 and agent02 at 10:00, agent02 and agent03 at 14:00."""
    build_visit_office(db)
    first, second = case_nos(db)[:2]
    morning = verified_visit(db, first)
    assert book(db, morning, start=slot(10)).saved
    afternoon = verified_visit(db, second)
    assert book(db, afternoon, ("agent02", "agent03"), start=slot(14), who="supervisor").saved
    return morning, afternoon


def _page(qtbot, db, username: str):  # type: ignore[no-untyped-def]
    from ui.pages.reports import ReportsPage
    from ui.signals import ChangeHub

    page = ReportsPage(db, ChangeHub(), login(db, username))
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    page.kind.setCurrentIndex(page.kind.findData("visit_sheet"))
    return page


def _in_db(db, agent: str, day: dt.date) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(visit number, "10:00–11:00", borrower) of `agent`'s visits on the office-local `day`."""
    with db.sessions() as s:
        zone = office_zone(s)
        person = s.scalar(select(User).where(User.username == agent))
        rows = s.execute(
            select(Visit, Borrower.name)
            .join(Case, Case.id == Visit.case_id)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .order_by(Visit.scheduled_start)
        ).all()
        found = []
        for visit, name in rows:
            start = utc(visit.scheduled_start).astimezone(zone)
            end = utc(visit.scheduled_end).astimezone(zone)
            team = {member.agent_id for member in visit.agents}
            if start.date() == day and person.id in team:
                found.append((visit.visit_no, f"{start:%H:%M}–{end:%H:%M}", name))
        return found


def _sheet_entries(db) -> list[tuple]:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return [
            tuple(row)
            for row in s.execute(
                select(User.username, AuditEntry.entity_id, AuditEntry.changes)
                .join(User, User.id == AuditEntry.user_id)
                .where(AuditEntry.action == "visit.sheet")
                .order_by(AuditEntry.id)
            )
        ]


def test_one_agents_sheet_from_the_reports_page(qtbot, db) -> None:
    morning, afternoon = _office(db)
    day = slot(10).date()
    page = _page(qtbot, db, "supervisor")
    with db.sessions() as s:
        assert page.sheet.chosen_day() == office_today(s)  # the office's today by default
    assert page.sheet.day.isVisibleTo(page) and not page.start.isVisibleTo(page)
    assert page.sheet.whose.itemData(0) == ""  # every agent's first, then each agent
    set_date(page.sheet.day, day)
    page.sheet.whose.setCurrentIndex(page.sheet.whose.findData("agent02"))
    preview = generate(qtbot, page)
    text = pdf_text(preview.pdf_path)
    preview.close()
    expected = _in_db(db, "agent02", day)
    assert [number for number, _when, _name in expected] == [morning, afternoon]
    for number, when, name in expected:
        assert number in text and when in text and name in text, (number, when, name)
    assert "Daily visit sheet" in text and "(agent02)" in text and "2 visits" in text
    assert preview.file_name == f"visit-sheet-agent02-{day}.pdf"
    # Audited once, exactly as a print from the Visits page.
    assert _sheet_entries(db) == [
        (
            "supervisor",
            "agent02",
            {"day": f"{day}", "visits": [morning, afternoon], "language": "en"},
        )
    ]

    with db.sessions() as s:  # … and not again as a report
        assert not s.scalars(select(AuditEntry).where(AuditEntry.entity == "report")).all()

    # Every agent's: one sheet per agent with a visit, each from a new page, in Chinese.
    page.sheet.whose.setCurrentIndex(page.sheet.whose.findData(""))
    page.language.setCurrentIndex(page.language.findData("zh_CN"))
    preview = generate(qtbot, page)
    pages = [p.extract_text() for p in PdfReader(preview.pdf_path).pages]
    preview.close()
    assert len(pages) == 3 and all("上门日程表" in p for p in pages)
    order = ("agent02", "agent01", "agent03")  # 李强, 王芳, 赵敏: as the Visits page's rows
    for text, agent in zip(pages, order, strict=True):
        assert f"（{agent}）" in text
        for number, when, name in _in_db(db, agent, day):
            assert number in text and when in text and name in text
    assert _sheet_entries(db)[1:] == [
        (
            "supervisor",
            "",
            {
                "day": f"{day}",
                "visits": [morning, afternoon],
                "agents": list(order),
                "language": "zh_CN",
            },
        )
    ]


def test_recently_generated_lists_the_sheet_and_generates_it_again(qtbot, db) -> None:
    morning, _afternoon = _office(db)
    day = slot(10).date()
    page = _page(qtbot, db, "supervisor")
    set_date(page.sheet.day, day)
    page.sheet.whose.setCurrentIndex(page.sheet.whose.findData("agent01"))
    generate(qtbot, page).close()
    table = page.recent.table
    assert [cell_text(table, 0, c) for c in range(1, 4)] == [
        "Daily visit sheet: 王芳",
        f"{day}",
        "English",
    ]
    # The form moves on; Generate again prints the same agent's sheet for the same day.
    page.kind.setCurrentIndex(page.kind.findData("compliance"))
    set_date(page.sheet.day, day + dt.timedelta(days=1))
    page.sheet.whose.setCurrentIndex(page.sheet.whose.findData(""))
    page.recent.choose(0)
    page.preview = None
    page.recent.again_button.click()
    qtbot.waitUntil(lambda: page.preview is not None or page.error.isVisible(), timeout=120_000)
    assert not page.error.isVisible(), page.error.text()
    text = pdf_text(page.preview.pdf_path)
    page.preview.close()
    assert morning in text and "(agent01)" in text
    assert page.kind.currentData() == "visit_sheet" and page.sheet.agent() == "agent01"
    entries = _sheet_entries(db)
    assert len(entries) == 2 and entries[0] == entries[1]
    assert entries[1] == (
        "supervisor",
        "agent01",
        {"day": f"{day}", "visits": [morning], "language": "en"},
    )
    assert table.rowCount() == 2


def test_an_agent_prints_their_own_sheet_only(db, tmp_path) -> None:
    """What the Reports page asks of the core, asked by an agent (the page is a supervisor's;
    an agent prints from the Visits page): another agent's sheet, or every agent's, is refused
    with no file and no entry; their own is written and audited once."""
    from app.visits.sheet import sheet_agents

    morning, _afternoon = _office(db)
    day = slot(10).date()
    agent = login(db, "agent01")
    folder = tmp_path / "out"
    folder.mkdir()
    with db.sessions() as s:
        assert sheet_agents(s, s.get(User, agent.id)) == [("agent01", "王芳")]
    for whose in ("agent02", ""):
        with pytest.raises(PermissionDenied) as refused:
            write_report(
                db.sessions, agent, "visit_sheet", folder / "x.pdf", "en", day=day, agent=whose
            )
        assert str(refused.value) == "agent01 may print only their own visit sheet."
    assert not list(folder.iterdir()) and _sheet_entries(db) == []
    own = folder / "own.pdf"
    assert not write_report(db.sessions, agent, "visit_sheet", own, "en", day=day, agent="agent01")
    assert morning in pdf_text(own) and "(agent01)" in pdf_text(own)
    changes = {"day": f"{day}", "visits": [morning], "language": "en"}
    assert _sheet_entries(db) == [("agent01", "agent01", changes)]


def test_a_day_without_visits_says_so(qtbot, db) -> None:
    _office(db)
    quiet = slot(10).date() + dt.timedelta(days=1)
    page = _page(qtbot, db, "supervisor")
    set_date(page.sheet.day, quiet)
    texts = []
    for whose in ("", "agent01"):
        page.sheet.whose.setCurrentIndex(page.sheet.whose.findData(whose))
        preview = generate(qtbot, page)
        reader = PdfReader(preview.pdf_path)
        texts.append(pdf_text(preview.pdf_path))
        preview.close()  # its PDF goes with it (tests/ui/test_reports_page_qa19.py)
        assert len(reader.pages) == 1
        assert "No visits booked for this day." in reader.pages[0].extract_text()
        assert page.status.text() == "No visits on this day; the sheet says so."
    assert "Every agent" in texts[0]
    assert [changes["visits"] for _who, _whose, changes in _sheet_entries(db)] == [[], []]
    assert cell_text(page.recent.table, 0, 1) == "Daily visit sheet: 王芳 (no data)"
    assert cell_text(page.recent.table, 1, 1) == "Daily visit sheet: every agent (no data)"
