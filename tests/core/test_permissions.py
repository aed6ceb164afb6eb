"""The role matrix: each core use case, called directly as agent, supervisor and admin, is allowed
or refused with PermissionDenied exactly as app.auth.PERMISSIONS says."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from app import settings
from app.auth import PERMISSIONS, Permission
from app.errors import PermissionDenied
from app.models import (
    Borrower,
    Case,
    CaseStatus,
    Complaint,
    ComplaintStatus,
    Course,
    Loan,
    LoanStatus,
    RelatedPerson,
    Relationship,
    Role,
    User,
)
from app.roles import PERMISSION_WORDS
from app.training import WorkKind, office_training
from tests.office_day import office_today

ACTORS = {Role.AGENT: "agent01", Role.SUPERVISOR: "supervisor", Role.ADMIN: "admin"}
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
FAMILY = (Relationship.RELATIVE, Relationship.PARENT, Relationship.SIBLING, Relationship.CHILD)


def _qualified_agent(s: Any) -> User:
    as_of = settings.as_of(s)
    for state in office_training(s, as_of):
        if state.qualified(WorkKind.PHONE) and state.qualified(WorkKind.FIELD):
            return s.get(User, state.agent_id)
    raise AssertionError("the demo office has no fully trained agent")


def _open_case(s: Any) -> Case:
    return s.scalars(
        select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.id).limit(1)
    ).one()


def _third_party_call(s: Any) -> tuple[User, str, dict[str, Any]]:
    """(agent, case number, contact fields) for a call to a relative that needs an override:
    the first open case whose rule check says so, found without saving anything."""
    from app.contacts import check_contact
    from app.models import VerdictKind

    day = dt.datetime.now(SHANGHAI).date() - dt.timedelta(days=1)
    rows = s.execute(
        select(Case, RelatedPerson)
        .join(Loan, Loan.id == Case.loan_id)
        .join(RelatedPerson, RelatedPerson.borrower_id == Loan.borrower_id)
        .where(
            Case.assigned_agent_id.is_not(None),
            Case.status != CaseStatus.CLOSED,
            Case.paused.is_(False),
            RelatedPerson.relation.in_(FAMILY),
            RelatedPerson.do_not_contact.is_(False),
            RelatedPerson.phone != "",
        )
        .order_by(Case.id, RelatedPerson.id)
    ).all()
    for case, person in rows:
        fields: dict[str, Any] = {
            "channel": "call",
            "party": "relative",
            "related_person_id": person.id,
            "phone_number": person.phone,
            "at": dt.datetime.combine(day, dt.time(10, 0), SHANGHAI),
            "outcome": "connected",
        }
        agent = s.get(User, case.assigned_agent_id)
        if check_contact(s, agent, case.case_no, **fields).kind is VerdictKind.NEEDS_OVERRIDE:
            return agent, case.case_no, fields
    raise AssertionError("the demo office has no call to a relative that needs an override")


def _open_complaint(s: Any, *, pausing: bool = False) -> str:
    query = select(Complaint.complaint_no).where(
        Complaint.status.in_([ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING])
    )
    if pausing:
        query = query.where(Complaint.pauses_contact, Complaint.pause_lifted_at.is_(None))
    number = s.scalar(query.order_by(Complaint.id).limit(1))
    assert number, "the demo office has no open complaint"
    return number


# --- the use cases: each takes (session, actor) and does one allowed-looking thing ------------


def _add_user(s: Any, actor: User) -> None:
    from app.auth import add_user

    add_user(s, actor, "newcomer", "agent", "newcomer-pass")


def _assign(s: Any, actor: User) -> None:
    from app.cases.assignment import assign_cases

    assign_cases(s, actor, [_open_case(s).case_no], _qualified_agent(s).username)


def _rebuild(s: Any, actor: User) -> None:
    from app.cases.rebuild import rebuild_queue

    rebuild_queue(s, actor, loan_ids=[_open_case(s).loan_id])


def _payment(s: Any, actor: User) -> None:
    from app.cases.payments import record_payment

    # An active loan of one of the actor's cases: an agent posts only to those.
    loans = select(Loan.loan_no).where(Loan.status == LoanStatus.ACTIVE)
    if actor.role is Role.AGENT:
        loans = loans.join(Case, Case.loan_id == Loan.id).where(Case.assigned_agent_id == actor.id)
    loan_no = s.scalar(loans.limit(1))
    record_payment(s, actor, loan_no, 10_000, office_today() - dt.timedelta(days=1))


def _training(s: Any, actor: User) -> None:
    from app.training.records import record_training

    course = s.scalar(select(Course).order_by(Course.id).limit(1))
    agent = _qualified_agent(s)
    record_training(s, actor, agent, course, taken_on=office_today(), score=95)


def _parameters(s: Any, actor: User) -> None:
    from app.compliance.versions import change_parameters

    change_parameters(s, actor, "quiet_hours", {"end": "07:30", "enabled": True})


def _reveal(s: Any, actor: User) -> None:
    from app.privacy import reveal

    borrower_id = s.scalar(select(Borrower.id).order_by(Borrower.id).limit(1))
    reveal(s, actor, borrower_id, "phones", "the borrower disputes the number we called")


def _override(s: Any, actor: User) -> None:
    """An agent's call to a relative needs an override; the overrider is the role under test."""
    from app.contacts import log_contact

    agent, case_no, fields = _third_party_call(s)
    result = log_contact(
        s,
        agent,
        case_no,
        override_by=actor,
        override_reason="The borrower's own number has been dead for weeks",
        **fields,
    )
    assert result.saved, result.verdict


def _resolve(s: Any, actor: User) -> None:
    from app.complaints import resolve_complaint

    resolve_complaint(s, actor, _open_complaint(s), "Explained the charges", upheld=False)


def _lift(s: Any, actor: User) -> None:
    from app.complaints import lift_pause

    lift_pause(s, actor, _open_complaint(s, pausing=True), "The borrower asked us to call back")


def _roster(s: Any, actor: User) -> None:
    from app.training.roster import roster_data

    roster_data(s, actor, settings.as_of(s))


def _audit(s: Any, actor: User) -> None:
    from app.queries.audit_log import audit_ids

    assert audit_ids(s, actor)


def _reset(s: Any, actor: User) -> None:
    from app.accounts import reset_password

    reset_password(s, actor, "agent02", "a-new-password")


def _flags(s: Any, actor: User) -> None:
    from app.borrowers import update_borrower_flags

    borrower = s.scalar(select(Borrower).order_by(Borrower.id).limit(1))
    update_borrower_flags(
        s, actor, borrower.borrower_no, expected_version=borrower.version, vulnerable=True
    )


def _lift_flag(s: Any, actor: User) -> None:
    from app.borrowers import update_borrower_flags

    borrower = s.scalar(select(Borrower).order_by(Borrower.id).limit(1))
    borrower.vulnerable = True
    s.flush()
    update_borrower_flags(
        s,
        actor,
        borrower.borrower_no,
        expected_version=borrower.version,
        note="The borrower's daughter says he is well again.",
        vulnerable=False,
    )


def _import(s: Any, actor: User) -> None:
    import tempfile
    from pathlib import Path

    from app.importer import import_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "b.csv"
        path.write_text("借款人编号,姓名,身份证号,手机号\n", encoding="utf-8")
        import_file(s, actor, "borrowers", path, dry_run=True)


def _legal(s: Any, actor: User) -> None:
    from app.loans.closure import LEGAL, closure_state, decide

    for case in s.scalars(
        select(Case)
        .where(Case.status != CaseStatus.CLOSED, Case.bucket == "180+")
        .order_by(Case.id)
    ):
        if not closure_state(s, actor, case.case_no).open_work:
            decide(s, actor, case.case_no, LEGAL, "委托律师事务所起诉")
            return
    raise AssertionError("the demo office has no 180+ case free of agreements and visits")


def _retention(s: Any, actor: User) -> None:
    from app.retention import retention_listing

    retention_listing(s, actor, listed=False)


def _copy(s: Any, actor: User) -> None:
    from app.access_copy import gather_copy

    gather_copy(s, actor, s.scalar(select(Borrower.borrower_no).limit(1)))


def _case_note(s: Any, actor: User) -> None:
    from app.case_notes import add_case_note

    mine = Case.assigned_agent_id == actor.id  # an agent writes on their own cases
    case = s.scalars(select(Case).where(mine).order_by(Case.id).limit(1)).first()
    add_case_note(s, actor, (case or _open_case(s)).case_no, "Sister says he works in Shenzhen")


def _erase(s: Any, actor: User) -> None:
    from app.erasure import erase_borrower, erasure_refusal
    from app.retention import past_retention, retention_rule

    rule, today = retention_rule(s), office_today()
    for past in past_retention(s).cases:
        borrower = s.scalar(select(Borrower).join(Loan).join(Case).where(Case.id == past.case_id))
        if erasure_refusal(s, borrower, rule, today) is None:
            erase_borrower(s, actor, borrower.borrower_no)
            return
    raise AssertionError("the demo office has no borrower past their retention")


def _confirm_clock(s: Any, actor: User) -> None:
    from app import audit
    from app.clock_right import confirm_clock

    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)  # work dated by a clock ahead
    audit.record(s, None, "setting.change", "setting", "clock.check", {"at": "x"}, at=ahead)
    confirm_clock(s, actor, "The other computer's clock was two days ahead")


USE_CASES: dict[str, tuple[Permission, Callable[[Any, User], None]]] = {
    "add_user": (Permission.MANAGE_USERS, _add_user),
    "assign_cases": (Permission.ASSIGN_CASES, _assign),
    "rebuild_queue": (Permission.REBUILD_QUEUE, _rebuild),
    "record_payment": (Permission.POST_PAYMENTS, _payment),
    "record_training": (Permission.EDIT_TRAINING, _training),
    "change_parameters": (Permission.EDIT_RULESET, _parameters),
    "reveal": (Permission.REVEAL_PERSONAL_DATA, _reveal),
    "log_contact override": (Permission.OVERRIDE_RULES, _override),
    "resolve_complaint": (Permission.HANDLE_COMPLAINTS, _resolve),
    "lift_pause": (Permission.HANDLE_COMPLAINTS, _lift),
    "roster_data": (Permission.PRINT_TRAINING_ROSTER, _roster),
    "verify_chain (audit_ids)": (Permission.VIEW_AUDIT, _audit),
    "reset_password": (Permission.MANAGE_USERS, _reset),
    "update_borrower_flags": (Permission.RECORD_STOP_REQUESTS, _flags),
    "lift_borrower_flag": (Permission.EDIT_BORROWERS, _lift_flag),
    "import_file": (Permission.IMPORT_DATA, _import),
    "decide (send to legal)": (Permission.CLOSE_LOANS, _legal),
    "retention_listing": (Permission.LIST_RETENTION, _retention),
    "erase_borrower": (Permission.ERASE_PERSONAL_DATA, _erase),
    "gather_copy": (Permission.COPY_PERSONAL_DATA, _copy),
    "add_case_note": (Permission.ADD_CASE_NOTES, _case_note),
    "confirm_clock": (Permission.CONFIRM_CLOCK, _confirm_clock),
}


@pytest.mark.parametrize("role", list(ACTORS), ids=lambda r: r.value)
@pytest.mark.parametrize("name", list(USE_CASES))
def test_role_matrix(demo_db, name: str, role: Role) -> None:
    permission, use_case = USE_CASES[name]
    allowed = role in PERMISSIONS[permission]
    session = demo_db.sessions()
    try:
        actor = session.scalar(select(User).where(User.username == ACTORS[role]))
        assert actor is not None and actor.role is role
        if allowed:
            use_case(session, actor)  # no PermissionDenied (nor anything else)
        else:
            with pytest.raises(PermissionDenied, match=PERMISSION_WORDS[permission]):
                use_case(session, actor)
    finally:
        session.rollback()
        session.close()


def test_permissions_cover_every_permission() -> None:
    assert set(PERMISSIONS) == set(Permission)
    for permission, roles in PERMISSIONS.items():
        assert roles and roles <= set(Role), permission
        assert Role.ADMIN in roles, permission  # nothing an admin cannot do


def test_new_permissions_are_in_the_matrix() -> None:
    assert Permission.EDIT_BORROWERS in {p for p, _ in USE_CASES.values()}
    assert PERMISSIONS[Permission.EDIT_BORROWERS] == {Role.SUPERVISOR, Role.ADMIN}
    assert Permission.RECORD_STOP_REQUESTS in {p for p, _ in USE_CASES.values()}


def test_a_refusal_names_the_role_and_what_it_may_not_do_in_words() -> None:
    """Not `agent01 (agent) may not do this: handle_complaints`: the role and the permission in
    the reader's language, whichever language the refusal was raised in."""
    from app.auth import require
    from app.errors import PermissionDenied
    from app.i18n import tr
    from app.models import Role, User
    from app.roles import PERMISSION_WORDS, Permission

    assert set(PERMISSION_WORDS) == set(Permission)
    for words in PERMISSION_WORDS.values():
        assert tr(words, "zh_CN") != words, words  # each has Chinese
    agent = User(username="agent01", display_name="赵敏", role=Role.AGENT, active=True)
    with pytest.raises(PermissionDenied) as refused:
        require(agent, Permission.HANDLE_COMPLAINTS)
    assert refused.value.translated("en") == (
        "agent01 (Agent) may not handle complaints; ask a supervisor or an admin."
    )
    assert refused.value.translated("zh_CN") == "agent01（催收员）无权处理投诉，请找主管或管理员。"


def test_a_refusal_says_whom_to_ask() -> None:
    """Supervisors' work names a supervisor or an admin, the admin's own work an admin; an
    account switched off is told only that it may not."""
    from app.auth import require
    from app.errors import PermissionDenied
    from app.models import Role, User
    from app.roles import Permission

    supervisor = User(username="lin", display_name="林", role=Role.SUPERVISOR, active=True)
    with pytest.raises(PermissionDenied) as refused:
        require(supervisor, Permission.EXPORT_AUDIT)
    assert refused.value.translated("en") == (
        "lin (Supervisor) may not export the audit trail; ask an admin."
    )
    assert refused.value.translated("zh_CN") == "lin（主管）无权导出审计日志，请找管理员。"
    gone = User(username="old", display_name="旧", role=Role.AGENT, active=False)
    with pytest.raises(PermissionDenied) as refused:
        require(gone, Permission.RECORD_CONTACTS)
    # A deactivated account is told so, not that its role may not (QA s47 M-1).
    assert refused.value.translated("en") == (
        "The account old was deactivated by an admin and may do nothing more; ask an admin to "
        "activate it again."
    )
