"""`casedesk agreement approve|sign|cancel|print`: an agreement's steps after its draft, and its
paper (the acting side of cmd_agreement)."""

from __future__ import annotations

import argparse

from app.cli.common import acting_user, opened, out
from app.cli.output import check_output
from app.i18n import tr
from app.labels import AGREEMENT_STATUS, label
from app.models import User
from app.office import office_today
from app.tabular import parse_date
from app.typed_number import number_key


def _act(args: argparse.Namespace, action: str) -> tuple[str, bool]:
    from app.agreements import approve, cancel, sign
    from app.agreements.readiness import made_ready
    from app.agreements.sign_first import NotApprovedYet
    from app.cli.agreement_next_step import sign_first

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            if action == "approve":
                agreement = approve(session, user, args.agreement_no)
            elif action == "sign":
                on = parse_date(args.on) if args.on else office_today(session)
                try:
                    agreement = sign(session, user, args.agreement_no, on)
                except NotApprovedYet as refused:  # a draft: say the command that comes first
                    raise sign_first(refused) from None
            else:
                agreement = cancel(session, user, args.agreement_no, args.reason)
            session.refresh(agreement)
            # Made ready by its drafter, not approved by a supervisor: said as the window says it.
            ready = action == "approve" and made_ready(
                agreement.approved_by_id, agreement.drafted_by_id, user.role
            )
            return label(AGREEMENT_STATUS, agreement.status), ready


def run_approve(args: argparse.Namespace) -> int:
    (status, ready), number = _act(args, "approve"), number_key(args.agreement_no)
    if ready:
        out(
            tr(
                "Agreement {number} is ready for signing: print it for both parties to sign.",
                number=number,
            )
        )
        return 0
    out(tr("Agreement {number} is now {status}.", number=number, status=status))
    return 0


def run_sign(args: argparse.Namespace) -> int:
    (status, _ready), number = _act(args, "sign"), number_key(args.agreement_no)
    out(tr("Agreement {number} is now {status}.", number=number, status=status))
    return 0


def run_cancel(args: argparse.Namespace) -> int:
    (status, _ready), number = _act(args, "cancel"), number_key(args.agreement_no)
    out(tr("Agreement {number} is now {status}.", number=number, status=status))
    return 0


def run_print(args: argparse.Namespace) -> int:
    from app.agreements import write_agreement
    from app.agreements.document import NotSignedYet
    from app.auth import Permission, can
    from app.cli.agreement_next_step import not_signed_yet
    from app.office_printed import missing_notice

    output = check_output(args)  # a signed copy already there is kept unless --force
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            try:
                write_agreement(session, user, args.agreement_no, output, as_signed=args.signed)
            except NotSignedYet as refused:
                may_approve = can(user, Permission.APPROVE_AGREEMENTS)
                raise not_signed_yet(refused, may_approve) from None
        with database.sessions() as session:  # the print's own transaction has ended
            user = session.get(User, actor.id)
            assert user is not None
            notice = missing_notice(session, user, "agreements")
    out(tr("Wrote {path}.", path=str(args.output)))
    if notice:  # printed all the same: the blanks are lines to fill in by hand
        out(notice)
    return 0
