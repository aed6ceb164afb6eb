"""`casedesk rules retention`: the closed cases past their records retention (a listing for a
supervisor or admin; Casedesk deletes nothing)."""

from __future__ import annotations

import argparse

from app.cli.common import acting_user, add_acting_options, opened, out, print_json
from app.cli.table import table
from app.i18n import current_language, tr
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
    add_acting_options(retention, json=True)
    retention.set_defaults(func=run_rules_retention)


def run_rules_retention(args: argparse.Namespace) -> int:
    from app.retention import retention_listing

    lang = current_language()
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            found = retention_listing(session, session.get_one(User, actor.id))
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
                    }
                    for c in found.cases
                ],
            }
        )
        return 0
    out(found.text(lang))
    if found.cases:
        rows = [(tr("Case"), tr("Closed on"), tr("Last activity"), tr("Kept until"))]
        rows += [
            (c.case_no, str(c.closed_on), c.last_activity.isoformat(), str(c.kept_until))
            for c in found.cases
        ]
        for line in table(rows):
            out("  " + line)
    if found.rule is not None:
        out(tr("Citation: {citation}", citation=found.rule.citation_in(lang)))
    return 0
