"""`casedesk dashboard`, `casedesk approvals` and `casedesk settings show|set|language`: the
window's dashboard figures, its list of what waits for approval, and its Settings dialog from the
command line, through the same core functions."""

from __future__ import annotations

import argparse
import dataclasses
import zoneinfo
from typing import Any

from app.cli.common import acting_user, add_acting_options, err, opened, out, print_json
from app.cli.table import table
from app.digits import whole_text
from app.errors import ValidationError
from app.i18n import Counted, plural, tr
from app.money import fmt, to_minor

OFFICE_KEYS = ("name", "address", "phone", "safety_contact", "timezone")


# Settings kept as 1 or 0 (on or off), which `settings set` also takes in words.
SWITCHES = frozenset({"visit.approval_required"})
SWITCH_WORDS = {
    **dict.fromkeys(("yes", "true", "on", "是"), 1),
    **dict.fromkeys(("no", "false", "off", "否"), 0),
}


def register(commands: argparse._SubParsersAction) -> None:
    board = commands.add_parser(
        "dashboard",
        help=tr("today's figures: overdue by bucket, recovery, promises, visits, complaints"),
        description=tr(
            "The dashboard's figures for the cases you may see (an agent: their own cases)."
        ),
    )
    add_acting_options(board, json=True)
    board.set_defaults(func=run_dashboard)
    waiting = commands.add_parser(
        "approvals",
        help=tr("what waits for a supervisor's approval: agreements' waivers, visits"),
        description=tr(
            "Draft agreements whose waiver is above the office's threshold, and booked visits "
            "when the office requires approval: a supervisor's to approve (not their own "
            "waivers); for an agent, those on their own cases and visits."
        ),
    )
    add_acting_options(waiting, json=True)
    waiting.set_defaults(func=run_approvals)
    parser = commands.add_parser(
        "settings",
        help=tr("office settings: show, change; your own language"),
        description=tr("The office's settings, as in the window's Settings dialog (audited)."),
    )
    sub = parser.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    show = sub.add_parser("show", help=tr("the office's details and every setting"))
    add_acting_options(show, json=True)
    show.set_defaults(func=run_show)
    change = sub.add_parser(
        "set",
        help=tr("change settings: KEY=VALUE … (office.name, rules, priority.weight.dpd …)"),
        description=tr(
            "Change office settings in one audited transaction: office.name, office.address, "
            "office.phone, office.safety_contact, office.timezone, rules (cn, us or uk) or any "
            "key listed by `settings show`. Nothing is saved when one value is refused."
        ),
    )
    change.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    add_acting_options(change)
    change.set_defaults(func=run_set)
    language = sub.add_parser(
        "language",
        help=tr("your own language in the window: en, zh_CN or system"),
    )
    language.add_argument("language", choices=("en", "zh_CN", "system"))
    add_acting_options(language)
    language.set_defaults(func=run_language)


def run_dashboard(args: argparse.Namespace) -> int:
    from app import settings
    from app.cli.cmd_queue import figures_as_of
    from app.queries.dashboard import dashboard
    from app.queries.dashboard_safety import safety_line

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.sessions() as session:
            as_of = settings.as_of(session)
        # As of the office's queue date, as the window, on figures of that date: an office not
        # opened since an earlier day still holds that day's (the window rebuilds them at start);
        # while this computer's clock is behind, the window's rebuild waits and it shows the
        # stored figures, and so does this, saying their day (app/clock_behind.py).
        with figures_as_of(database, as_of) as session:
            d = dashboard(session, actor)
    if args.json:
        data = dataclasses.asdict(d)
        data["overdue_count"], data["overdue_amount"] = d.overdue_count, d.overdue_amount
        data["visits_safety_calls"] = d.visits_safety_calls  # the window's safety-call tile
        print_json(data)
        return 0
    out(tr("Dashboard as of {date}", date=d.as_of.isoformat()))
    if said := d.days_said():  # what is real today counts today, whatever the queue date
        out(said)
    out(
        plural(
            d.overdue_count,
            "Overdue: {count} case, {amount}",
            "Overdue: {count} cases, {amount}",
            amount=fmt(d.overdue_amount),
        )
    )
    for b in d.buckets:
        out(f"  {b.bucket:<5} {b.count:>6}  {fmt(b.amount):>16}")
    out(
        tr(
            "Recovered this month: {amount} (last month to the same day {same}, whole month "
            "{total})",
            amount=fmt(d.recovered_this_month),
            same=fmt(d.recovered_last_month_to_date),
            total=fmt(d.recovered_last_month),
        )
    )
    out(
        tr(
            "Promises due today: {due}; broken in the last 7 days: {broken}",
            due=d.promises_due_today,
            broken=d.promises_broken_this_week,
        )
    )
    out(
        tr(
            "Agreements breached: {count} (open cases back in the queue, nothing done since the "
            "breach)",
            count=d.agreements_breached,
        )
    )
    out(tr("Visits today: {today}", today=d.visits_today))
    out(safety_line(d))  # as the window's tile: late check-outs and visits never checked in
    out(
        tr(
            "Waiting for approval: {agreements}, {visits}",
            agreements=Counted(d.waiting_agreements, "{count} agreement", "{count} agreements"),
            visits=Counted(d.waiting_visits, "{count} visit", "{count} visits"),
        )
    )
    out(tr("Complaints near their deadline: {count}", count=d.complaints_near_deadline))
    out(
        tr(
            "Agents with a course expiring within 30 days: {expiring}; with one lapsed or missing: "
            "{lapsed}",
            expiring=d.training_expiring,
            lapsed=d.training_lapsed,
        )
    )
    done = d.today
    out(
        tr(
            "Contacted today: {open} ({contacts}: {conversations}, {promises})",
            open=Counted(done.cases, "{count} open case", "{count} open cases"),
            contacts=Counted(done.contacts, "{count} contact", "{count} contacts"),
            conversations=Counted(
                done.conversations, "{count} conversation", "{count} conversations"
            ),
            promises=Counted(done.promises, "{count} promise to pay", "{count} promises to pay"),
        )
    )
    return 0


def run_approvals(args: argparse.Namespace) -> int:
    from app.office import office_timezone
    from app.queries.approvals import AGREEMENT, local, to_approve, waiting_for_approval

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.sessions() as session:
            items = waiting_for_approval(session, actor)
            zone = zoneinfo.ZoneInfo(office_timezone(session))
    if args.json:
        print_json([dataclasses.asdict(w) for w in items])
        return 0

    rows = []
    for w in items:
        what = to_approve(w, zone)
        if w.kind != AGREEMENT:
            what = f"{tr('Visit')} {what}"
        rows.append((w.number, w.case_no, w.borrower, w.by, local(w.since, zone), what))
    for line in table(rows):
        out(line)
    out(tr("{count} waiting for approval.", count=len(items)))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from app import settings
    from app.audit_labels import PAPER_NAMES
    from app.office import get_office
    from app.office_settings import office_details
    from app.paper import PAPER_KEY, office_paper

    with opened(args) as database:
        acting_user(args, database)
        with database.sessions() as session:
            details = dataclasses.asdict(office_details(session))
            office = get_office(session)
            assert office is not None
            values = settings.get_all(session)
            rules, currency = office.jurisdiction, office.currency
            paper = office_paper(session)
    if args.json:
        print_json({"office": details, "rules": rules, "currency": currency, "settings": values})
        return 0
    for key in OFFICE_KEYS:
        out(f"office.{key} = {details[key]}")
    out(f"rules = {rules}")
    out(f"currency = {currency}")
    for key, value in values.items():
        shown = fmt(int(value)) if key in settings.MONEY_KEYS and value is not None else value
        if key == PAPER_KEY and shown is None:  # not chosen: the country's paper, said
            shown = tr("(the rule set's country's: {paper})", paper=tr(PAPER_NAMES[paper]))
        out(f"{key} = {'' if shown is None else shown}")
    return 0


def parse_pairs(pairs: list[str]) -> tuple[dict[str, str], str | None, dict[str, Any]]:
    """KEY=VALUE words → (office fields, rule set, office settings with typed values)."""
    from app import settings

    office: dict[str, str] = {}
    rules: str | None = None
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ValidationError("Write each change as KEY=VALUE: {text}", text=pair)
        if key.startswith("office.") and key[len("office.") :] in OFFICE_KEYS:
            office[key[len("office.") :]] = value
        elif key == "rules":
            rules = value
        elif key in settings.MONEY_KEYS:
            values[key] = to_minor(value)  # an amount, as `settings show` writes it
        elif key in settings.DEFAULTS:
            default = settings.DEFAULTS[key]
            if key in SWITCHES and value.strip().lower() in SWITCH_WORDS:
                values[key] = SWITCH_WORDS[value.strip().lower()]  # 1 or 0, as show writes it
            elif isinstance(default, int) and not isinstance(default, bool):
                try:
                    values[key] = whole_text(value.replace(",", ""))
                except ValueError:
                    raise ValidationError(
                        "{key} must be a whole number of at least zero.", key=key
                    ) from None
            elif key == "print.paper":  # A4, Letter: as the paper is named, in any case
                values[key] = value.strip().lower() or None
            else:
                values[key] = value or None
        elif key == "currency":  # `settings show` lists it: say why it cannot be set
            raise ValidationError("The currency is fixed when the office is created.")
        else:
            raise ValidationError("Unknown setting {key}.", key=key)
    return office, rules, values


def run_set(args: argparse.Namespace) -> int:
    from app.agreements.lapse_note import sent_back_words
    from app.cases.daily import summary_text
    from app.cli.cmd_queue import rebuild_saved, refuse_going_back
    from app.office_settings import SettingsChange, office_details, rebuilds_queue, save_settings

    office, rules, values = parse_pairs(args.pairs)
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            details = None
            if office:
                details = office_details(session)
                for key, value in office.items():
                    setattr(details, key, value)
            changed = save_settings(session, actor, SettingsChange(details, rules, values))
        # Named as they are typed here: the rule set is `rules=`, not the core's "jurisdiction".
        typed = ["rules" if name == "jurisdiction" else name for name in changed]
        out(tr("Changed: {names}", names=", ".join(typed)) if typed else tr("Nothing to change."))
        if changed.lapsed:  # a lowered waiver threshold sent these back (QA s47 O #4)
            out(sent_back_words(changed.lapsed))
        if rebuilds_queue(actor, changed):
            # As the window does: a new queue date or weight rebuilds the queue at once (saved, then
            # rebuilt under the write lock as `queue --rebuild` does), but not as of an earlier day
            # than it was built for while this computer's clock is behind (`queue --rebuild`'s
            # refusal, said on stderr): the settings stand, the queue waits for the clock.
            try:
                refuse_going_back(database)
            except ValidationError as refused:
                err(refused.translated())
                return 0
            out(summary_text(rebuild_saved(database, actor)))
    return 0


def run_language(args: argparse.Namespace) -> int:
    from app.labels import LANGUAGE, label
    from app.models import User
    from app.office_settings import set_user_language

    language = None if args.language == "system" else args.language
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            me = session.get(User, actor.id)
            assert me is not None
            changed = set_user_language(session, me, language)
    if not changed:
        out(tr("Nothing to change."))
    elif language is None:
        out(tr("The window will follow the system's language."))
    else:  # by name, as the reports' list names a language: "Chinese (中文)", not "zh_CN"
        out(tr("The window will open in {language}.", language=label(LANGUAGE, language)))
    return 0
