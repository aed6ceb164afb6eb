"""`casedesk contact log|check` and `casedesk rules show`: contacts judged by the rule set."""

from __future__ import annotations

import argparse
import datetime as dt
import os

from app.cli.common import (
    acting_user,
    add_acting_options,
    ask_secret,
    err,
    opened,
    out,
    print_json,
    print_verdict,
)
from app.i18n import current_language, tr
from app.models import User, VerdictKind
from app.money import to_minor
from app.tabular import parse_date

EXIT_REFUSED = 3


def _contact_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case_no", metavar="CASE_NO")
    parser.add_argument("--channel", required=True, metavar="C", help=tr("call, sms or letter"))
    parser.add_argument(
        "--party",
        required=True,
        metavar="P",
        help=tr("borrower, guarantor, relative, employer or other"),
    )
    parser.add_argument(
        "--outcome",
        required=True,
        metavar="O",
        help=tr(
            "connected, no_answer, busy, wrong_number, invalid_number, refused, delivered or failed"
        ),
    )
    parser.add_argument(
        "--at",
        metavar="ISO-TIMESTAMP",
        default=None,
        help=tr("when, with its time zone (default: now)"),
    )
    parser.add_argument("--phone", metavar="NUMBER", default=None, help=tr("the number dialled"))
    parser.add_argument(
        "--person",
        metavar="ID",
        type=int,
        default=None,
        help=tr("the related person's id, for a third party"),
    )
    parser.add_argument("--at-work", action="store_true", help=tr("a call to a work number"))
    add_acting_options(parser, json=True)


def register(commands: argparse._SubParsersAction) -> None:
    contact = commands.add_parser(
        "contact",
        help=tr("log or check a contact attempt against the rule set"),
        description=tr(
            "Every contact is checked against the office's rule set before it is "
            "saved. Exit code 3: blocked, or an override is needed and not given."
        ),
    )
    sub = contact.add_subparsers(dest="contact_command", metavar="ACTION", required=True)
    log = sub.add_parser(
        "log",
        help=tr("check and save a contact attempt"),
        description=tr("Check and save a contact attempt."),
    )
    _contact_args(log)
    log.add_argument("--notes", default="", metavar="TEXT")
    log.add_argument(
        "--promise",
        metavar="AMOUNT@DATE",
        default=None,
        help=tr("a promise to pay, e.g. 1500.00@2026-12-05"),
    )
    log.add_argument(
        "--override-reason",
        metavar="TEXT",
        default=None,
        help=tr("a supervisor's written reason, when the rules need an override"),
    )
    log.add_argument(
        "--override-by",
        metavar="NAME",
        default=None,
        help=tr(
            "the supervisor who overrides (password from "
            "CASEDESK_OVERRIDE_PASSWORD or a prompt); default: you"
        ),
    )
    log.set_defaults(func=run_log)
    chk = sub.add_parser(
        "check",
        help=tr("the verdict, without saving"),
        description=tr("Show the verdict for a contact without saving it."),
    )
    _contact_args(chk)
    chk.set_defaults(func=run_check)

    rules = commands.add_parser(
        "rules",
        help=tr("the rule set in force"),
        description=tr("The office's compliance rule set."),
    )
    rsub = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    show = rsub.add_parser(
        "show",
        help=tr("show the rules in force"),
        description=tr("Show the rules in force, with their citations."),
    )
    add_acting_options(show, json=True)
    show.set_defaults(func=run_rules_show)
    change = rsub.add_parser(
        "set",
        help=tr("change a rule's parameters (admin)"),
        description=tr(
            "Change a rule's parameters, e.g. `rules set quiet_hours end=07:30`; "
            "each change makes a new rule-set version."
        ),
    )
    change.add_argument("rule", metavar="RULE")
    change.add_argument("values", metavar="NAME=VALUE", nargs="+")
    add_acting_options(change)
    change.set_defaults(func=run_rules_set)
    use = rsub.add_parser(
        "use",
        help=tr("switch the office to another rule set (admin)"),
        description=tr("Switch the office to the cn, us or uk rule set."),
    )
    use.add_argument("jurisdiction", metavar="cn|us|uk")
    add_acting_options(use)
    use.set_defaults(func=run_rules_use)


def _when(value: str | None) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.UTC)
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        from app.errors import ValidationError

        raise ValidationError(
            "Cannot read the time {value}; use e.g. 2026-03-01T10:30+08:00.", value=value
        ) from None


def _fields(args: argparse.Namespace) -> dict[str, object]:
    return {
        "channel": args.channel,
        "party": args.party,
        "at": _when(args.at),
        "outcome": args.outcome,
        "phone_number": args.phone,
        "related_person_id": args.person,
        "at_workplace": args.at_work,
    }


def _promise(text: str | None) -> tuple[int, dt.date] | None:
    if not text:
        return None
    from app.errors import ValidationError

    if "@" not in text:
        raise ValidationError("Write a promise as AMOUNT@DATE, e.g. 1500.00@2026-12-05.")
    amount, day = text.split("@", 1)
    return to_minor(amount), parse_date(day)


def run_check(args: argparse.Namespace) -> int:
    from app.contacts import check_contact

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            verdict = check_contact(
                session, session.get_one(User, actor.id), args.case_no, **_fields(args)
            )
    print_verdict(verdict, args.json)
    return 0 if verdict.saved else EXIT_REFUSED


def run_log(args: argparse.Namespace) -> int:
    from app.auth import authenticate
    from app.contacts import log_contact

    fields, promise = _fields(args), _promise(args.promise)
    with opened(args) as database:
        actor = acting_user(args, database)
        overrider = None
        if args.override_reason:
            if args.override_by and args.override_by != actor.username:
                password = (
                    os.environ.get("CASEDESK_OVERRIDE_PASSWORD")
                    or ask_secret(tr("Password for {user}: ", user=args.override_by))
                    or ""
                )
                overrider = authenticate(database.sessions, args.override_by, password)
            else:
                overrider = actor
        with database.session(write_lock=True) as session:
            result = log_contact(
                session,
                session.get_one(User, actor.id),
                args.case_no,
                notes=args.notes,
                promise=promise,
                override_by=session.get(User, overrider.id) if overrider else None,
                override_reason=args.override_reason,
                **fields,  # type: ignore[arg-type]
            )
            verdict, saved = result.verdict, result.saved
    print_verdict(verdict, args.json)
    if saved:
        if not args.json:
            out(tr("Saved."))
        return 0
    if not args.json:
        if verdict.kind is VerdictKind.BLOCKED:
            out(tr("Not saved: blocked by the rules (the block is recorded)."))
        else:
            out(tr("Not saved: a supervisor must override, with --override-reason."))
    return EXIT_REFUSED


def run_rules_show(args: argparse.Namespace) -> int:
    from app.compliance import active_ruleset, startup_check

    zh = current_language() == "zh_CN"
    with opened(args) as database:
        acting_user(args, database)
        with database.session() as session:
            problems = startup_check(session)
            ruleset, _ = active_ruleset(session)
    for problem in problems:
        err("casedesk: " + problem)
    if args.json:
        print_json(
            {
                "jurisdiction": ruleset.jurisdiction,
                "version": ruleset.version,
                "effective_on": ruleset.effective_on,
                "rules": [
                    {
                        "id": r.id,
                        "severity": r.severity.name.lower(),
                        "enabled": r.enabled,
                        "description": r.description_zh if zh else r.description_en,
                        "params": r.params,
                        "citation": r.citation,
                    }
                    for r in ruleset.rules.values()
                ],
            }
        )
        return 0
    out(
        f"{ruleset.name_zh if zh else ruleset.name_en} · {ruleset.label} · "
        + tr("effective {date}", date=ruleset.effective_on.isoformat())
    )
    for r in ruleset.rules.values():
        state = "" if r.enabled else " " + tr("(off)")
        params = ", ".join(f"{k}={v}" for k, v in r.params.items())
        out(f"  {r.id}{state} [{r.severity.name.lower()}] {params}")
        out(f"      {r.description_zh if zh else r.description_en}")
        out(f"      {r.citation}")
    return 0


def _value(text: str) -> object:
    """A parameter value from the command line: true/false, a whole number, a list, or text."""
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered.isdigit():
        return int(lowered)
    if "," in text:
        return [part.strip() for part in text.split(",") if part.strip()]
    return text.strip()


def run_rules_set(args: argparse.Namespace) -> int:
    from app.compliance import change_parameters
    from app.errors import ValidationError

    params: dict[str, object] = {}
    for item in args.values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValidationError("Write each change as NAME=VALUE, not {item}.", item=item)
        params[name.strip()] = _value(value)
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            row = change_parameters(session, session.get_one(User, actor.id), args.rule, params)
            label = f"{row.jurisdiction.upper()} {row.version}"
    out(tr("Rule set {label} is now in force.", label=label))
    return 0


def run_rules_use(args: argparse.Namespace) -> int:
    from app.compliance import active_ruleset, select_jurisdiction

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session() as session:
            select_jurisdiction(session, session.get_one(User, actor.id), args.jurisdiction.lower())
            label = active_ruleset(session)[0].label
    out(tr("Rule set {label} is now in force.", label=label))
    return 0
