"""An approval the waiver threshold in force no longer covers (QA s47 #3): an agent's agreement
made ready for signing with a waiver within the threshold goes back to a draft when an admin
lowers the threshold below its waiver, audited by the admin; it waits on the approvals list and
signing it is refused until a supervisor approves it. A supervisor's approval stands; a raised
threshold changes nothing. Signing checks the threshold again anyway (an agreement left approved
by an older version), and the Agreements page's Record signing says why it is off."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app import settings
from app.agreements import agreement_detail, approve, draft_settlement, sign
from app.agreements.sign_first import NotApprovedYet
from app.audit_words import Reader
from app.errors import ValidationError
from app.i18n import tr
from app.models import AgreementStatus, AuditEntry, Setting
from app.queries.approvals import waiting_for_approval
from tests.core.test_agreements import DEBT, _agreement, _case, _today, _user
from tests.core.test_agreements import office as office  # three overdue loans, agent01's

KEY = "agreement.waiver_approval_threshold"
WAIVER = 70_000  # 700.00, within the default threshold of 1,000.00
MSGID = (
    "The office's waiver threshold is now {threshold}, below agreement {number}'s waiver of "
    "{waiver}: a supervisor must approve it now before it is signed."
)
LAPSED = (
    "The office's waiver threshold is now 100.00, below agreement {number}'s waiver of 700.00: a "
    "supervisor must approve it now before it is signed."
)


def _ready(s, loan_no: str = "L1") -> str:
    agent = _user(s, "agent01")
    number = draft_settlement(s, agent, _case(s, loan_no).case_no, DEBT - WAIVER).agreement_no
    approve(s, agent, number)  # within the threshold: made ready for signing by the agent
    return number


def _lapses(s, number: str) -> list[AuditEntry]:
    query = select(AuditEntry).where(
        AuditEntry.entity_id == number, AuditEntry.action == "agreement.approval_lapsed"
    )
    return list(s.scalars(query))


def test_lowering_the_threshold_puts_a_ready_agreement_back_to_await_a_supervisor(office) -> None:
    with office.session() as s:
        agent, sup, admin = _user(s, "agent01"), _user(s, "supervisor"), _user(s, "admin")
        number = _ready(s)
        checked = draft_settlement(s, agent, _case(s, "L2").case_no, DEBT - WAIVER).agreement_no
        approve(s, sup, checked)  # a supervisor's approval: it stands
        version = _agreement(s, number).version
        settings.put(s, admin, KEY, 10_000)
        a = _agreement(s, number)
        assert a.status is AgreementStatus.DRAFT and a.approved_by_id is None
        assert a.approved_at is None and a.version == version + 1
        assert _agreement(s, checked).status is AgreementStatus.APPROVED
        [entry] = _lapses(s, number)  # by the admin who lowered it
        assert entry.user_id == admin.id
        assert entry.changes == {"waiver": WAIVER, "threshold": 10_000, "approved_by": agent.id}
        assert _lapses(s, checked) == []
        # On the approvals list, for the supervisor and for the agent who waits for it.
        assert number in [w.number for w in waiting_for_approval(s, sup)]
        assert number in [w.number for w in waiting_for_approval(s, agent)]
        detail = agreement_detail(s, agent, number)
        assert detail.needs_supervisor and detail.row.status == "draft"
        assert detail.cannot_approve is not None  # the agent's Approve is off, saying why
        with pytest.raises(NotApprovedYet, match="a supervisor must approve it"):
            sign(s, agent, number, _today())
        approve(s, sup, number)
        assert sign(s, agent, number, _today()).status is AgreementStatus.ACTIVE


def test_a_raised_threshold_changes_nothing(office) -> None:
    with office.session() as s:
        number = _ready(s)
        settings.put(s, _user(s, "admin"), KEY, 200_000)
        assert _agreement(s, number).status is AgreementStatus.APPROVED
        assert _lapses(s, number) == []


def test_signing_checks_the_threshold_in_force(office) -> None:
    with office.session() as s:
        agent, sup = _user(s, "agent01"), _user(s, "supervisor")
        number = _ready(s)
        # Lowered without the change's own door (an office saved so by an older version).
        s.add(Setting(key=KEY, value=10_000, updated_by_id=_user(s, "admin").id))
        s.flush()
        assert _agreement(s, number).status is AgreementStatus.APPROVED
        with pytest.raises(ValidationError) as told:
            sign(s, agent, number, _today())
        assert told.value.translated() == LAPSED.format(number=number)
        assert _agreement(s, number).status is AgreementStatus.APPROVED  # nothing written
        # The Agreements page's Record signing is off, saying so, in either language.
        assert agreement_detail(s, agent, number).cannot_sign == LAPSED.format(number=number)
        zh = tr(MSGID, "zh_CN", threshold="100.00", waiver="700.00", number=number)
        assert zh == (
            f"本营业部的减免限额现为 100.00，低于协议 {number} 的减免金额 700.00：须先由主管审批，"
            "方可签署。"
        )
        # A supervisor's signing is refused too: the approval is what lapsed.
        with pytest.raises(ValidationError, match="a supervisor must approve it now"):
            sign(s, sup, number, _today())
        s.execute(update(Setting).where(Setting.key == KEY).values(value=100_000))
        assert sign(s, agent, number, _today()).status is AgreementStatus.ACTIVE


def test_the_lapse_reads_in_words() -> None:
    import zoneinfo

    changes = {"waiver": WAIVER, "threshold": 10_000, "approved_by": 3}
    zone = zoneinfo.ZoneInfo("Asia/Shanghai")
    en = Reader("en", zone, {3: "赵桂花"}).describe("agreement.approval_lapsed", changes)
    zh = Reader("zh_CN", zone, {3: "赵桂花"}).describe("agreement.approval_lapsed", changes)
    assert en == "Waiver: 700.00; Approval threshold: 100.00; Made ready for signing by: 赵桂花"
    assert zh == "减免金额：700.00；审批门槛：100.00；定稿人：赵桂花"


def test_whoever_lowers_it_is_told_and_the_draft_says_why(office) -> None:
    """QA s47 O #4: the change named no agreement it sent back, and the draft said nothing of it."""
    from app.agreements.lapse_note import sent_back_words
    from app.office_settings import SettingsChange, save_settings

    with office.session() as s:
        agent, sup, admin = _user(s, "agent01"), _user(s, "supervisor"), _user(s, "admin")
        first, second = _ready(s, "L1"), _ready(s, "L2")
        saved = save_settings(s, admin, SettingsChange(None, None, {KEY: 10_000}))
        assert saved == [KEY] and saved.lapsed == (first, second)
        assert settings.put(s, admin, KEY, 5_000) == ()  # nothing left to send back
        lapse = agreement_detail(s, agent, first).lapse
        assert lapse is not None and (lapse.by, lapse.approver) == (
            admin.display_name,
            agent.display_name,
        )
        at = lapse.at
        assert lapse.words("en") == (
            f"Made ready for signing by {agent.display_name}, it went back to a draft on {at}, "
            f"when {admin.display_name} lowered the office's waiver threshold to 100.00, below "
            "its waiver of 700.00."
        )
        assert lapse.words("zh_CN") == (
            f"此协议曾由 {agent.display_name} 定稿待签；{at}，{admin.display_name} 将本营业部的"
            "减免限额调低至 100.00，低于其减免金额 700.00，协议随之退回草稿。"
        )
        assert agreement_detail(s, agent, first).as_json()["approval_lapsed"]["by"] == (
            admin.display_name
        )
        approve(s, sup, first)  # approved again: the lapse is history, no longer said
        assert agreement_detail(s, agent, first).lapse is None
        assert agreement_detail(s, agent, first).as_json()["approval_lapsed"] is None
    assert sent_back_words(["AG-1"], "en") == (
        "Agreement AG-1 is a draft again, waiting for a supervisor's approval: its waiver is "
        "above the new threshold."
    )
    assert sent_back_words(["AG-1", "AG-2"], "zh_CN") == (
        "协议 AG-1、AG-2 的减免金额已高于新的限额，现退回草稿，待主管审批。"
    )
