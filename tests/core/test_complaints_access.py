"""Who may act on a complaint: an agent records and notes complaints only on the cases assigned
to them, never notes one against themselves, and investigates only where they may note;
supervisors and admins record and note on every case."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.complaint_access import investigator_choices
from app.complaints import add_note, assign_complaint, record_complaint
from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry, CaseStatus, Complaint, Sequence
from tests.core.test_complaints import _case, _record, _user, build_office
from tests.office_day import office_today


@pytest.fixture
def office(db):
    return build_office(db)


def _fields(**changes):
    values = {
        "agent_username": None,
        "received_on": office_today(),
        "source": "borrower",
        "channel": "phone",
        "category": "harassment",
        "description": "催收员多次在深夜来电",
    }
    values.update(changes)
    return values


def test_the_agent_a_complaint_is_against_cannot_note_it(office):
    with office.session() as s:
        # On agent01's own case and against agent01: they hold the case, yet may not note it.
        against = _record(s, _case(s, "L1").case_no, agent_username="agent01")
        agent = _user(s, "agent01")
        with pytest.raises(PermissionDenied) as refused:
            add_note(s, agent, against.complaint_no, "我没有在深夜打过电话")
        assert str(refused.value) == (
            f"agent01 is the subject of complaint {against.complaint_no} and cannot add notes "
            "to it."
        )
        assert refused.value.translated("zh_CN") == (
            f"agent01 是投诉 {against.complaint_no} 的被投诉人，不能为其添加调查备注。"
        )
        assert against.investigation_notes == ""
        # The same agent notes a complaint on their case that is not against them.
        about_case = _record(s, _case(s, "L1").case_no, agent_username=None)
        add_note(s, agent, about_case.complaint_no, "借款人要求只在白天联系")
        assert about_case.investigation_notes.endswith("agent01: 借款人要求只在白天联系")
        add_note(s, _user(s, "supervisor"), against.complaint_no, "已调取通话记录")
        assert "supervisor: 已调取通话记录" in against.investigation_notes
        notes = s.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "complaint.note", AuditEntry.user_id == agent.id)
        )
        assert notes == 1  # only the allowed note was audited


def test_an_agent_notes_only_complaints_on_the_cases_assigned_to_them(office):
    with office.session() as s:
        on_l2 = _record(s, _case(s, "L2").case_no, agent_username=None)  # L2's is nobody's
        about_agent02 = _record(s, None, agent_username="agent02")  # no case at all
        on_l1 = _record(s, _case(s, "L1").case_no, agent_username=None)  # agent01's case
        for agent, number in (
            ("agent01", on_l2.complaint_no),
            ("agent01", about_agent02.complaint_no),
            ("agent02", on_l1.complaint_no),
        ):
            with pytest.raises(PermissionDenied) as refused:
                add_note(s, _user(s, agent), number, "看看")
            assert refused.value.msgid.startswith("{user} may act only on complaints")
            assert number in str(refused.value)
            assert "只能处理其名下案件的投诉" in refused.value.translated("zh_CN")
        assert on_l2.investigation_notes == on_l1.investigation_notes == ""
        add_note(s, _user(s, "agent01"), on_l1.complaint_no, "已向借款人致歉")
        for boss in ("supervisor", "admin"):  # on every complaint
            for complaint in (on_l2, about_agent02, on_l1):
                add_note(s, _user(s, boss), complaint.complaint_no, f"{boss} 已核查")
        assert on_l2.investigation_notes.count("已核查") == 2


def test_an_agent_records_complaints_only_on_their_own_cases(office):
    with office.session() as s:
        l1, l2 = _case(s, "L1").case_no, _case(s, "L2").case_no
    # agent02 on agent01's case: refused as find_case refuses it, and nothing is paused or used.
    with pytest.raises(PermissionDenied) as refused, office.session() as s:
        record_complaint(s, _user(s, "agent02"), case_no=l1, **_fields())
    assert str(refused.value) == f"agent02 may open only the cases assigned to them; {l1} is not."
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Complaint)) == 0
        assert s.get(Sequence, "complaint_no") is None
        assert _case(s, "L1").status is CaseStatus.NEW
        # agent01 on their own case; a supervisor and an admin on any case, assigned or not.
        own = record_complaint(s, _user(s, "agent01"), case_no=l1.lower(), **_fields())
        assert own.case_id == _case(s, "L1").id and _case(s, "L1").status is CaseStatus.PAUSED
        for boss in ("supervisor", "admin"):
            made = record_complaint(s, _user(s, boss), case_no=l2, **_fields())
            assert made.case_id == _case(s, "L2").id
        assert _case(s, "L2").status is CaseStatus.PAUSED
        # A complaint about an agent alone is a supervisor's to record; an agent names their
        # case (QA: one recorded a complaint with no case against a supervisor, then could not
        # open it).
        alone = record_complaint(
            s, _user(s, "supervisor"), case_no=" ", **_fields(agent_username="agent01")
        )
        assert alone.case_id is None
        count = s.scalar(select(func.count()).select_from(Complaint))
    with pytest.raises(PermissionDenied) as refused, office.session() as s:
        record_complaint(
            s, _user(s, "agent02"), case_no=" ", **_fields(agent_username="supervisor")
        )
    assert str(refused.value) == (
        "agent02 records complaints only on the cases assigned to them: name the case."
    )
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Complaint)) == count


def test_investigators_are_those_who_may_note_the_complaint(office):
    with office.session() as s:
        sup = _user(s, "supervisor")
        against_agent01 = _record(s, _case(s, "L1").case_no, agent_username="agent01")
        about_case = _record(s, _case(s, "L1").case_no, agent_username=None)
        choices = investigator_choices(s, sup, against_agent01.complaint_no)
        assert sorted(name for name, _label in choices) == ["admin", "supervisor"]
        assert sorted(n for n, _ in investigator_choices(s, sup, about_case.complaint_no)) == [
            "admin",
            "agent01",
            "supervisor",
        ]
        assert ("agent01", "agent01") in investigator_choices(s, sup, about_case.complaint_no)
        with pytest.raises(PermissionDenied):  # handling complaints is a supervisor's
            investigator_choices(s, _user(s, "agent01"), about_case.complaint_no)
        with pytest.raises(ValidationError) as refused:  # agent02 may not see the case
            assign_complaint(s, sup, about_case.complaint_no, "agent02")
        assert "无权查看投诉" in refused.value.translated("zh_CN")
        with pytest.raises(ValidationError, match="Choose who investigates"):
            assign_complaint(s, sup, about_case.complaint_no, "  ")
        assign_complaint(s, sup, about_case.complaint_no, "agent01")
        add_note(s, _user(s, "agent01"), about_case.complaint_no, "已联系借款人核实")
        assert about_case.investigation_notes.splitlines()[-1].endswith("已联系借款人核实")


def test_a_supervisor_a_complaint_is_against_does_not_handle_it(office):
    """Another supervisor (or an admin) names the investigator, resolves it or lifts its pause;
    the one it is against is refused each, and the detail says why for the page's buttons."""
    from app.complaint_detail import complaint_detail
    from app.complaints import lift_pause, resolve_complaint

    with office.session() as s:
        complaint = _record(s, _case(s, "L1").case_no, agent_username="supervisor")
        sup, admin = _user(s, "supervisor"), _user(s, "admin")
        number = complaint.complaint_no
        for act in (
            lambda: assign_complaint(s, sup, number, "admin"),
            lambda: lift_pause(s, sup, number, "借款人同意继续联系"),
            lambda: resolve_complaint(s, sup, number, "投诉不成立", upheld=False),
        ):
            with pytest.raises(PermissionDenied, match="another supervisor handles it"):
                act()
        assert complaint.status.value == "open" and complaint.pause_lifted_at is None
        detail = complaint_detail(s, sup, number)
        assert detail.cannot_handle == (
            f"supervisor is the subject of complaint {number}; another supervisor handles it."
        )
        assert complaint_detail(s, admin, number).cannot_handle is None
        lift_pause(s, admin, number, "借款人同意继续联系")
        resolve_complaint(s, admin, number, "投诉不成立", upheld=False)
        assert complaint.status.value == "rejected"
