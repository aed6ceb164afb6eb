"""A supervisor's override of a visit booking or move is seen where the case's people look: the
case's story says who overrode it, why and when (as a contact's override), in English and
Chinese; the agent of the case finds it in their part of the compliance log (the page and `casedesk
export compliance`), which still holds no flag of another agent's case. QA: the story showed only
the visit, and an agent's log held only what they had done themselves.

A flag copied from the audit trail by migration 0018 (rule ids, no words) says its reason was
not recorded, rather than showing nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from app.models import FlaggedBooking, User, Visit
from app.queries.case_page import case_detail
from app.queries.compliance_log import BOOKING, log_ids, log_rows
from tests.core.visit_office import login, slot
from tests.core.visit_overrides import (
    COPIED,
    WHY_BOOK,
    WHY_MOVE,
    WHY_OTHER,
    overridden_office,
)


@pytest.fixture
def office(template_db: Path, tmp_path: Path) -> Iterator[tuple[Any, Path, list[str]]]:
    database, path, cases = overridden_office(template_db, tmp_path)
    yield database, path, cases
    database.close()


def _story(database: Any, who: str, case_no: str, lang: str) -> list[tuple[str, str]]:
    with database.session() as s:
        items = case_detail(s, login(database, who), case_no, lang).timeline
    return [(i.title, i.detail) for i in items if i.kind == "visit"]


def test_the_case_story_says_who_overrode_a_booking_and_a_move_and_why(office) -> None:
    database, _path, cases = office
    with database.session() as s:
        visit_no = s.scalars(select(Visit.visit_no).order_by(Visit.id)).first()
        booked = s.scalars(select(FlaggedBooking.at).order_by(FlaggedBooking.id)).first()
    story = _story(database, "agent01", cases[0], "en")
    # Each line gives the slot its booking or move chose (the visit is at 14:00 now).
    at_10, at_14 = (f"{slot(h):%Y-%m-%d %H:%M}–{h + 1}:00" for h in (10, 14))
    assert (
        f"Visit {visit_no} booked",
        f"slot {at_10} · by 陈静 · overridden by 陈静: {WHY_BOOK}",
    ) in story
    assert (
        f"Visit {visit_no} moved",
        f"slot {at_14} · by 陈静 · overridden by 陈静: {WHY_MOVE}",
    ) in story
    zh = _story(database, "agent01", cases[0], "zh_CN")
    assert (
        f"上门 {visit_no} 已预约",
        f"时段 {at_10} · 经办：陈静 · 经 陈静 特批：{WHY_BOOK}",
    ) in zh
    assert (
        f"上门 {visit_no} 已改约",
        f"时段 {at_14} · 经办：陈静 · 经 陈静 特批：{WHY_MOVE}",
    ) in zh
    # When: the line stands at the moment of the booking, not at the visit's time.
    with database.session() as s:
        items = case_detail(s, login(database, "agent01"), cases[0], "en").timeline
    (line,) = [i for i in items if i.title == f"Visit {visit_no} booked"]
    assert line.at == booked
    # Another agent's case's override is on that case's story alone.
    assert all(WHY_OTHER not in detail for _title, detail in story)


def _keys(database: Any, who: str) -> list[tuple[str, int]]:
    with database.session() as s:
        return log_ids(s, s.get(User, login(database, who).id))


def test_an_agent_sees_the_supervisors_overrides_on_their_own_cases_only(office) -> None:
    database, _path, cases = office
    with database.session() as s:
        ids = dict(
            s.execute(
                text(
                    'SELECT f.id, c.case_no FROM flagged_booking f JOIN "case" c '
                    "ON c.id = f.case_id"
                )
            ).all()
        )
    of_case = lambda n: {(BOOKING, i) for i, no in ids.items() if no == cases[n]}  # noqa: E731
    assert len(of_case(0)) == 2 and len(of_case(1)) == 1
    assert set(_keys(database, "agent01")) == of_case(0)
    assert set(_keys(database, "agent02")) == of_case(1)
    assert _keys(database, "agent03") == []  # on agent02's visit team, not its case's agent
    assert set(_keys(database, "supervisor")) == of_case(0) | of_case(1)
    with database.session() as s:
        rows = log_rows(s, _keys(database, "agent01"), "en").values()
    assert {(r.agent, r.overridden_by, r.override_reason) for r in rows} == {
        ("陈静", "陈静", WHY_BOOK),
        ("陈静", "陈静", WHY_MOVE),
    }


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "not recorded (saved before this version)"), ("zh_CN", "未记录（本版本之前保存）")],
)
def test_a_flag_copied_from_the_trail_says_its_reason_was_not_recorded(
    office, lang: str, words: str
) -> None:
    database, _path, cases = office
    with database.session() as s:
        s.execute(
            text("UPDATE flagged_booking SET findings = :f, override_reason = NULL"), {"f": COPIED}
        )
    with database.session() as s:
        rows = log_rows(s, _keys(database, "supervisor"), lang).values()
    assert [(r.rules, r.reasons, r.override_reason) for r in rows] == [
        ("visit_consent", words, words)
    ] * 3
    story = _story(database, "agent01", cases[0], lang)
    assert sum(words in detail for _title, detail in story) == 2, story
