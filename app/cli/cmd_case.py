"""`casedesk case show`: the whole story of one case, with the ids a contact with a related
person is logged by. (`case close|…` are in cmd_closure.py; the parser is built in cmd_queue.py.)"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import zoneinfo
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from app.cli.common import acting_user, opened, out, print_json
from app.cli.table import printable, table
from app.i18n import plural, tr
from app.labels import CASE_STATUS, CLOSED_AS, RELATION, label
from app.money import fmt

if TYPE_CHECKING:
    from app.contacts_standing import Standing
    from app.queries.case_page import CaseDetail


def _jsonable(value: Any) -> Any:
    """The case's detail as JSON values: a set as a sorted list and an enum as its value, not
    Python's text for them (found by QA: the borrower's "agents" read "frozenset({4})")."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value  # dates and times as print_json writes them (str: "2026-05-03 08:15:00+00:00")


def _say(line: str = "") -> None:
    """One line of the story; what people typed in it (notes, names) cannot break the line or
    send the terminal an escape sequence."""
    out(printable(line))


def _people(people: list[Any], standing: Mapping[int, Standing]) -> list[str]:
    """The related persons with the `--party` and `--person` a contact with each is logged by,
    and what the rule set says of contacting them (the case page's column)."""
    if not people:
        return [tr("Related persons: none.")]
    rows: list[tuple[object, ...]] = [
        ("--person", "--party", tr("Name"), tr("Relation"), tr("Phone"), tr("May be contacted"))
    ]
    for p in people:
        said = standing.get(p.person_id)
        rows.append(
            (
                p.person_id,
                p.party,
                p.name,
                label(RELATION, p.relation),
                p.phone or "—",
                said.answer() if said is not None else "—",
            )
        )
    heading = tr("Related persons (to log a contact with one, give its --party and --person):")
    return [heading, *("    " + line for line in table(rows))]


def _figures(d: CaseDetail) -> str:
    """Days past due and what is overdue; a written-off case has none, its loan still owes (the
    case page says the same), so not "0 days past due, overdue 0.00"."""
    if d.close_reason == "written_off":
        return tr(
            "Written off; the loan still owes {amount}.",
            amount=fmt(d.loan.outstanding),
        )
    return plural(
        d.dpd,
        "As of {date}: {dpd} day past due ({bucket}), overdue {amount} "
        "(principal {p}, interest {i}, fees {f}).",
        "As of {date}: {dpd} days past due ({bucket}), overdue {amount} "
        "(principal {p}, interest {i}, fees {f}).",
        date=d.as_of.isoformat(),
        dpd=d.dpd,
        bucket=d.bucket or "—",
        amount=fmt(d.amount_overdue),
        p=fmt(d.overdue_principal),
        i=fmt(d.overdue_interest),
        f=fmt(d.overdue_fee),
    )


def run_case_show(args: argparse.Namespace) -> int:
    from app.contacts_standing import may_contact
    from app.queries.case_page import case_detail

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            d = case_detail(session, actor, args.case_no)
            standing = may_contact(session, d.id)
    if args.json:
        print_json(_jsonable(d))
        return 0
    status = label(CASE_STATUS, d.status)
    if d.close_reason:  # "Closed — Written off", as the case page says it
        status += " — " + label(CLOSED_AS, d.close_reason)
    who = (d.borrower.title(), d.borrower.masked_id)  # once erased, when in place of the name
    _say("  ".join([d.case_no, status, *(part for part in who if part)]))
    if d.legal_note:  # in legal under an agreement, or back there after its breach
        _say(d.legal_note)
    if d.visit_note:  # its booked visit's time passed with no check-in, or its team is gone
        _say(d.visit_note)
    _say(
        tr(
            "Loan {loan_no}; opened {opened}; agent {agent}.",
            loan_no=d.loan.loan_no,
            opened=d.opened_on.isoformat(),
            agent=d.agent or "—",
        )
    )
    _say(_figures(d))
    _say(tr("Score {score}:", score=d.score))
    for factor in d.breakdown:
        _say(f"    {factor.points:>4}  {factor.label}")
        if factor.note:  # how it is reckoned, where its name does not say it
            _say(f"          {factor.note}")
    if d.queue_place:  # waiting for its next action's day: below the cases due now
        _say(d.queue_place)
    if d.borrower.erased_on is None:  # once erased, no one to contact and no names to list
        for line in _people(d.related_people, standing):
            _say(line)
    _say(tr("Timeline:"))
    office_tz = zoneinfo.ZoneInfo(d.timezone)
    for item in d.timeline:
        _say(f"    {item.when(office_tz):<16}  {item.title}  {item.detail}".rstrip())
    return 0
