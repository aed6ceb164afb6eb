"""`casedesk borrower person add|edit|remove BORROWER_NO …`: a person related to the borrower
(guarantor, relative, employer …) recorded, changed or removed (app/related_persons.py)."""

from __future__ import annotations

import argparse

from app.cli.common import (
    acting_user,
    add_acting_options,
    err,
    opened,
    out,
    print_json,
    whole_number,
)
from app.i18n import sentences, tr
from app.models import RelatedPerson, User
from app.phone_shared import SharedNumber
from app.related_persons import RELATIONS, PersonFields, relation_word


def _person_options(parser: argparse.ArgumentParser, *, new: bool) -> None:
    parser.add_argument("--name", metavar="NAME", required=new, help=tr("the person's name"))
    parser.add_argument(
        "--relation",
        type=relation_word,  # attorney, 律师: lawyer
        choices=RELATIONS,
        required=new,
        help=tr("how they are related"),
    )
    parser.add_argument(
        "--phone",
        metavar="NUMBER",
        default=None,
        help=tr("their number, written any usual way (kept in E.164)")
        if new
        else tr('their number ("" for none)'),
    )
    parser.add_argument(
        "--consent",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=tr("they agreed to be contacted (a supervisor's, with --note)"),
    )
    parser.add_argument(
        "--do-not-contact",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=tr("they asked not to be contacted (lifting it is a supervisor's, with --note)"),
    )
    parser.add_argument(
        "--note", metavar="T", default="", help=tr("where this came from (audited)")
    )
    parser.add_argument(
        "--shared-reason",
        metavar="T",
        default="",
        help=tr(
            "for a number on file for someone else: why it is shared (supervisor and admin; "
            "audited)"
        ),
    )


def register_person(sub: argparse._SubParsersAction) -> None:
    person = sub.add_parser(
        "person",
        help=tr("add, change or remove a related person"),
        description=tr(
            "Record a person related to the borrower (guarantor, relative, employer …), change "
            "what is recorded of them, or remove them. An agent does so for the borrowers of the "
            "cases assigned to them; a person removed is kept, inactive, never deleted."
        ),
    )
    actions = person.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=tr("record a related person"))
    add.add_argument("borrower_no", metavar="BORROWER_NO")
    _person_options(add, new=True)
    add_acting_options(add, json=True)
    add.set_defaults(func=run_person)
    edit = actions.add_parser(
        "edit", help=tr("change a related person (what is not given stays as it is)")
    )
    edit.add_argument("borrower_no", metavar="BORROWER_NO")
    edit.add_argument("person", metavar="ID", type=whole_number, help=tr("from `borrower show`"))
    _person_options(edit, new=False)
    add_acting_options(edit, json=True)
    edit.set_defaults(func=run_person)
    remove = actions.add_parser("remove", help=tr("remove a related person"))
    remove.add_argument("borrower_no", metavar="BORROWER_NO")
    remove.add_argument("person", metavar="ID", type=whole_number, help=tr("from `borrower show`"))
    remove.add_argument("--note", metavar="T", default="", help=tr("why (audited)"))
    add_acting_options(remove, json=True)
    remove.set_defaults(func=run_person)


def _fields(args: argparse.Namespace, was: RelatedPerson | None) -> PersonFields:
    """The person as the options give them; over `was`, what is not given stays."""

    def given(value: object, old: object) -> object:
        return old if value is None else value

    return PersonFields(
        name=str(given(args.name, was.name if was else "")),
        relation=str(given(args.relation, str(was.relation) if was else "")),
        phone=str(given(args.phone, was.phone if was else "")),
        consent_to_contact=bool(given(args.consent, was.consent_to_contact if was else False)),
        do_not_contact=bool(given(args.do_not_contact, was.do_not_contact if was else False)),
    )


def run_person(args: argparse.Namespace) -> int:
    from app.cli.cmd_borrower import _as_json, _detail, _lines
    from app.related_persons import add_person, edit_person, remove_person

    what, said = args.person_command, ""
    with opened(args) as database:
        actor = acting_user(args, database)
        try:
            with database.session(write_lock=True) as session:
                user = session.get(User, actor.id)
                assert user is not None
                number = args.borrower_no
                common = {"note": args.note}
                if what == "remove":
                    remove_person(session, user, number, args.person, **common)
                    said = tr(
                        "Related person {id} removed: kept inactive, no longer listed nor "
                        "offered for a contact; their id is never given to another person.",
                        id=args.person,
                    )
                elif what == "add":
                    fields = _fields(args, None)
                    shared = args.shared_reason
                    add_person(session, user, number, fields, shared_reason=shared, **common)
                else:
                    was = session.get(RelatedPerson, args.person)
                    fields = _fields(args, was)
                    edit_person(
                        session, user, number, args.person, fields,
                        shared_reason=args.shared_reason, **common,
                    )  # fmt: skip
                session.flush()
                detail = _detail(session, user, number)
        except SharedNumber as refused:
            if not refused.may_confirm:
                raise
            how = tr("If it is shared, give it again with --shared-reason saying why.")
            err("casedesk: " + sentences([refused.translated(), how]))
            return refused.exit_code
    if args.json:
        print_json(_as_json(detail))
        return 0
    if said:
        out(said)
    for line in _lines(detail):
        out(line)
    return 0
