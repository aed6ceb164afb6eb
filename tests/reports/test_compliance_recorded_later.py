"""A contact logged after the fact (QA s47 K finding 1): the compliance report counts it by the
time it was made, as logged, and says so; its row shows when it was recorded beneath; and the
report of the period it was recorded in lists it apart, marked and counted as a figure of its own,
so a back-dated night call refused this week is seen this week and no attempt is counted twice.
The PDF is parsed back with pypdf, in English and Chinese."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from sqlalchemy import select, update

from app.contacts import log_contact
from app.i18n import tr
from app.models import Case, CaseStatus, ContactAttempt, User, VerdictKind
from app.queries.compliance_rows import RECORDED_LATE, LogRow
from reports.compliance_flags import BY_RECORDED, EARLIER, when_and_slot
from reports.compliance_report import EARLIER_BLOCKED, EARLIER_OVERRIDES
from tests.office_day import office_today
from tests.reports.pdfcheck import pages_text, read, render_png
from tests.reports.test_compliance_report import gather, render

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAYS_BACK = 20
LANGS = ("en", "zh_CN")


def _night(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 0), SHANGHAI)


def _back_dated_block(demo_db, day: dt.date) -> str:  # type: ignore[no-untyped-def]
    """A call logged now for 23:00 on `day` (quiet hours), refused: its case's number."""
    with demo_db.session(write_lock=True) as s:
        user = s.scalar(select(User).where(User.username == "supervisor"))
        cases = s.scalars(
            select(Case.case_no)
            .where(
                Case.status.in_([CaseStatus.NEW, CaseStatus.CONTACTED]),
                Case.opened_on < day - dt.timedelta(days=1),
            )
            .order_by(Case.id)
        )
        for case_no in cases:
            result = log_contact(
                s, user, case_no, channel="call", party="borrower", at=_night(day),
                outcome="no_answer",
            )  # fmt: skip
            if result.attempt is None:
                return case_no
    raise AssertionError("no call at 23:00 was refused")


def _ours(rows: list[LogRow], case_no: str, day: dt.date) -> list[LogRow]:
    return [r for r in rows if r.case_no == case_no and r.when == _night(day)]


def _bare(words: str) -> str:
    """Text without its spaces and line breaks (a note wraps where the page wants)."""
    return re.sub(r"\s+", "", words)


def _summary(texts: list[str], label: str, lang: str) -> int | None:
    """The figure the summary gives `label`, None when it has no such row."""
    pattern = re.compile(re.escape(tr(label, lang=lang)) + r"\s*([\d,]+)$")
    for line in "\n".join(texts).splitlines():
        found = pattern.match(line.strip())
        if found:
            return int(found.group(1).replace(",", ""))
    return None


@pytest.mark.parametrize("lang", LANGS)
def test_a_back_dated_block_is_listed_apart_the_day_it_was_recorded(
    demo_db, lang, screenshot_dir
) -> None:
    today = office_today()
    day = today - dt.timedelta(days=DAYS_BACK)
    case_no = _back_dated_block(demo_db, day)
    report = gather(demo_db, today, today, lang)
    assert _ours(report.blocked, case_no, day) == []  # not in the day's own count
    [row] = _ours(report.blocked_earlier, case_no, day)
    assert row.recorded_at is not None and row.recorded_at - row.when > RECORDED_LATE
    assert not report.empty
    data = render(report, lang)
    render_png(data, screenshot_dir, f"compliance_recorded_later_{lang}")
    texts = pages_text(read(data))
    joined = "\n".join(texts)
    assert _bare(tr(EARLIER, lang=lang)) in _bare(joined)
    assert _bare(tr(BY_RECORDED, lang=lang)) in _bare(joined)
    assert f"{day:%Y-%m-%d} 23:00" in joined
    assert tr("recorded {day}", lang=lang, day=f"{today:%Y-%m-%d}") in joined
    assert _summary(texts, "Blocked attempts", lang) == len(report.blocked)
    assert _summary(texts, EARLIER_BLOCKED, lang) == len(report.blocked_earlier) >= 1


@pytest.mark.parametrize("lang", LANGS)
def test_a_back_dated_block_counts_on_its_own_day_with_when_it_was_recorded(demo_db, lang) -> None:
    today = office_today()
    day = today - dt.timedelta(days=DAYS_BACK)
    before = len(gather(demo_db, day, day, lang).blocked)
    case_no = _back_dated_block(demo_db, day)
    report = gather(demo_db, day, day, lang)
    assert len(report.blocked) == before + 1
    assert len(_ours(report.blocked, case_no, day)) == 1
    assert report.blocked_earlier == []
    texts = pages_text(read(render(report, lang)))
    joined = "\n".join(texts)
    assert tr("recorded {day}", lang=lang, day=f"{today:%Y-%m-%d}") in joined
    assert _bare(tr(EARLIER, lang=lang)) not in _bare(joined)
    assert _summary(texts, "Blocked attempts", lang) == before + 1
    assert _summary(texts, EARLIER_BLOCKED, lang) is None


def test_a_period_holding_both_days_counts_it_once(demo_db) -> None:
    today = office_today()
    day = today - dt.timedelta(days=DAYS_BACK)
    case_no = _back_dated_block(demo_db, day)
    report = gather(demo_db, day, today)
    assert len(_ours(report.blocked, case_no, day)) == 1
    assert _ours(report.blocked_earlier, case_no, day) == []
    by_action = sum(x.blocked for x in report.by_action)
    assert by_action == len(report.blocked)  # the flags by action count the period's own


@pytest.mark.parametrize("lang", LANGS)
def test_an_override_recorded_today_for_an_earlier_day_is_listed_apart(demo_db, lang) -> None:
    """A demo override made before today, as though it had been logged today after the fact."""
    today = office_today()
    with demo_db.session(write_lock=True) as s:
        k = ContactAttempt
        start = dt.datetime.combine(today, dt.time(), SHANGHAI).astimezone(dt.UTC)
        item_id, at = s.execute(
            select(k.id, k.at)
            .where(k.verdict == VerdictKind.NEEDS_OVERRIDE, k.at < start)
            .order_by(k.at.desc())
        ).first()
        s.execute(update(k).where(k.id == item_id).values(created_at=dt.datetime.now(dt.UTC)))
    report = gather(demo_db, today, today, lang)
    assert [r.key for r in report.overrides_earlier] == [("contact", item_id)]
    assert ("contact", item_id) not in [r.key for r in report.overrides]
    texts = pages_text(read(render(report, lang)))
    joined = "\n".join(texts)
    assert _summary(texts, EARLIER_OVERRIDES, lang) == 1
    assert _summary(texts, "Overrides", lang) == len(report.overrides)
    assert tr("recorded {day}", lang=lang, day=f"{today:%Y-%m-%d}") in joined
    stated = at.astimezone(SHANGHAI)
    assert f"{stated:%Y-%m-%d %H:%M}" in joined


def _row(when: dt.datetime, recorded: dt.datetime, action: str = "call") -> LogRow:
    return LogRow(
        ("blocked", 1), when, "C1", "A", "call", "borrower", "blocked", "quiet_hours", "", "",
        "", "", action=action, recorded_at=recorded,
    )  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_the_recorded_line_shows_only_when_recorded_over_an_hour_later(lang) -> None:
    at = dt.datetime(2026, 11, 15, 15, 0, tzinfo=dt.UTC)  # 23:00 in Shanghai
    line = tr("recorded {day}", lang=lang, day="2026-11-15")
    next_day = tr("recorded {day}", lang=lang, day="2026-11-16")
    within = when_and_slot(_row(at, at + RECORDED_LATE), SHANGHAI, lang)
    assert within == "2026-11-15 23:00"
    later = when_and_slot(_row(at, at + RECORDED_LATE + dt.timedelta(minutes=1)), SHANGHAI, lang)
    assert later == f"2026-11-15 23:00\n{next_day}\n00:01"
    # Listed apart as recorded in a later period: always said, however soon.
    assert when_and_slot(_row(at, at), SHANGHAI, lang, recorded=True) == (
        f"2026-11-15 23:00\n{line}\n23:00"
    )
