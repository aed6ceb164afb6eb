"""What a new office still lacks before its work queue can fill: its own details (which its papers
print), the staff, the agents' training, the loan book. Said where the empty queue is (the window
and `casedesk queue`), each step with who does it and where, until the office holds its first
loan; then an empty queue means nothing is overdue, and says nothing more."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import listed, tr
from app.models import Loan, Role, User
from app.office import office_today
from app.office_printed import PRINTED, PRINTED_NAMES, missing_details


@dataclass(frozen=True)
class FirstStep:
    key: str  # office, staff, training, loans
    done: bool
    text: str  # translated: what to do, who does it, where


def first_steps(session: Session) -> list[FirstStep]:
    """The set-up steps of an office with no loan yet, in order, each done or not; [] once the
    office has a loan."""
    from app.training.status import WorkKind, untrained_for

    if session.scalar(select(Loan.id).limit(1)) is not None:
        return []
    agents = session.scalars(select(User.id).where(User.active, User.role == Role.AGENT)).all()
    today = office_today(session)
    trained = any(untrained_for(session, agent, WorkKind.PHONE, today) is None for agent in agents)
    return _steps(missing_details(session), bool(agents), trained)


def new_office_steps() -> list[FirstStep]:
    """The steps of an office just made, none done: what `casedesk init` tells its admin next."""
    return _steps(list(PRINTED), False, False)


def office_step(missing: list[str]) -> FirstStep:
    """The office's details its papers print, naming those still blank (found walking a new
    lender's first day: the visit sheet said "none on file — ask your supervisor") and the
    command that fills just those."""
    if not missing:
        return FirstStep(
            "office",
            True,
            tr(
                "Fill in the office's details, which the visit sheets and agreements print: "
                "Settings… › Office (supervisor or admin), or casedesk settings set."
            ),
        )
    return FirstStep(
        "office",
        False,
        tr(
            "Fill in the office's details, which the visit sheets and agreements print "
            "(missing: {missing}): Settings… › Office (supervisor or admin), or casedesk "
            "settings set {pairs}.",
            missing=listed([tr(PRINTED_NAMES[key]) for key in missing]),
            pairs=" ".join(f'office.{key}="…"' for key in missing),
        ),
    )


def _steps(missing: list[str], staff: bool, trained: bool) -> list[FirstStep]:
    return [
        office_step(missing),
        FirstStep(
            "staff",
            staff,
            tr(
                "Add the staff, a supervisor and the agents: Users… at the bottom of the window "
                "(admin), or casedesk user add."
            ),
        ),
        FirstStep(
            "training",
            trained,
            tr(
                "Record the agents' training: Agents & training › Add record… (supervisor or "
                "admin), or casedesk training add. An agent without it is given no cases."
            ),
        ),
        FirstStep(
            "loans",
            False,
            tr(
                "Import the loan book: Import data… at the bottom of the window (admin), or "
                "casedesk import — the borrowers, then their loans, then the payments, which "
                "build this queue."
            ),
        ),
    ]


def first_steps_text(steps: list[FirstStep]) -> str:
    """The steps as lines, a done one ticked: ✓ 1. …; '' when there are none."""
    if not steps:
        return ""
    lines = [tr("A new office: its work queue fills once these are done.")]
    lines += [
        f"{'✓' if step.done else '○'} {number}. {step.text}"
        for number, step in enumerate(steps, start=1)
    ]
    return "\n".join(lines)
