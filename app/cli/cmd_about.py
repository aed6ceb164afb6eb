"""`casedesk about [--licences [--text]]`: what Help ▸ About and Help ▸ Third-party licences show
in the window, for a support request or a licence notice."""

from __future__ import annotations

import argparse

from app.cli.common import add_db_option, add_json_option, add_lang_option, out, print_json
from app.cli.table import table
from app.i18n import tr


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "about",
        help=tr("the version, the libraries, the database and the office; third-party licences"),
        description=tr(
            "What Help ▸ About Casedesk shows: the version, the versions of Python, Qt, SQLite, "
            "SQLCipher and ReportLab, the database file and data folder, the office and its rule "
            "set. The office is read with the key this computer keeps; nothing is asked."
        ),
    )
    parser.add_argument(
        "--licences",
        action="store_true",
        help=tr("list the bundled third-party components and their licences"),
    )
    parser.add_argument(
        "--text",
        action="store_true",
        help=tr("with --licences: print every licence's full text too"),
    )
    add_json_option(parser)
    add_db_option(parser)
    add_lang_option(parser)
    parser.set_defaults(func=run_about)


def run_about(args: argparse.Namespace) -> int:
    if args.licences:
        return _licences(args)
    from app.about import as_text, details, target_facts
    from app.workstation import database_target, shown_target

    target = args.db if getattr(args, "db", None) is not None else database_target()
    shown, office = shown_target(target), target_facts(target)
    if args.json:  # keys in English whatever the language: for scripts
        print_json(dict(details(shown, office, lang="en")))
    else:
        out(as_text(details(shown, office)).rstrip("\n"))
    return 0


def _licences(args: argparse.Namespace) -> int:
    from app.licences import components

    found = components()
    if args.json:
        print_json(
            [
                {"name": c.name, "version": c.version, "licence": c.licence}
                | ({"text": c.text} if args.text else {})
                for c in found
            ]
        )
        return 0
    rows: list[list[object]] = [[tr("Component"), tr("Version"), tr("Licence")]]
    rows += [[c.name, c.version or "—", c.licence] for c in found]
    for line in table(rows):
        out(line)
    if args.text:
        for c in found:
            out()
            out("=" * 78)
            out(f"{c.name} {c.version}".strip() + f" — {c.licence}")
            out("=" * 78)
            out(c.text)
    return 0
