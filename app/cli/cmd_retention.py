"""`casedesk rules retention`: the closed cases past their records retention (a listing for a
supervisor or admin; the case records are never deleted), and with `--erase CASE_NO …` the
admin's erasure of those cases' borrowers' personal data (app/erasure.py), after a confirmation
(or --yes)."""

from __future__ import annotations

import argparse
import datetime as dt

from app.cli import common
from app.cli.common import acting_user, add_acting_options, opened, out, print_json
from app.cli.table import table
from app.errors import ValidationError
from app.i18n import current_language, plural, tr
from app.models import User


def register_retention(rsub: argparse._SubParsersAction) -> None:
    retention = rsub.add_parser(
        "retention",
        help=tr("the closed cases past their records retention (supervisor, admin)"),
        description=tr(
            "List the closed cases whose records are past the period the records_retention "
            "rule keeps them; nothing is deleted."
        ),
    )
    retention.add_argument(
        "--erase",
        nargs="+",
        metavar="CASE_NO",
        help=tr(
            "erase the personal data of these cases' borrowers, every record of theirs being "
            "past its retention (admin; cannot be undone)"
        ),
    )
    retention.add_argument("--yes", action="store_true", help=tr("do not ask for confirmation"))
    add_acting_options(retention, json=True)
    retention.set_defaults(func=run_rules_retention)


def run_erase(args: argparse.Namespace) -> int:
    """Erase the borrowers of the cases named, each in a transaction of their own; 1 when one
    was refused (the others are erased), 0 when all were."""
    from app.auth import Permission, require
    from app.erasure import backups_hold, borrowers_of_cases, erase_each

    with opened(args) as database:
        actor = acting_user(args, database)  # the password, typed again for this command
        require(actor, Permission.ERASE_PERSONAL_DATA)
        with database.session() as session:
            numbers = borrowers_of_cases(session, args.erase, not_erased=True)
            kept = backups_hold(session)
        if not numbers:
            out(tr("Nothing to erase: the borrowers of these cases were erased already."))
            return 0
        if not args.yes:
            if not common.interactive():  # looked up here: a test stands a person there
                raise ValidationError(
                    "Not erasing without confirmation: run it in a terminal, or add --yes."
                )
            out(kept)
            answer = input(
                plural(
                    len(numbers),
                    "Erase the personal data of {count} borrower ({numbers})? This cannot be "
                    "undone. [y/N] ",
                    "Erase the personal data of {count} borrowers ({numbers})? This cannot be "
                    "undone. [y/N] ",
                    numbers=", ".join(numbers),
                )
            )
            if answer.strip().lower() not in ("y", "yes", "是"):
                out(tr("Cancelled; nothing was changed."))
                return 1
        run = erase_each(lambda: database.session(write_lock=True), actor.id, numbers)
    for erased in run.erased:
        out(
            tr(
                "Personal data of borrower {number} erased (cases {cases}).",
                number=erased.borrower_no,
                cases=", ".join(erased.case_nos),
            )
        )
    for _number, error in run.refused:
        out(error.translated())
    if run.erased:
        out(kept)
    return 1 if run.refused else 0


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def run_rules_retention(args: argparse.Namespace) -> int:
    from app.erased import case_borrowers
    from app.retention import retention_listing
    from app.retention_erasable import active_loans, personal_data_words

    if args.erase:
        return run_erase(args)

    lang = current_language()
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            found = retention_listing(session, session.get_one(User, actor.id))
            ids = [c.case_id for c in found.cases]
            borrowers, kept = case_borrowers(session, ids), active_loans(session, ids)
    if args.json:
        rule = found.rule
        print_json(
            {
                "today": found.today.isoformat(),
                "rule": None
                if rule is None
                else {
                    "ruleset": rule.ruleset,
                    "years": rule.years,
                    "counted_from": rule.counted_from,
                    "citation": rule.citation_in(lang),
                },
                "cases": [
                    {
                        "case_no": c.case_no,
                        "closed_on": c.closed_on.isoformat() if c.closed_on else None,
                        "last_activity": c.last_activity.isoformat(),
                        "kept_until": c.kept_until.isoformat() if c.kept_until else None,
                        "borrower_no": borrowers[c.case_id][0],
                        "erased_on": _iso(borrowers[c.case_id][1]),
                        "kept_by_loan": kept[c.case_id][0] if c.case_id in kept else None,
                    }
                    for c in found.cases
                ],
            }
        )
        return 0
    out(found.text(lang))
    if found.cases:
        rows = [
            (
                tr("Case"),
                tr("Closed on"),
                tr("Last activity"),
                tr("Kept until"),
                tr("Borrower no."),
                tr("Personal data"),
            )
        ]
        rows += [
            (
                c.case_no,
                str(c.closed_on),
                c.last_activity.isoformat(),
                str(c.kept_until),
                borrowers[c.case_id][0],
                personal_data_words(borrowers[c.case_id][1], kept.get(c.case_id), lang),
            )
            for c in found.cases
        ]
        for line in table(rows):
            out("  " + line)
    if found.rule is not None:
        out(tr("Citation: {citation}", citation=found.rule.citation_in(lang)))
    return 0
