"""`casedesk agreement show|list`: one agreement with its plan, and the list (the reading side of
cmd_agreement)."""

from __future__ import annotations

import argparse
from typing import Any

from app.agreements.outcome import ENDINGS
from app.agreements.readiness import status_words
from app.agreements.waived import terms_words
from app.cli.common import acting_user, opened, out, print_json
from app.cli.table import printable, table
from app.i18n import plural, tr
from app.labels import AGREEMENT_INSTALMENT_STATUS, AGREEMENT_KIND, label
from app.models import User
from app.money import fmt


def find_detail(session: Any, user: User, number: str) -> Any:
    from app.agreements import agreement_detail

    return agreement_detail(session, user, number)


def print_detail(detail: Any) -> None:
    r = detail.row
    out(
        tr(
            "{number} · {kind} · {status} · case {case} · loan {loan} · {borrower}",
            number=r.agreement_no,
            kind=label(AGREEMENT_KIND, r.kind),
            status=status_words(r.status, r.ready),
            case=r.case_no,
            loan=r.loan_no,
            borrower=r.borrower,
        )
    )
    out(terms_words(r.debt, r.settled, r.waiver, detail.waived))
    if detail.lapse is not None:  # a draft again since a lowered threshold: who, when
        out(detail.lapse.words())
    if detail.needs_supervisor and r.status == "draft":
        out(tr("The waiver is above the office's threshold: a supervisor must approve it."))
    if r.ended_on is not None and r.status in ENDINGS:
        out(tr(ENDINGS[r.status], date=f"{r.ended_on:%Y-%m-%d}"))
    if detail.legal_note:
        out(detail.legal_note)
    if detail.supersedes:
        out(tr("Supersedes {number}.", number=detail.supersedes))
    if detail.cancel_reason:
        out(tr("Cancelled: {reason}", reason=printable(detail.cancel_reason)))
    if detail.stated_reason:
        out(tr("Stated reason: {text}", text=printable(detail.stated_reason)))
    if detail.stated_capacity:
        out(tr("Stated capacity: {text}", text=printable(detail.stated_capacity)))
    rows: list[tuple[object, ...]] = [
        (tr("No."), tr("Due date"), tr("Amount"), tr("Paid"), tr("Status"))
    ]
    rows += [
        (
            p.seq,
            f"{p.due_on:%Y-%m-%d}",
            fmt(p.amount),
            fmt(p.paid),
            label(AGREEMENT_INSTALMENT_STATUS, p.status),
        )
        for p in detail.plan
    ]
    rows.append((tr("Total"), "", fmt(sum(p.amount for p in detail.plan))))
    for line in table(rows, align="><>><"):
        out(line)


def run_show(args: argparse.Namespace) -> int:
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            detail = find_detail(session, actor, args.agreement_no)
    if args.json:
        print_json(detail.as_json())
    else:
        print_detail(detail)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from app.agreements import list_agreements

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            rows = list_agreements(session, actor, status=args.status, case_no=args.case)
    if args.json:
        print_json(
            [
                {
                    "agreement_no": r.agreement_no,
                    "case_no": r.case_no,
                    "loan_no": r.loan_no,
                    "borrower": r.borrower,
                    "kind": r.kind,
                    "status": r.status,
                    "ready_for_signing": r.ready,
                    "debt": r.debt,
                    "settled": r.settled,
                    "waiver": r.waiver,
                    "instalments": r.instalments,
                    "next_due": r.next_due.isoformat() if r.next_due else None,
                    "drafted_on": r.drafted_on.isoformat(),
                    "signed_on": r.signed_on.isoformat() if r.signed_on else None,
                    "ended_on": r.ended_on.isoformat() if r.ended_on else None,
                }
                for r in rows
            ]
        )
        return 0
    if not rows:
        out(tr("No agreements."))
        return 0
    lines = table(
        [
            (
                r.agreement_no,
                r.case_no,
                r.borrower,
                label(AGREEMENT_KIND, r.kind),
                status_words(r.status, r.ready),
                fmt(r.settled),
                r.next_due or "",
                tr("ended {date}", date=f"{r.ended_on:%Y-%m-%d}") if r.ended_on else "",
            )
            for r in rows
        ],
        align="<<<<<>",
    )
    for line in lines:
        out(line)
    out(plural(len(rows), "{count} agreement.", "{count} agreements."))
    return 0
