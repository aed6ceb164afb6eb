"""`payment post` of a payment that needs a word before it is posted, as the Post payment dialog
says it: one that would complete a settlement agreement (the agreement completes, the loan
settles, the rest is waived), and one that is more than the loan owes in all (an extra zero
typed by mistake; the rest would be kept as credit). A waiver or an overpayment is asked about
([y/N], No the default); a run that cannot be asked (a script, a pipe) posts it only with --yes.
A posted payment cannot be taken back."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from app.cli import common
from app.cli.common import out
from app.errors import ValidationError
from app.i18n import tr
from app.models import User


def confirmed(
    args: argparse.Namespace, database: Any, actor: User, amount: int, paid_on: dt.date
) -> bool:
    """False when the user declined; True when nothing needs asking or they agreed."""
    from app.cases.overpaying import overpaying
    from app.cases.payments import payment_settles

    with database.sessions() as session:
        actor = session.get_one(User, actor.id)
        found = payment_settles(session, actor, args.loan_no, amount, paid_on)
        over = overpaying(session, actor, args.loan_no, amount, paid_on)
    if found is not None:
        out(found.words())
        # nothing waived: said, not asked (as the window does)
        if found.waived and not _agreed(args, tr("Post this payment? [y/N] ")):
            return False
    if over is not None:
        out(over.words())
        return _agreed(args, f"{over.question()} [y/N] ")
    return True


def _agreed(args: argparse.Namespace, prompt: str) -> bool:
    """True with --yes or a yes typed at the terminal; a run that cannot be asked is refused."""
    if args.yes:
        return True
    if not common.interactive():  # looked up when called: a test plays the person
        raise ValidationError(
            "Not posting without confirmation: run it in a terminal, or add --yes."
        )
    answer = input(prompt)
    if answer.strip().lower() in ("y", "yes", "是"):
        return True
    out(tr("Cancelled; nothing was changed."))
    return False
