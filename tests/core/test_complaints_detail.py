"""One complaint's detail (app.complaint_detail): its fields by code, whom it is against and who
investigates, every investigation note (who, when in the office's time, what) in order, the
pause, the outcome; who may see it; the notes read back whatever wrote them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from app.complaint_detail import (
    INVESTIGATOR,
    NOTE,
    PAUSE_LIFTED,
    complaint_detail,
    parse_notes,
)
from app.complaints import add_note, assign_complaint, lift_pause, resolve_complaint
from app.errors import PermissionDenied
from app.i18n import set_language
from app.models import ComplaintCategory, ComplaintStatus
from tests.core.test_complaints import _case, _record, _user, build_office
from tests.office_day import office_today

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def office(db):
    return build_office(db)


def test_the_detail_tells_the_whole_complaint(office):
    today = office_today()
    received = today - dt.timedelta(days=3)
    with office.session() as s:
        sup, admin = _user(s, "supervisor"), _user(s, "admin")
        complaint = _record(
            s,
            _case(s, "L1").case_no,
            received_on=received,
            source="relative",
            channel="letter",
            category="third_party_disclosure",
            complex=True,
            description="称催收人员向其同事透露了欠款情况",
        )
        number = complaint.complaint_no
        before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        assign_complaint(s, sup, number, "admin")
        add_note(s, sup, number, "已调取通话记录\n第二段：录音显示有第三方在场")
        add_note(s, sup, number, "investigator: agent02")  # a note, whatever it says
        lift_pause(s, sup, number, "借款人同意白天联系")
        detail = complaint_detail(s, sup, number)

    assert (detail.complaint_no, detail.case_no, detail.borrower) == (
        number,
        _case_no(office, "L1"),
        "借款人1",
    )
    assert (detail.source, detail.channel) == ("relative", "letter")
    assert detail.category is ComplaintCategory.THIRD_PARTY_DISCLOSURE and detail.complex
    assert detail.received_on == received
    assert detail.deadline_on == received + dt.timedelta(days=30)
    assert detail.days_left == 27 and detail.status is ComplaintStatus.INVESTIGATING
    assert detail.against == "agent01" and detail.investigator == f"{admin.display_name} (admin)"
    assert detail.description == "称催收人员向其同事透露了欠款情况"
    assert [(n.kind, n.author, n.text) for n in detail.notes] == [
        (INVESTIGATOR, "supervisor", admin.display_name),
        (NOTE, "supervisor", "已调取通话记录\n第二段：录音显示有第三方在场"),
        (NOTE, "supervisor", "investigator: agent02"),
        (PAUSE_LIFTED, "supervisor", "借款人同意白天联系"),
    ]
    for note in detail.notes:  # in the office's time, to the minute
        assert note.at is not None and note.at.utcoffset() == dt.timedelta(hours=8)
        assert before.replace(second=0, microsecond=0) <= note.at <= dt.datetime.now(dt.UTC)
    assert [n.at for n in detail.notes] == sorted(n.at for n in detail.notes)
    assert detail.notes[0].words() == f"Named {admin.display_name} to investigate."
    assert detail.notes[3].words() == "Lifted the pause: 借款人同意白天联系"
    assert detail.deadline_words() == (
        f"{detail.deadline_on.isoformat()} · 27 days left · Complex complaint"
    )
    assert not detail.pausing and detail.pause_lifted_by == "supervisor"
    assert detail.pause_lifted_at is not None and detail.pause_lifted_at.utcoffset()
    assert detail.pause_words().startswith("No — lifted by supervisor on ")
    assert (detail.outcome, detail.closed_on, detail.cannot_note) == ("", None, None)
    set_language("zh_CN")
    try:
        assert detail.notes[0].words() == f"指定 {admin.display_name} 负责调查。"
        assert detail.deadline_words().endswith("剩余 27 天 · 复杂投诉")
        assert detail.pause_words().startswith("否——已由 supervisor 于 ")
    finally:
        set_language("en")

    with office.session() as s:
        resolve_complaint(s, _user(s, "supervisor"), number, "已向投诉人说明并致歉", True)
        closed = complaint_detail(s, _user(s, "supervisor"), number)
    assert closed.status is ComplaintStatus.RESOLVED and closed.days_left is None
    assert (closed.outcome, closed.closed_on) == ("已向投诉人说明并致歉", today)
    assert closed.cannot_note == f"Complaint {number} is closed."
    assert closed.deadline_words() == f"{closed.deadline_on.isoformat()} · Complex complaint"


def _case_no(office, loan_no: str) -> str:
    with office.session() as s:
        return _case(s, loan_no).case_no


def test_who_sees_the_detail_and_who_may_note_it(office):
    with office.session() as s:
        against = _record(s, _case(s, "L1").case_no, agent_username="agent01")
        number = against.complaint_no
        elsewhere = _record(s, _case(s, "L2").case_no, agent_username="agent01")
        agent01, agent02 = _user(s, "agent01"), _user(s, "agent02")
        mine = complaint_detail(s, agent01, number)  # their case, and against them
        assert mine.pausing and mine.pause_words() == "Yes"
        assert mine.cannot_note == (
            f"agent01 is the subject of complaint {number} and cannot add notes to it."
        )
        # Against them on a case that is not theirs: listed for them, so readable too.
        assert (
            complaint_detail(s, agent01, elsewhere.complaint_no).case_no == _case(s, "L2").case_no
        )
        with pytest.raises(PermissionDenied) as refused:
            complaint_detail(s, agent02, number)
        assert "两者都不是" in refused.value.translated("zh_CN")
        assert complaint_detail(s, _user(s, "supervisor"), number).cannot_note is None
        alone = _record(s, None, agent_username="agent02")
        shown = complaint_detail(s, _user(s, "admin"), alone.complaint_no)
        assert (shown.case_no, shown.borrower, shown.pausing) == (None, None, False)
        assert shown.pause_words() == "No — the complaint is not about a case"
        assert shown.investigator is None and shown.notes == ()


def test_the_one_it_is_against_reads_it_without_the_investigation_notes(office):
    """Agent or supervisor, the subject sees the complaint, its investigator and outcome, not
    the notes on their conduct; the one handling it reads them whole."""
    with office.session() as s:
        sup, admin = _user(s, "supervisor"), _user(s, "admin")
        on_agent = _record(s, _case(s, "L1").case_no, agent_username="agent01").complaint_no
        on_sup = _record(s, _case(s, "L2").case_no, agent_username="supervisor").complaint_no
        assign_complaint(s, sup, on_agent, "admin")
        add_note(s, sup, on_agent, "录音显示催收员语气激烈")
        add_note(s, admin, on_sup, "主管本人在场")
        subject = complaint_detail(s, _user(s, "agent01"), on_agent)
        assert subject.notes == () and subject.notes_withheld
        assert subject.investigator == f"{admin.display_name} (admin)"
        assert subject.no_notes_words() == (
            "The investigation notes are not shown to the person the complaint is against."
        )
        set_language("zh_CN")
        try:
            assert subject.no_notes_words() == "调查备注不向被投诉人显示。"
        finally:
            set_language("en")
        handler = complaint_detail(s, sup, on_agent)
        assert not handler.notes_withheld
        assert [n.text for n in handler.notes if n.kind == NOTE] == ["录音显示催收员语气激烈"]
        assert handler.no_notes_words() == "No investigation notes yet."
        assert complaint_detail(s, sup, on_sup).notes == ()  # against the supervisor
        assert [n.text for n in complaint_detail(s, admin, on_sup).notes] == ["主管本人在场"]


def test_notes_without_a_stamp_read_as_unsigned():
    """The demo office's notes and anything written before the stamp: one unsigned note; a line
    without a stamp after a stamped one continues it."""
    names = {"supervisor": "王主管"}
    notes = parse_notes("已调取通话记录核查\n  \n", names, set(), SHANGHAI)
    assert [(n.at, n.author, n.text, n.kind) for n in notes] == [
        (None, None, "已调取通话记录核查", NOTE)
    ]
    notes = parse_notes(
        "[2026-03-01 02:05 UTC] supervisor: investigator: agent02\n"
        "[2026-03-01 16:30 UTC] supervisor: 第一行\n第二行\n"
        "[2026-03-02 01:00 UTC] ghost: pause lifted: 同意",
        names,
        {("investigator", "supervisor", "agent02")},
        SHANGHAI,
    )
    assert [(n.author, n.text, n.kind) for n in notes] == [
        ("王主管", "agent02", INVESTIGATOR),
        ("王主管", "第一行\n第二行", NOTE),
        ("ghost", "pause lifted: 同意", NOTE),  # no audited lifting by ghost: a plain note
    ]
    assert notes[1].at == dt.datetime(2026, 3, 2, 0, 30, tzinfo=SHANGHAI)  # the office's day
