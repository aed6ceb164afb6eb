"""Who may cancel an agreement, by its status (maker-checker, as approval is): an agent cancels a
draft on their case, and an approval that was theirs to give (a waiver within the threshold);
what a supervisor or an admin approved, and signed terms, only a supervisor or an admin cancels.
Found by QA: the core let an agent cancel what a supervisor had approved. An agent still records
the signing. A refusal writes nothing; a cancellation is audited with the status it had."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.agreements import agreement_detail, approve, cancel, draft_plan, sign
from app.errors import PermissionDenied
from app.i18n import set_language
from app.models import AgreementStatus, AuditEntry
from tests.core.test_agreements import _agreement, _case, _today, _user, build_office
from tests.office_day import office_today

SUPERVISOR_APPROVED = (
    "Agreement {number} was approved by supervisor: only a supervisor or an admin may cancel it."
)
SUPERVISOR_APPROVED_ZH = "协议 {number} 已由 supervisor 批准：只有主管或管理员可以取消。"
SIGNED = "Agreement {number} is signed: only a supervisor or an admin may cancel it."


@pytest.fixture
def office(db):
    return build_office(db)


def _draft(s, who: str = "agent01") -> str:
    start = office_today() + dt.timedelta(days=10)
    return draft_plan(s, _user(s, who), _case(s, "L1").case_no, count=3, start=start).agreement_no


def _cancels(s, number: str) -> list[AuditEntry]:
    return list(
        s.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "agreement.cancel", AuditEntry.entity_id == number
            )
        )
    )


def _refused(s, who: str, number: str, said: str) -> None:
    """`who` may not cancel: the page's button says why, the core refuses, nothing is written."""
    status = _agreement(s, number).status
    assert agreement_detail(s, _user(s, who), number).cannot_cancel == said
    with pytest.raises(PermissionDenied) as refused:
        cancel(s, _user(s, who), number, "the borrower changed their mind")
    assert str(refused.value) == said
    assert _agreement(s, number).status is status
    assert _cancels(s, number) == []


def _cancelled(s, who: str, number: str, was: str) -> None:
    assert agreement_detail(s, _user(s, who), number).cannot_cancel is None
    cancel(s, _user(s, who), number, "the borrower changed their mind", today=_today())
    assert _agreement(s, number).status is AgreementStatus.CANCELLED
    [entry] = _cancels(s, number)
    assert entry.user_id == _user(s, who).id
    assert entry.changes["was"] == was


@pytest.mark.parametrize("drafter", ["agent01", "supervisor"])
def test_an_agent_cancels_a_draft_on_their_case(office, drafter: str) -> None:
    with office.session() as s:
        number = _draft(s, drafter)
        _cancelled(s, "agent01", number, "draft")


def test_an_agent_may_not_cancel_what_a_supervisor_approved(office) -> None:
    with office.session() as s:
        number = _draft(s)
        approve(s, _user(s, "supervisor"), number)
        _refused(s, "agent01", number, SUPERVISOR_APPROVED.format(number=number))
        _cancelled(s, "supervisor", number, "approved")


@pytest.mark.parametrize(
    ("lang", "said"), [("en", SUPERVISOR_APPROVED), ("zh_CN", SUPERVISOR_APPROVED_ZH)]
)
def test_the_refusal_names_the_role_it_needs_in_either_language(
    office, lang: str, said: str
) -> None:
    with office.session() as s:
        number = _draft(s)
        approve(s, _user(s, "supervisor"), number)
    set_language(lang)  # as the CLI's --lang and the window set it
    try:
        with office.session() as s, pytest.raises(PermissionDenied) as refused:
            cancel(s, _user(s, "agent01"), number, "changed their mind")
        assert refused.value.translated() == said.format(number=number)
    finally:
        set_language("en")


def test_what_an_admin_approved_is_a_supervisors_to_cancel_too(office) -> None:
    with office.session() as s:
        number = _draft(s)
        approve(s, _user(s, "admin"), number)
        said = SUPERVISOR_APPROVED.format(number=number).replace("supervisor:", "Administrator:")
        _refused(s, "agent01", number, said)
        _cancelled(s, "admin", number, "approved")


def test_an_agent_cancels_what_an_agent_approved_within_the_threshold(office) -> None:
    """No checker let it through: the waiver was within the agent's own authority."""
    with office.session() as s:
        number = _draft(s)
        approve(s, _user(s, "agent01"), number)
        _cancelled(s, "agent01", number, "approved")


def test_an_agent_records_the_signing_but_may_not_cancel_signed_terms(office) -> None:
    with office.session() as s:
        number = _draft(s)
        approve(s, _user(s, "supervisor"), number)
        sign(s, _user(s, "agent01"), number, office_today())
        status = _agreement(s, number).status
        assert status in (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)
        _refused(s, "agent01", number, SIGNED.format(number=number))
        _cancelled(s, "supervisor", number, status.value)
