"""`payment post` of a payment that would complete a settlement agreement: the terminal says so
(the agreement completes, the loan settles, the rest is waived) and, when something is waived,
asks before posting, as the Post payment dialog does; a run that cannot be asked (a script, a
pipe) posts it only with --yes."""

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
    from app.cases.payments import payment_settles

    with database.sessions() as session:
        found = payment_settles(
            session, session.get_one(User, actor.id), args.loan_no, amount, paid_on
        )
    if found is None:
        return True
    out(found.words())
    if args.yes or not found.waived:  # nothing waived: said, not asked (as the window does)
        return True
    if not common.interactive():  # looked up when called: a test plays the person
        raise ValidationError(
            "Not posting without confirmation: run it in a terminal, or add --yes."
        )
    answer = input(tr("Post this payment? [y/N] "))
    if answer.strip().lower() in ("y", "yes", "是"):
        return True
    out(tr("Cancelled; nothing was changed."))
    return False
