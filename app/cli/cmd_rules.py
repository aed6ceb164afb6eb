"""`casedesk rules show|set|use|missing|add|decline|retention`: the office's compliance rule set
and its versions."""

from __future__ import annotations

import argparse

from app.cli.common import acting_user, add_acting_options, err, opened, out, print_json
from app.cli.table import table
from app.digits import plain
from app.i18n import current_language, tr
from app.labels import RULE, RULE_SEVERITY, label
from app.models import User
from app.queries.rules import described, param_words


def register(commands: argparse._SubParsersAction) -> None:
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
        description=tr(
            "Switch the office to the cn, us or uk rule set; without one, list them and say "
            "which cannot be chosen, and why."
        ),
    )
    use.add_argument("jurisdiction", metavar="cn|us|uk", nargs="?")
    add_acting_options(use)
    use.set_defaults(func=run_rules_use)
    missing = rsub.add_parser(
        "missing",
        help=tr("the rules Casedesk ships that the rule set in force lacks"),
        description=tr(
            "List the rules this version of Casedesk ships for the office's jurisdiction that "
            "the stored rule set does not have (it was stored by an earlier version)."
        ),
    )
    add_acting_options(missing, json=True)
    missing.set_defaults(func=run_rules_missing)
    add = rsub.add_parser(
        "add",
        help=tr("add shipped rules to the rule set in force (admin)"),
        description=tr(
            "Add rules that `rules missing` lists, as shipped, e.g. `rules add "
            "third_party_consent`; the rule set with them is stored as a new version."
        ),
    )
    add.add_argument("rule_ids", metavar="RULE", nargs="+")
    add_acting_options(add)
    add.set_defaults(func=run_rules_add)
    decline = rsub.add_parser(
        "decline",
        help=tr("keep the rule set without shipped rules (admin)"),
        description=tr(
            "Record that the office keeps its rule set without rules `rules missing` lists; "
            "the start stops asking about them. `rules add` can still add them later."
        ),
    )
    decline.add_argument("rule_ids", metavar="RULE", nargs="+")
    add_acting_options(decline)
    decline.set_defaults(func=run_rules_decline)
    from app.cli.cmd_retention import register_retention

    register_retention(rsub)


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
                        "citation": r.citation_in("zh_CN" if zh else "en"),
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
    # In the reader's words, as the Rules page says them; the rule's and each parameter's id stay
    # as typed in `rules set RULE NAME=VALUE`.
    for r in ruleset.rules.values():
        state = "" if r.enabled else " " + tr("(off)")
        severity = label(RULE_SEVERITY, r.severity.name.lower())
        out(f"  {r.id}{state} [{severity}] {label(RULE, r.id)}")
        for line in described(ruleset, r, "zh_CN" if zh else "en").splitlines():
            out(f"      {line}")
        words = [(p.id, tr("{name}: {value}", name=p.name, value=p.value)) for p in param_words(r)]
        for line in table(words):
            out(f"      {line}")
        out("      " + tr("Citation: {citation}", citation=r.citation_in("zh_CN" if zh else "en")))
    out(tr("An admin changes a parameter with: casedesk rules set RULE NAME=VALUE"))
    return 0


_TRUE = ("true", "yes", "是")
_FALSE = ("false", "no", "否")


def _value(text: str) -> object:
    """A parameter value from the command line: true/false (yes/no, 是/否, as the import reads
    them), a whole number, a list, or text."""
    lowered = plain(text).strip().lower()  # ١٢ is refused by name, not stored as the text "١٢"
    if lowered in _TRUE or lowered in _FALSE:
        return lowered in _TRUE
    if lowered.isascii() and lowered.isdigit():
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
        with database.session(write_lock=True) as session:
            row = change_parameters(session, session.get_one(User, actor.id), args.rule, params)
            version = row.label
    out(tr("Rule set {label} is now in force.", label=version))
    return 0


def run_rules_use(args: argparse.Namespace) -> int:
    from app.compliance import active_ruleset, select_jurisdiction
    from app.compliance.choices import ruleset_choices

    if args.jurisdiction is None:  # the choices, as Rules › Use rule set… offers them
        with opened(args) as database:
            acting_user(args, database)
            with database.session() as session:
                choices = ruleset_choices(session, current_language())
                current = active_ruleset(session)[0].jurisdiction
        for choice in choices:
            mark = " " + tr("(in force)") if choice.code == current else ""
            out(f"  {choice.text()}{mark}")
        out(tr("An admin switches with: casedesk rules use cn|us|uk"))
        return 0
    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            select_jurisdiction(session, session.get_one(User, actor.id), args.jurisdiction.lower())
            version = active_ruleset(session)[0].label
    out(tr("Rule set {label} is now in force.", label=version))
    return 0


def run_rules_missing(args: argparse.Namespace) -> int:
    from app.compliance import active_ruleset
    from app.compliance.shipped_rules import missing_shipped_rules

    with opened(args) as database:
        acting_user(args, database)
        with database.session() as session:
            version = active_ruleset(session)[0].label
            missing = missing_shipped_rules(session, current_language())
    if args.json:
        print_json(
            {
                "ruleset": version,
                "missing": [
                    {
                        "id": r.id,
                        "name": r.label,
                        "severity": r.severity,
                        "enabled": r.enabled,
                        "description": r.description,
                        "citation": r.citation,
                        "declined": None
                        if r.declined is None
                        else {"by": r.declined.by, "on": r.declined.on.isoformat()},
                    }
                    for r in missing
                ],
            }
        )
        return 0
    if not missing:
        out(tr("The rule set {label} has every rule Casedesk ships.", label=version))
        return 0
    out(tr("Casedesk ships rules the rule set {label} does not have:", label=version))
    for r in missing:
        state = "" if r.enabled else " " + tr("(off)")
        out(f"  {r.id}{state} [{label(RULE_SEVERITY, r.severity)}] {r.label}")
        out(f"      {r.description}")
        out(f"      {r.citation}")
        if r.declined is not None:
            out("      " + r.declined.text())
    out(tr("An admin adds them with: casedesk rules add RULE…"))
    return 0


def run_rules_add(args: argparse.Namespace) -> int:
    from app.compliance.shipped_rules import add_shipped_rules

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            row = add_shipped_rules(session, session.get_one(User, actor.id), args.rule_ids)
            version = row.label
    out(tr("Rule set {label} is now in force.", label=version))
    return 0


def run_rules_decline(args: argparse.Namespace) -> int:
    from app.compliance import active_ruleset
    from app.compliance.shipped_rules import decline_shipped_rules

    with opened(args) as database:
        actor = acting_user(args, database)
        with database.session(write_lock=True) as session:
            decline_shipped_rules(session, session.get_one(User, actor.id), args.rule_ids)
            version = active_ruleset(session)[0].label
    out(tr("The rule set {label} stays without {rules}.", label=version, rules=args.rule_ids))
    return 0
