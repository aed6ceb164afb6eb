"""The dashboard's safety-call figure (the window's tile, `casedesk dashboard`): it counts the
visits past their end with no check-out and the booked visits never checked in, and its words
name both. QA: the tile's figure counted the late check-outs alone, so a visit never checked in
showed as a red 0 beside words naming it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from app.models import User
from app.queries.dashboard import dashboard
from app.queries.dashboard_lists import visit_rows
from app.queries.dashboard_safety import safety_counts, safety_line, safety_words
from tests.core.missed_visit import missed_visit
from tests.core.visit_office import build_visit_office, login


@pytest.fixture
def office(db):
    build_visit_office(db)
    return db


def test_a_visit_never_checked_in_is_counted_listed_and_named(office):
    number, _ = missed_visit(office)
    with office.session() as s:
        boss = s.get(User, login(office, "supervisor").id)
        d = dashboard(s, boss)
        listed_ = [r.visit_no for r in visit_rows(s, boss, "late")]  # the tile's list
        other = dashboard(s, s.get(User, login(office, "agent03").id))  # not on its team
    assert (d.visits_late_checkout, d.visits_not_checked_in, d.visits_safety_calls) == (0, 1, 1)
    assert listed_ == [number]
    assert safety_words(d, True, "en") == (
        "1 booked, never checked in: call the team to check they are safe"
    )
    assert safety_words(d, False, "zh_CN") == "1 个预约后一直未签到：系统会提醒主管"
    assert safety_line(d, "en") == "Visits needing a safety call: 1 (1 booked, never checked in)"
    assert other.visits_safety_calls == 0
    assert safety_words(other, True, "en") == "every team past a visit's end has been heard from"
    assert safety_line(other, "en") == "Visits needing a safety call: 0"


def test_the_figure_and_its_words_count_both_kinds():
    base = dataclasses.replace(_empty(), visits_late_checkout=2, visits_not_checked_in=1)
    assert base.visits_safety_calls == 3
    assert safety_counts(base, "en") == (
        "2 past their end without check-out, 1 booked, never checked in"
    )
    assert safety_counts(base, "zh_CN") == "2 个已过结束时间未签退，1 个预约后一直未签到"
    late_only = dataclasses.replace(base, visits_not_checked_in=0)
    assert safety_words(late_only, False, "en") == (
        "2 past their end without check-out: alert the supervisor"
    )
    assert safety_line(late_only, "zh_CN") == "需电话确认安全的上门：2（2 个已过结束时间未签退）"


def _empty():  # type: ignore[no-untyped-def]
    from app.queries.dashboard import Dashboard

    return Dashboard(
        as_of=dt.date(2026, 3, 10),
        currency="CNY",
        buckets=[],
        recovered_this_month=0,
        recovered_last_month=0,
        recovered_last_month_to_date=0,
        daily_this_month=[],
        daily_last_month=[],
        promises_due_today=0,
        promises_broken_this_week=0,
        visits_today=0,
        visits_late_checkout=0,
        complaints_near_deadline=0,
        training_expiring=0,
        training_lapsed=0,
    )
