"""`casedesk borrower show|flags|phone BORROWER_NO`: a borrower's stop flags and related persons,
recording a request to stop contact or lifting one (app/borrowers.py), and a number the borrower
gave (app/borrower_phones.py); `borrower confirm-number`: one the borrower confirmed theirs
(cmd_borrower_confirm.py); `borrower copy`: their copy of their data (cmd_borrower_copy.py);
`borrower person add|edit|remove`: their related persons (cmd_borrower_person.py)."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from app.auth import Permission, require
from app.cli.common import (
    acting_user,
    add_acting_options,
    err,
    opened,
    out,
    print_json,
    whole_number,
)
from app.errors import ValidationError
from app.i18n import listed, sentences, tr
from app.labels import KIND, RELATION, STOP_FLAG, label
from app.models import User
from app.privacy import REVEALABLE
from app.queries.borrowers import BorrowerDetail, borrower_detail

PERSON_FLAG = {"do_not_contact": "Do not contact", "consent_to_contact": "Agreed to be contacted"}


def register(commands: argparse._SubParsersAction) -> None:
    borrower = commands.add_parser(
        "borrower",
        help=tr("a borrower's stop flags and related persons"),
        description=tr("Show a borrower's stop flags and related persons, or change them."),
    )
    sub = borrower.add_subparsers(dest="borrower_command", metavar="ACTION", required=True)
    show = sub.add_parser(
        "show",
        help=tr("a borrower's stop flags and related persons"),
        description=tr("A borrower's stop flags and related persons (personal data masked)."),
    )
    show.add_argument("borrower_no", metavar="BORROWER_NO")
    add_acting_options(show, json=True)
    show.set_defaults(func=run_show)
    flags = sub.add_parser(
        "flags",
        help=tr("record a request to stop contact, or lift one"),
        description=tr(
            "Set or clear a borrower's stop flags or, with --person, a related person's. Anyone "
            "may record a request to stop; lifting one is a supervisor's, with --note."
        ),
    )
    flags.add_argument("borrower_no", metavar="BORROWER_NO")
    flags.add_argument(
        "--set",
        metavar="FLAG",
        action="append",
        default=[],
        help=tr("a flag to set (repeatable): {flags}", flags=list(STOP_FLAG)),
    )
    flags.add_argument(
        "--clear",
        metavar="FLAG",
        action="append",
        default=[],
        help=tr("a flag to clear (repeatable)"),
    )
    flags.add_argument(
        "--person",
        metavar="ID",
        type=whole_number,
        default=None,
        help=tr(
            "a related person's id (from `borrower show`): --set and --clear then take "
            "do_not_contact, consent_to_contact"
        ),
    )
    flags.add_argument(
        "--note", metavar="T", default="", help=tr("who asked, and when (kept in the audit trail)")
    )
    add_acting_options(flags, json=True)
    flags.set_defaults(func=run_flags)
    phone = sub.add_parser(
        "phone",
        help=tr("record a number the borrower gave"),
        description=tr(
            "Record a number the borrower gave (written any usual way; kept in E.164). With "
            "--primary, calls go to it first. An agent records numbers for the borrowers of the "
            "cases assigned to them; a number on file for someone else is refused unless a "
            "supervisor gives --shared-reason."
        ),
    )
    phone.add_argument("borrower_no", metavar="BORROWER_NO")
    phone.add_argument("number", metavar="NUMBER")
    phone.add_argument(
        "--kind", choices=("mobile", "home", "work"), default="mobile", help=tr("default: mobile")
    )
    phone.add_argument("--primary", action="store_true", help=tr("calls go to it first"))
    phone.add_argument(
        "--note", metavar="T", default="", help=tr("where the number came from (audited)")
    )
    phone.add_argument(
        "--shared-reason",
        metavar="T",
        default="",
        help=tr(
            "for a number on file for someone else: why the borrower shares it (supervisor and "
            "admin; audited)"
        ),
    )
    add_acting_options(phone, json=True)
    phone.set_defaults(func=run_phone)
    reveal = sub.add_parser(
        "reveal",
        help=tr("show one kind of personal data in full, for a written reason"),
        description=tr(
            "Show a borrower's ID number, phones or addresses in full (supervisor and admin), "
            "for a written reason; every reveal is kept in the audit trail."
        ),
    )
    reveal.add_argument("borrower_no", metavar="BORROWER_NO")
    reveal.add_argument("what", choices=REVEALABLE)
    reveal.add_argument(
        "--reason", metavar="T", required=True, help=tr("why you need to see it (audited)")
    )
    add_acting_options(reveal, json=True)
    reveal.set_defaults(func=run_reveal)
    from app.cli.cmd_borrower_confirm import register_confirm
    from app.cli.cmd_borrower_copy import register_copy
    from app.cli.cmd_borrower_person import register_person

    register_confirm(sub)
    register_copy(sub)
    register_person(sub)


def _detail(session: Session, user: User, number: str) -> BorrowerDetail:
    from app.borrowers import find_borrower

    require(user, Permission.VIEW_BORROWERS)
    return borrower_detail(session, find_borrower(session, number).id)


def _as_json(d: BorrowerDetail) -> dict[str, Any]:
    return {
        "borrower": d.borrower_no,
        "name": d.name,
        "erased_on": d.erased_on.isoformat() if d.erased_on else None,
        "flags": d.flags,
        "related": [
            {
                "id": r.person_id,
                "name": r.name,
                "relation": r.relation,
                "phone": r.phone,
                "consent_to_contact": r.consent,
                "do_not_contact": r.do_not_contact,
            }
            for r in d.related
        ],
    }


def _lines(d: BorrowerDetail) -> list[str]:
    on = [tr(STOP_FLAG[name]) for name, value in d.flags.items() if value]
    lines = [
        tr("Borrower {number} ({name})", number=d.borrower_no, name=d.title()),
        tr("Stop flags: {flags}", flags=listed(on) if on else tr("none")),
    ]
    if d.related:
        lines.append(tr("Related persons:"))
    for r in d.related:
        held = {"consent_to_contact": r.consent, "do_not_contact": r.do_not_contact}
        marks = [tr(PERSON_FLAG[name]) for name, value in held.items() if value]
        parts = [str(r.person_id), r.name, label(RELATION, r.relation), r.phone or "—", *marks]
        lines.append("  " + "  ".join(parts))
    return lines


def run_show(args: argparse.Namespace) -> int:
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.sessions() as session:
            user = session.get(User, actor.id)
            assert user is not None
            detail = _detail(session, user, args.borrower_no)
    if args.json:
        print_json(_as_json(detail))
    else:
        for line in _lines(detail):
            out(line)
    return 0


def _wanted(set_: list[str], clear: list[str], known: dict[str, str]) -> dict[str, bool]:
    """--set and --clear as flag → value; a flag named in both, or unknown: refused."""
    wanted: dict[str, bool] = {}
    for names, value in ((set_, True), (clear, False)):
        for raw in names:
            name = raw.strip().replace("-", "_")
            if name not in known:
                raise ValidationError(
                    "Unknown flag {name}; choose from: {choices}.",
                    name=raw,
                    choices=list(known),
                )
            if wanted.get(name, value) != value:
                raise ValidationError("{name} is both set and cleared.", name=name)
            wanted[name] = value
    if not wanted:
        raise ValidationError("Name a flag with --set or --clear.")
    return wanted


def run_flags(args: argparse.Namespace) -> int:
    from app.borrowers import update_borrower_flags

    known = PERSON_FLAG if args.person is not None else STOP_FLAG
    wanted = _wanted(args.set, args.clear, known)
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            before = _detail(session, user, args.borrower_no)
            change: dict[str, Any] = (
                {"related": {args.person: wanted}} if args.person is not None else dict(wanted)
            )
            update_borrower_flags(
                session, user, before.borrower_no, expected_version=before.version,
                note=args.note, **change,
            )  # fmt: skip
            session.flush()
            after = borrower_detail(session, before.id)
    if args.json:
        print_json({**_as_json(after), "changed": after.version != before.version})
    else:
        if after.version == before.version:
            out(tr("Nothing changed: the flags were already so."))
        for line in _lines(after):
            out(line)
    return 0


def run_phone(args: argparse.Namespace) -> int:
    from app.borrower_phones import add_phone
    from app.phone_shared import SharedNumber

    with opened(args) as database:
        actor = acting_user(args, database)
        try:
            with database.session(write_lock=True) as session:
                user = session.get(User, actor.id)
                assert user is not None
                add_phone(
                    session, user, args.borrower_no, args.number, kind=args.kind,
                    primary=args.primary, note=args.note, shared_reason=args.shared_reason,
                )  # fmt: skip
                session.flush()
                detail = _detail(session, user, args.borrower_no)
        except SharedNumber as refused:
            if not refused.may_confirm:
                raise
            how = tr("If the borrower shares it, add it again with --shared-reason saying why.")
            err("casedesk: " + sentences([refused.translated(), how]))
            return refused.exit_code
    print_phones(detail, args.json)
    return 0


def print_phones(detail: BorrowerDetail, json: bool) -> None:
    """The borrower's numbers after one was added or confirmed (`borrower phone|confirm-number`)."""
    if json:
        print_json({"borrower": detail.borrower_no, "phones": [
            {"phone": p.number, "kind": p.kind, "landline": p.landline, "primary": p.is_primary,
             "valid": p.valid}
            for p in detail.phones
        ]})  # fmt: skip
        return
    out(tr("Phones of {number}:", number=detail.borrower_no))
    for p in detail.phones:
        marks = [tr("landline")] if p.landline else []  # no SMS reaches it
        marks += [tr("primary")] if p.is_primary else []
        marks += [] if p.valid else [tr("not valid")]
        out("  " + "  ".join([p.number, label(KIND, p.kind), *marks]))


def run_reveal(args: argparse.Namespace) -> int:
    from app.borrowers import find_borrower
    from app.privacy import reveal

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            user = session.get(User, actor.id)
            assert user is not None
            borrower = find_borrower(session, args.borrower_no)
            number = borrower.borrower_no  # as stored, however typed
            values = reveal(session, user, borrower.id, args.what, args.reason)
    if args.json:
        print_json({"borrower": number, "what": args.what, "values": values})
    else:
        for value in values or [tr("none")]:
            out(value)
    return 0
