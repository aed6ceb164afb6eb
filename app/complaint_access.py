"""Who may see a complaint and act on it: the rules app.complaints' use cases keep, and those the
detail pane (app.complaint_detail) and the investigator dialog ask before they offer an action."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import Permission, can, require
from app.errors import CasedeskError, NotFound, PermissionDenied, ValidationError
from app.models import AuditEntry, Case, Complaint, ComplaintStatus, User
from app.typed_number import number_key
from app.user_names import person

OPEN = (ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING)


def find_complaint(session: Session, complaint_no: str) -> Complaint:
    complaint = session.scalar(
        select(Complaint).where(Complaint.complaint_no == number_key(complaint_no))
    )
    if complaint is None:
        raise NotFound("Unknown complaint {number}.", number=complaint_no)
    return complaint


def case_of(session: Session, complaint: Complaint) -> Case | None:
    return session.get(Case, complaint.case_id) if complaint.case_id is not None else None


def act_refusal(session: Session, user: User, complaint: Complaint) -> PermissionDenied | None:
    """Agents act only on complaints on the cases assigned to them (find_case's rule);
    supervisors and admins on every complaint."""
    if can(user, Permission.VIEW_ALL_CASES):
        return None
    case = case_of(session, complaint)
    if case is not None and case.assigned_agent_id == user.id:
        return None
    return PermissionDenied(
        "{user} may act only on complaints about the cases assigned to them; {number} is not "
        "one of them.",
        user=user.username,
        number=complaint.complaint_no,
    )


def handle_refusal(user: User, complaint: Complaint) -> PermissionDenied | None:
    """Why `user` may not name the investigator, resolve the complaint or lift its pause: it is
    against them (a supervisor too: another one handles it). None when they may."""
    if complaint.agent_id is not None and complaint.agent_id == user.id:
        return PermissionDenied(
            "{user} is the subject of complaint {number}; another supervisor handles it.",
            user=user.username,
            number=complaint.complaint_no,
        )
    return None


def note_refusal(session: Session, user: User, complaint: Complaint) -> CasedeskError | None:
    """Why `user` may not add a note to the complaint, or None when they may: it is open, it is
    not against them, and an agent holds its case."""
    if complaint.status not in OPEN:
        return ValidationError("Complaint {number} is closed.", number=complaint.complaint_no)
    if complaint.agent_id is not None and complaint.agent_id == user.id:
        return PermissionDenied(
            "{user} is the subject of complaint {number} and cannot add notes to it.",
            user=user.username,
            number=complaint.complaint_no,
        )
    return act_refusal(session, user, complaint)


def investigator_refusal(
    session: Session, investigator: User, complaint: Complaint
) -> ValidationError | None:
    """Why `investigator` may not investigate the complaint, or None: it is not against them,
    and they may note it (an agent only on a case assigned to them)."""
    if complaint.agent_id == investigator.id:
        return ValidationError(
            "{user} is the subject of complaint {number} and cannot investigate it.",
            user=investigator.username,
            number=complaint.complaint_no,
        )
    if act_refusal(session, investigator, complaint) is not None:
        if complaint.case_id is None:  # about an agent alone: no case to hold (found by QA)
            return ValidationError(
                "Complaint {number} concerns no case, so only a supervisor or an admin can "
                "investigate it; {user} cannot.",
                user=investigator.username,
                number=complaint.complaint_no,
            )
        return ValidationError(
            "{user} may not see the case of complaint {number} and cannot investigate it.",
            user=investigator.username,
            number=complaint.complaint_no,
        )
    return None


def investigators(session: Session, numbers: list[str]) -> dict[str, str]:
    """Who investigates each of these complaints (display name), by complaint number: the last
    investigator named, as the detail reads it from the audit trail (complaint.assign)."""
    if not numbers:
        return {}
    wanted = set(numbers)
    named: dict[str, str] = {}
    for number, changes in session.execute(
        select(AuditEntry.entity_id, AuditEntry.changes)
        .where(AuditEntry.entity == "complaint", AuditEntry.action == "complaint.assign")
        .order_by(AuditEntry.id)
    ):
        if number in wanted and (changes or {}).get("investigator"):
            named[number] = changes["investigator"]
    names = dict(
        session.execute(
            select(User.username, User.display_name).where(User.username.in_(set(named.values())))
        ).all()
    )
    return {number: names.get(who) or who for number, who in named.items()}


def investigator_choices(session: Session, actor: User, complaint_no: str) -> list[tuple[str, str]]:
    """(user name, "name (user name)") of the active users who may investigate the complaint."""
    require(actor, Permission.HANDLE_COMPLAINTS)
    complaint = find_complaint(session, complaint_no)
    users = session.scalars(select(User).where(User.active).order_by(User.display_name, User.id))
    return [
        (u.username, person(u.display_name, u.username))
        for u in users
        if investigator_refusal(session, u, complaint) is None
    ]
