"""The audit trail's Action filter: a stored code, or the part of one before its dot, matches as
a prefix ("contact" → contact.log, contact.blocked); where one stored code reads two or three
ways, each way is a choice of its own that selects exactly the entries read so, and the code
itself those read by its own words. The readings (READINGS), as the Audit page's Action column
tells them (app.audit_labels.action_msgid):
- an `agreement.approve` by the agreement's drafter, or by one who may not approve agreements,
  made it ready for signing (app/agreements/readiness.py): "agreement.ready";
- an entry's detail (AUDIT_ACTION_AS_CHOICE): a `case.assign` handed back to the queue
  ("case.handed_back") or sent back with its deactivated agent ("case.agent_deactivated"), a
  `visit.blocked` that was a move ("visit.move_blocked").
QA: one "Agreement approved", "Case assigned" or "Visit booking blocked by a rule" choice listed
every reading alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session, aliased

from app.agreements.readiness import approval_made_ready_sql
from app.audit_labels import AUDIT_ACTION, AUDIT_ACTION_AS_CHOICE, AUDIT_GROUP
from app.errors import ValidationError
from app.models import Agreement, AuditEntry, User

APPROVE = "agreement.approve"
READY = "agreement.ready"  # the choice: the approvals that made an agreement ready for signing


@dataclass(frozen=True)
class Reading:
    """One way a stored code reads, offered as a choice of its own."""

    choice: str  # the filter's value: "agreement.ready"
    action: str  # the stored code it reads: "agreement.approve"
    entries: Callable[[], ColumnElement[bool]]  # the entries read so (never NULL)


def _made_ready_ids() -> Select[int]:
    """The `agreement.approve` entries that made their agreement ready for signing, told as
    app.queries.audit_log.audit_rows tells them: the entry's user, their role as it is now, the
    agreement's drafter."""
    entry, approver = AuditEntry, aliased(User)
    return (
        select(entry.id)
        .outerjoin(Agreement, Agreement.agreement_no == entry.entity_id)
        .outerjoin(approver, approver.id == entry.user_id)
        .where(
            entry.action == APPROVE,
            approval_made_ready_sql(entry.user_id, Agreement.drafted_by_id, approver.role),
        )
    )


def _made_ready() -> ColumnElement[bool]:
    return AuditEntry.id.in_(_made_ready_ids())


def _detail(action: str, key: str, value: str) -> Callable[[], ColumnElement[bool]]:
    """The entries of `action` whose changes hold `key` = `value` (one without it: never)."""

    def entries() -> ColumnElement[bool]:
        a = AuditEntry
        return and_(a.action == action, func.coalesce(a.changes[key].as_string(), "") == value)

    return entries


READINGS = (
    Reading(READY, APPROVE, _made_ready),
    *(
        Reading(choice, detail[0], _detail(*detail))
        for choice, detail in AUDIT_ACTION_AS_CHOICE.items()
    ),
)
_BY_CHOICE = {reading.choice: reading for reading in READINGS}


def _readings_of(action: str) -> list[Reading]:
    return [reading for reading in READINGS if reading.action == action]


def _own_words(action: str) -> ColumnElement[bool]:
    """The entries of `action` that none of its readings takes: read by the code's own words."""
    taken = [reading.entries() for reading in _readings_of(action)]
    return and_(AuditEntry.action == action, not_(or_(*taken)))


def action_matches(chosen: str) -> ColumnElement[bool]:
    """The entries the Action filter's `chosen` value selects."""
    if chosen in _BY_CHOICE:
        return _BY_CHOICE[chosen].entries()
    if _readings_of(chosen):
        return _own_words(chosen)
    return AuditEntry.action.startswith(chosen, autoescape=True)


def action_choices(session: Session) -> list[str]:
    """Every action in the trail, sorted, for the filter; a code's readings each where the trail
    holds one, right after the code (which is left out when the trail holds none read so)."""
    actions = session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    choices: list[str] = []
    for action in actions:
        readings = _readings_of(action)
        if not readings:
            choices.append(action)
            continue
        offered = [(action, _own_words(action))]
        offered += [(reading.choice, reading.entries()) for reading in readings]
        for choice, where in offered:
            if session.scalar(select(exists(select(AuditEntry.id).where(where)))):
                choices.append(choice)
    return choices


def check_action(session: Session, chosen: str) -> None:
    """Refuse an Action filter no entry could ever match ("nope": it listed "No audit entries
    match" as a filter of an empty result would), listing the choices as the queue's and the
    exports' filters do: the kinds (the part before the dot, each taking all its actions), or,
    for a value of a known kind (contact.nope), that kind's actions. Known: an action code, a
    reading (agreement.ready …), a kind, or a code the trail holds (an older one, unlabelled)."""
    kinds = sorted(AUDIT_GROUP)
    known = {*AUDIT_ACTION, *_BY_CHOICE, *kinds, *(kind + "." for kind in kinds)}
    if chosen in known:
        return
    stored = set(session.scalars(select(AuditEntry.action).distinct()))
    stored_kinds = {action.split(".")[0] for action in stored}
    if chosen in stored or chosen.removesuffix(".") in stored_kinds:
        return
    kind = chosen.split(".")[0]
    if kind in AUDIT_GROUP:
        choices = sorted(
            a for a in {*AUDIT_ACTION, *_BY_CHOICE, *stored} if a.startswith(kind + ".")
        )
        choices = [kind, *choices]
    else:
        choices = kinds
    raise ValidationError(
        "Unknown action {value}; choose one of: {choices}.", value=chosen, choices=choices
    )
