"""Visit bookings and moves in the compliance report and the compliance log: a supervisor's
override of a booking or a move, a warned booking, and blocked bookings and moves are listed and
counted with what the action was, in English and Chinese, as the database holds them."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from sqlalchemy import text

from app.compliance.versions import change_parameters
from app.i18n import tr
from app.models import User
from app.queries.compliance_log import ComplianceFilter, log_ids, log_rows
from app.reporting import compliance_report
from reports.compliance_report import render_compliance_report
from tests.core.visit_office import (
    SHANGHAI,
    build_visit_office,
    case_nos,
    login,
    slot,
    verified_visit,
)
from tests.reports.pdfcheck import pages_text, read, render_png

BOSS = "supervisor"
WHY_BOOK = "家属电话确认可以上门"
WHY_MOVE = "借款人改口同意下午上门"


def _run(db, who: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    user = login(db, who)
    with db.session(write_lock=True) as s:
        return fn(s, s.get(User, user.id), *args, **kwargs)


def book(db, visit_no: str, **changes):  # type: ignore[no-untyped-def]
    from app.visits import book_visit

    fields = {
        "agents": ("agent01", "agent02"),
        "minutes": 60,
        "borrower_agreed": True,
        "consent_to_enter": True,
        **changes,
    }
    return _run(db, "agent01", book_visit, visit_no, **fields)


def _move(db, visit_no: str, **changes):  # type: ignore[no-untyped-def]
    from app.visits import reschedule_visit

    fields = {
        "agents": ("agent01", "agent02"),
        "start": slot(14),
        "minutes": 60,
        "borrower_agreed": True,
        "consent_to_enter": True,
        "reason": "借款人要求改时间",
        **changes,
    }
    return _run(db, "agent01", reschedule_visit, visit_no, **fields)


@pytest.fixture
def flagged(db):  # type: ignore[no-untyped-def]
    """An office with every kind of visit flag, all moved to one past office day."""
    build_visit_office(db)
    cases = case_nos(db)
    boss = login(db, BOSS)
    # 1. A booking without the borrower's agreement, overridden; 2. a move of it, overridden.
    first = verified_visit(db, cases[0])
    assert not book(db, first, start=slot(10), borrower_agreed=False).saved
    assert book(
        db, first, start=slot(10), borrower_agreed=False, override_by=boss,
        override_reason=WHY_BOOK,
    ).saved  # fmt: skip
    assert _move(db, first, borrower_agreed=False, override_by=boss, override_reason=WHY_MOVE).saved
    # 3. A booking into that slot (agent01 double-booked): blocked; 4. booked at 10:00, then
    # 5. moved into the first visit's new slot: blocked.
    second = verified_visit(db, cases[1])
    clash = book(db, second, agents=("agent03", "agent01"), start=slot(14, 30))
    assert not clash.saved
    assert book(db, second, agents=("agent03", "agent01"), start=slot(10)).saved
    assert not _move(db, second, agents=("agent03", "agent01"), start=slot(14, 15)).saved
    # 6. With the consent rule lowered to a warning, a move without agreement is warned.
    with db.session() as s:
        admin = s.get(User, login(db, "admin").id)
        change_parameters(s, admin, "visit_consent", {"severity": "warning"})
    warned = _move(db, second, agents=("agent03", "agent01"), start=slot(16), borrower_agreed=False)
    assert warned.saved and warned.verdict.kind.value == "warning"
    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=7)
    moved = dt.datetime.combine(day, dt.time(10), SHANGHAI).astimezone(dt.UTC).replace(tzinfo=None)
    with db.session() as s:
        for table in ("flagged_booking", "blocked_attempt"):
            s.execute(text(f"UPDATE {table} SET at = :at"), {"at": moved})
    return db, day


def _count(db, sql: str) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return int(s.execute(text(sql)).scalar_one())


def test_the_database_holds_each_kind_of_visit_flag(flagged) -> None:
    db, _day = flagged
    with db.session() as s:
        found = s.execute(text("SELECT action, verdict, override_by_id FROM flagged_booking"))
        rows = {(action, verdict, by is not None) for action, verdict, by in found}
    assert rows == {
        ("visit_book", "needs_override", True),
        ("visit_reschedule", "needs_override", True),
        ("visit_reschedule", "warning", False),
    }
    with db.session() as s:
        blocks = sorted(s.execute(text("SELECT action FROM blocked_attempt")).scalars())
    assert blocks == ["visit_book", "visit_reschedule"]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_report_lists_and_counts_visit_overrides_blocks_and_warnings(
    flagged, lang, screenshot_dir
) -> None:
    db, day = flagged
    report = _run(db, BOSS, compliance_report, day, day, lang=lang)
    for action in ("visit_book", "visit_reschedule"):
        overrides = _count(
            db,
            "SELECT count(*) FROM flagged_booking WHERE verdict = 'needs_override' "
            f"AND action = '{action}'",
        )
        blocked = _count(db, f"SELECT count(*) FROM blocked_attempt WHERE action = '{action}'")
        warned = _count(
            db,
            "SELECT count(*) FROM flagged_booking WHERE verdict = 'warning' "
            f"AND action = '{action}'",
        )
        assert sum(o.action == action for o in report.overrides) == overrides == 1
        assert sum(b.action == action for b in report.blocked) == blocked
        assert sum(w.action == action for w in report.warnings) == warned
        counted = {c.action: c for c in report.by_action}[action]
        assert (counted.blocked, counted.warnings, counted.overrides) == (
            blocked,
            warned,
            overrides,
        )
    assert {o.override_reason for o in report.overrides} == {WHY_BOOK, WHY_MOVE}
    assert all(o.overridden_by for o in report.overrides)
    # The compliance log lists the same entries for that day.
    user = login(db, BOSS)
    with db.session() as s:
        for verdict, listed in (("needs_override", report.overrides), ("blocked", report.blocked)):
            flt = ComplianceFilter(verdict=verdict, date_from=day, date_to=day)
            keys = log_ids(s, s.get(User, user.id), flt, descending=False)
            assert [r.key for r in listed] == keys
        flt = ComplianceFilter(verdict="warning", date_from=day, date_to=day)
        keys = log_ids(s, s.get(User, user.id), flt, descending=False)
        actions = [row.action for row in log_rows(s, keys).values()]
        assert sorted(actions) == sorted(w.action for w in report.warnings)
    # The PDF says it, row by row, in the report's language.
    out = io.BytesIO()
    render_compliance_report(report, out, lang)
    data = out.getvalue()
    whole = "\n".join(pages_text(read(data)))
    book_word, move_word = tr("Visit booking", lang), tr("Visit reschedule", lang)
    assert tr("Flags by action", lang) in whole
    # "Visit booking 1 0 1" / "上门预约 1 0 1": blocked, warnings, overrides.
    assert re.search(rf"{book_word}\s+1\s+0\s+1\b", whole), whole
    assert re.search(rf"{move_word}\s+1\s+1\s+1\b", whole), whole
    assert WHY_BOOK in whole and WHY_MOVE in whole
    stem = f"visit-flags-{lang}"
    for png in render_png(data, screenshot_dir, stem):
        assert png.exists()
