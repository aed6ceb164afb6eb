"""A flagged visit booking or move keeps the slot it chose, and a refused one the slot it asked
for; the compliance log, its export and the case's story show that slot, not the visit's time
now. QA: a booking overridden for 10:00 and then moved to 14:00 showed 14:00 on both rows, and a
refused booking or move showed no time at all."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.export import export_rows
from app.i18n import tr
from app.models import User, Visit
from app.queries.case_page import case_detail
from app.queries.compliance_log import log_ids, log_rows
from app.queries.compliance_rows import slot_words
from tests.core.flag_slots import SLOTS, build_flag_slots, chosen
from tests.core.visit_office import SHANGHAI, login


def _slot_text(hour: int, minute: int) -> str:
    start, end = chosen(hour, minute)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _stored(db, table: str) -> dict[str, list[tuple[dt.datetime, dt.datetime]]]:  # type: ignore[no-untyped-def]
    found: dict[str, list[tuple[dt.datetime, dt.datetime]]] = {}
    with db.session() as s:
        rows = s.execute(text(f"SELECT action, slot_start, slot_end FROM {table} ORDER BY id"))
        for action, start, end in rows:
            as_time = [v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(v)
                       for v in (start, end)]  # fmt: skip
            found.setdefault(action, []).append(tuple(t.replace(tzinfo=None) for t in as_time))
    return found


def test_each_flag_and_refusal_keeps_the_slot_it_chose(db) -> None:
    build_flag_slots(db)
    with db.session() as s:
        now = s.scalars(select(Visit.scheduled_start).order_by(Visit.id)).first()
    assert now is not None and now.replace(tzinfo=None) == _utc(chosen(14, 0)[0])
    for table in ("flagged_booking", "blocked_attempt"):
        stored = _stored(db, table)
        for (where, action), hours in SLOTS.items():
            if where == table:
                assert stored[action] == [tuple(map(_utc, chosen(*h))) for h in hours], action


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_log_its_export_and_the_story_show_the_chosen_slot(db, tmp_path: Path, lang) -> None:
    from app.i18n import set_language

    cases = build_flag_slots(db)
    boss = login(db, "supervisor")
    zone = SHANGHAI
    with db.session() as s:
        user = s.get(User, boss.id)
        rows = log_rows(s, log_ids(s, user, descending=False), lang).values()
        shown = sorted((r.action, slot_words(r, zone, lang)) for r in rows)
    expected = sorted(
        (action, _slot_text(*hour)) for (_t, action), hours in SLOTS.items() for hour in hours
    )
    assert shown == expected
    set_language(lang)
    try:
        with db.session() as s:
            export_rows(s, s.get(User, boss.id), "compliance", tmp_path / "log.csv")
    finally:
        set_language("en")
    with open(tmp_path / "log.csv", encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    column = table[0].index("Visit slot" if lang == "en" else "上门时段")
    assert sorted(row[column] for row in table[1:]) == sorted(s for _a, s in expected)
    with db.session() as s:
        visit_no = s.scalars(select(Visit.visit_no).order_by(Visit.id)).first()
        story = case_detail(s, login(db, "agent01"), cases[0], lang).timeline
    lines = {i.title: i.detail for i in story if i.kind == "visit"}
    slot_word = tr("slot {slot}", lang, slot=_slot_text(10, 0))
    assert lines[tr("Visit {number} booked", lang, number=visit_no)].startswith(slot_word)
    slot_word = tr("slot {slot}", lang, slot=_slot_text(14, 0))
    assert lines[tr("Visit {number} moved", lang, number=visit_no)].startswith(slot_word)
