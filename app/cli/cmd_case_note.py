"""`casedesk case note CASE_NO --text T [--json]`: a note on a case outside any contact
(app/case_notes.py); append-only, a correction is a new note."""

from __future__ import annotations

import argparse

from app.cli.common import acting_user, add_acting_options, opened, out, print_json
from app.i18n import tr
from app.models import User
from app.notes import MAX_NOTES
from app.typed_number import number_key


def register(case_sub: argparse._SubParsersAction) -> None:
    """Add `casedesk case note`."""
    note = case_sub.add_parser(
        "note",
        help=tr("add a note to a case (outside any contact)"),
        description=tr(
            "Add a note to a case, outside any contact attempt: what someone learned about the "
            "borrower or the debt. An agent writes on the cases assigned to them, a supervisor "
            "or admin on any; a closed case takes one too. Notes are never changed or deleted: "
            "a correction is a new note. The case's story (`casedesk case show`) shows each with "
            "its author and time."
        ),
    )
    note.add_argument("case_no", metavar="CASE_NO")
    note.add_argument(
        "--text",
        metavar="T",
        required=True,
        help=tr("the note (at most {max} characters)", max=f"{MAX_NOTES:,}"),
    )
    add_acting_options(note, json=True)
    note.set_defaults(func=run_note)


def run_note(args: argparse.Namespace) -> int:
    from app.case_notes import add_case_note
    from app.office import office_zone
    from app.wall_clock import wall_time

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            note = add_case_note(session, user, args.case_no, args.text)
            session.flush()
            case_no = number_key(args.case_no)
            when = wall_time(note.created_at, office_zone(session))
            said = {
                "case_no": case_no,
                "note": {
                    "id": note.id,
                    "author": user.username,
                    "created_at": note.created_at,  # as `case show --json` writes times
                    "text": note.text,
                },
            }
    if args.json:
        print_json(said)
        return 0
    out(tr("Note added to case {case} at {time}.", case=case_no, time=when))
    return 0
