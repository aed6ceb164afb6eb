"""`casedesk borrower copy BORROWER_NO -o FILE.pdf|FILE.xlsx --reason T`: the borrower's copy of
everything the office holds about them, in the language of --lang, for a written reason, audited
(app/access_copy_file.py). The file cites the office's law (app/access_law.py); the help, said
before the office is opened, names none."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import acting_user, add_acting_options, opened, out, print_json
from app.cli.output import check_output
from app.i18n import current_language, tr


def register_copy(sub: argparse._SubParsersAction) -> None:
    copy = sub.add_parser(
        "copy",
        help=tr("a copy of everything the office holds about the borrower, for them"),
        description=tr(
            "Write a copy of everything the office holds about the borrower (identity, loans, "
            "cases, contacts, promises, visits, agreements, complaints, stop flags and "
            "consents) to a PDF or an XLSX file, in the language of --lang, for a written "
            "reason (supervisor and admin); the file holds their personal data in full and is "
            "kept in the audit trail. Refused for a borrower whose data were erased."
        ),
        epilog=tr(
            "The copy opens with the law under which it is given: the law of the office's "
            "country, where one gives the borrower this right."
        ),
    )
    copy.add_argument("borrower_no", metavar="BORROWER_NO")
    copy.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf|FILE.xlsx")
    copy.add_argument(
        "--reason",
        metavar="T",
        required=True,
        help=tr("who asked for the copy, and when (kept in the audit trail)"),
    )
    copy.add_argument("--force", action="store_true", help=tr("replace the file if it exists"))
    add_acting_options(copy, json=True)
    copy.set_defaults(func=run_copy)


def run_copy(args: argparse.Namespace) -> int:
    from app.access_copy_file import copy_format, copy_reason, write_copy

    copy_format(args.output)  # said before the password is asked
    copy_reason(args.reason)
    path = check_output(args)  # a file already there is kept unless --force
    with opened(args) as database:
        actor = acting_user(args, database)
        done = write_copy(
            database.sessions, actor, args.borrower_no, path, args.reason, current_language()
        )
    if args.json:
        print_json(
            {
                "borrower": done.borrower_no,
                "file": str(done.path),
                "format": done.format,
                "language": done.language,
                "rows": done.rows,
            }
        )
        return 0
    out(tr("Wrote {path}.", path=str(done.path)))
    out(tr("The file holds full personal data; keep it safe and delete it after use."))
    return 0
