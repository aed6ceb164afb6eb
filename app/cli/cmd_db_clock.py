"""`casedesk db confirm-clock --reason TEXT`: an admin confirms this computer's clock right while
the office's last work is dated later, by a computer whose clock was ahead (app/clock_right.py)."""

from __future__ import annotations

import argparse

from app.cli.common import (
    add_acting_options,
    add_decision_reason,
    credentials,
    log_in,
    opened,
    out,
    print_json,
)
from app.i18n import tr
from app.models import User


def register_confirm_clock(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "confirm-clock",
        help=tr("confirm this computer's clock right when the last work is dated ahead (admin)"),
        description=tr(
            "Confirm that this computer's clock is right although the office's last recorded "
            "work is dated later: that work was recorded on a computer whose clock was ahead. "
            "The daily backup and the day's queue rebuild then go on by this clock; a clock set "
            "back later is still warned of. Audited with the reason."
        ),
    )
    add_decision_reason(parser)
    add_acting_options(parser, json=True)
    parser.set_defaults(func=run_confirm_clock)


def run_confirm_clock(args: argparse.Namespace) -> int:
    from app.clock_right import confirm_clock

    with opened(args) as database:
        name, password = credentials(args)  # no clock warning first: this answers it
        actor = log_in(database, name, password)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            done = confirm_clock(session, user, args.reason)
    if args.json:
        print_json({"computer": done.computer.isoformat(), "last_work": done.last_work.isoformat()})
    else:
        out(done.message())
    return 0
