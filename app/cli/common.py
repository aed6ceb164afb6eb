"""What every command shares: --db/--json/--user, prompts, opening or creating the database."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.cli.options import add_db_option as add_db_option  # light: the window's start
from app.cli.options import add_lang_option as add_lang_option
from app.cli.options import db_target as db_target
from app.digits import whole_text
from app.errors import AuthenticationError, PermissionDenied, ValidationError
from app.i18n import tr
from app.models import User
from app.paths import default_db_path
from app.printable import visible
from app.reasons import MIN_REASON
from app.setup import (  # noqa: F401 - re-exported for the commands
    building,
    keep_key,
    new_key,
    remove_database_files,
)
from db.store import Database

SQLITE_MAGIC = b"SQLite format 3\x00"


# --- options ----------------------------------------------------------------------------------


def whole_number(text: str) -> int:
    """An argparse type: a whole number, refused in the user's words (argparse's own message
    names the Python type, "int", in either language)."""
    try:
        return whole_text(text)
    except ValidationError as exc:  # a digit of another script, named
        raise argparse.ArgumentTypeError(exc.translated()) from None
    except ValueError:
        raise argparse.ArgumentTypeError(tr("not a whole number: {value}", value=text)) from None


def pdf_file(text: str) -> Path:
    """An argparse type: the name of the PDF to write, ending in .pdf (a report written to
    "out.txt" would be a PDF no program opens as one)."""
    if Path(text).suffix.lower() != ".pdf":
        raise argparse.ArgumentTypeError(tr("the file name must end in .pdf: {path}", path=text))
    return Path(text)


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=tr("print the result as JSON"))


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=None,
        help=tr(
            "act as this user (default: CASEDESK_USER); password from CASEDESK_PASSWORD or a prompt"
        ),
    )


def add_decision_reason(parser: argparse.ArgumentParser) -> None:
    """--reason for a supervisor's decision kept in the audit trail (app/reasons.py's minimum)."""
    help_text = tr("why, at least {count} characters (kept in the audit trail)", count=MIN_REASON)
    parser.add_argument("--reason", metavar="TEXT", required=True, help=help_text)


def add_acting_options(parser: argparse.ArgumentParser, *, json: bool = False) -> None:
    """--user, --db, --lang (and --json) for a command that acts as a logged-in user."""
    add_user_option(parser)
    add_db_option(parser)
    add_lang_option(parser)
    if json:
        add_json_option(parser)


def db_path(args: argparse.Namespace) -> Path:
    given = getattr(args, "db", None)
    if isinstance(given, str):  # a server URL: only the commands that open a database take one
        raise ValidationError("This command works on a database file, not a server URL.")
    return Path(given).expanduser().absolute() if given else default_db_path().absolute()


# --- output -----------------------------------------------------------------------------------


def out(text: str = "") -> None:
    print(text, flush=True)


def err(text: str) -> None:
    print(visible(text, keep="\n\t"), file=sys.stderr, flush=True)


def print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, default=str), flush=True)


# --- prompts ----------------------------------------------------------------------------------


def interactive() -> bool:
    """True when a person can answer a prompt (never prompt a pipe or a test)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def ask_secret(prompt: str) -> str | None:
    if not interactive():
        return None
    return getpass.getpass(prompt)


def ask_new_password(env_name: str, who: str) -> str:
    """A new password from `env_name`, else typed twice at a prompt."""
    value = os.environ.get(env_name)
    if value:
        return value
    if not interactive():
        raise ValidationError(
            "No password for {user}: set {env} or run this in a terminal.", user=who, env=env_name
        )
    first = getpass.getpass(tr("New password for {user}: ", user=who))
    second = getpass.getpass(tr("Repeat the password: "))
    if first != second:
        raise ValidationError("The two passwords differ; nothing was saved.")
    return first


def key_prompt(path: Path) -> Callable[[], str | None]:
    def ask() -> str | None:
        return ask_secret(tr("Recovery key for {path}: ", path=str(path)))

    return ask


def keep_typed_key(path: Path, key: str, typed: bool) -> None:
    """Keep a recovery key typed at the prompt in the keychain, now that it opened the office."""
    if typed:
        from db.keystore import store_in_keychain

        store_in_keychain(path, key)


# --- the database -----------------------------------------------------------------------------


def is_encrypted(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC


def open_existing(args: argparse.Namespace, *, upgrade: bool = True) -> Database:
    """Open the database named by --db (or the default); a missing file is refused before any key
    prompt."""
    from db.engine import check_path

    if isinstance(getattr(args, "db", None), str):
        from app.cli.server_open import open_server

        return open_server(args.db, upgrade=upgrade)
    database = open_file(check_path(db_path(args), must_exist=True), upgrade=upgrade)
    if database.backup_before_upgrade is not None:
        from app.cli.upgraded import tell_upgraded

        tell_upgraded(database, database.backup_before_upgrade)
    return database


def open_file(path: Path, *, upgrade: bool = True) -> Database:
    """Open the file at `path`. The prompt goes in, not a key found first: a recovery key typed
    at it is kept in the keychain once it has opened the file, so this computer does not ask
    again. A key the keychain kept that does not open the file is said, and the recovery key
    asked at a terminal: one that opens the file replaces it; Enter alone leaves it as it was."""
    from app.errors import KeptKeyWrong
    from db.store import open_database

    try:
        return open_database(path, upgrade=upgrade, ask_key=key_prompt(path))
    except KeptKeyWrong:
        if not interactive():
            raise  # says to type it in a terminal or set CASEDESK_DB_KEY
    err(
        tr(
            "The key this computer kept for {path} does not open it: the file may come from "
            "another computer (a restore), or be a new office made at the same path, or not be a "
            "Casedesk database. Type its recovery key to open it and keep that key instead, or "
            "press Enter to leave the kept key as it was.",
            path=str(path),
        )
    )
    return open_database(path, upgrade=upgrade, ask_key=key_prompt(path), keychain=False)


def typed_money(database: Database, text: str) -> int:
    """An amount typed on the command line, in minor units; the office's own currency sign or
    code may go with it ("$500.00" in a US office), another's is refused (app/money.py)."""
    from app.money import to_minor
    from app.office import office_currency

    with database.sessions() as session:
        return to_minor(text, office_currency(session))


@contextmanager
def opened(args: argparse.Namespace, *, upgrade: bool = True) -> Iterator[Database]:
    database = open_existing(args, upgrade=upgrade)
    try:
        yield database
    finally:
        database.close()


def refuse_existing(path: Path, *, force: bool | None = None) -> None:
    """Refuse to overwrite a file; `force` None means the command has no --force."""
    if path.exists() and force is None:
        raise ValidationError("A file is already at {path}; not overwriting it.", path=str(path))
    if path.exists() and not force:
        raise ValidationError(
            "A file is already at {path}; add --force to replace it.", path=str(path)
        )
    if path.is_dir():
        raise ValidationError("{path} is a folder, not a database file.", path=str(path))


def tell_where_kept(kept: str) -> None:
    """Say where a new key is kept, as app.setup.keep_key answers: "env" (taken from
    CASEDESK_DB_KEY), "keychain", or "none" (no keychain here: the recovery key printed next is
    the only copy)."""
    if kept == "env":
        out(tr("The key was taken from CASEDESK_DB_KEY; it was not stored in the keychain."))
    elif kept == "keychain":
        out(tr("The key is stored in this computer's keychain (service Casedesk)."))
    else:
        out(
            tr(
                "No keychain is available on this computer: keep the recovery key below, and "
                "set CASEDESK_DB_KEY to it (or type it when asked) to open the database."
            )
        )


def announce_key(path: Path, key: str, from_env: bool) -> None:
    """Keep the key in the keychain (unless it came from the environment) and print the recovery
    key once."""
    from db.keystore import recovery_key

    tell_where_kept(keep_key(path, key, from_env))
    out()
    out(tr("Recovery key (shown only this once; write it down and keep it safe):"))
    out("    " + recovery_key(key))
    out(tr("Without the key nobody, including you, can read this database."))
    out()


# --- the acting user --------------------------------------------------------------------------


def acting_user(args: argparse.Namespace, database: Database) -> User:
    """Log in as --user / CASEDESK_USER with CASEDESK_PASSWORD or a prompt; failures are counted."""
    from app.cli.clock_warning import warn_clock_behind

    name, password = credentials(args)
    user = log_in(database, name, password)
    # Every command run as a user records its login, and writes; said as the user's role may
    # answer it (an admin confirms the clock right), so once logged in.
    warn_clock_behind(database, user)
    return user


def log_in(database: Database, name: str, password: str) -> User:
    """Log `name` in for a command: the password checked (failures counted), then refused
    without a login recorded when an admin set it (`own_password`), else the login audited."""
    from app.auth import check_password, record_login
    from app.models.base import utcnow

    user = own_password(check_password(database.sessions, name, password))
    return record_login(database.sessions, user.id, password, utcnow())


def credentials(args: argparse.Namespace) -> tuple[str, str]:
    """The acting user's name (--user / CASEDESK_USER) and password (CASEDESK_PASSWORD or a
    prompt), not yet checked: for a use case that checks them itself."""
    name = getattr(args, "user", None) or os.environ.get("CASEDESK_USER")
    if not name and interactive():
        name = input(tr("User name: ")).strip()
    if not name:
        raise AuthenticationError("Say who you are: --user NAME or CASEDESK_USER.")
    password = os.environ.get("CASEDESK_PASSWORD")
    if password is None:
        password = ask_secret(tr("Password for {user}: ", user=name))
    if password is None:
        raise AuthenticationError(
            "No password for {user}: set CASEDESK_PASSWORD or run this in a terminal.", user=name
        )
    return name, password


def own_password(user: User) -> User:
    """The user, unless an admin set their password (adding the account or resetting it): then
    they choose their own first, with `casedesk user password`, which works for them."""
    if user.must_change_password:
        raise AuthenticationError(
            "An administrator set the password of {user}: choose your own first with "
            "casedesk user password --user {user}.",
            user=user.username,
        )
    return user


def override_user(
    database: Database, actor: User, name: str | None, reason: str | None
) -> User | None:
    """Who overrides a rule for `actor`: none without a reason; `actor` unless another `name` is
    given; else that supervisor, whose password (CASEDESK_OVERRIDE_PASSWORD or a prompt) is
    checked, not a login: no login is audited for them and their last login stays (a wrong one
    is counted towards their lockout as at login).

    Without either the password is missing, not wrong: it is not tried, so no failure is counted
    against the supervisor (five would lock them out)."""
    from app.auth import check_password

    if not reason:
        return None
    if not name or name == actor.username:
        return own_override(actor)
    password = os.environ.get("CASEDESK_OVERRIDE_PASSWORD") or ask_secret(
        tr("Password for {user}: ", user=name)
    )
    if password is None:
        raise AuthenticationError(
            "No password for {user}: set {env} or run this in a terminal.",
            user=name,
            env="CASEDESK_OVERRIDE_PASSWORD",
        )
    return own_password(check_password(database.sessions, name, password))


def own_override(actor: User) -> User:
    """`actor`, who overrides for themself: refused, naming --override-by, when their role may
    not (the core's refusal says only whom to ask)."""
    from app.auth import Permission, can
    from app.i18n import Words
    from app.labels import ROLE

    if not can(actor, Permission.OVERRIDE_RULES):
        raise PermissionDenied(
            "{user} ({role}) may not override the rules: name the supervisor who does with "
            "--override-by (their password from {env} or a prompt).",
            user=actor.username,
            role=Words(ROLE[actor.role.value]),
            env="CASEDESK_OVERRIDE_PASSWORD",
        )
    return actor


def overridden_by(user: str, reason: str | None) -> str:
    """The line after a save a rule held for a supervisor: whose override let it through, and
    the reason they wrote (as `contact log` and `visit book` / `reschedule` print it)."""
    return tr("Saved on {user}'s override: {reason}", user=user, reason=(reason or "").strip())


def print_verdict(verdict: Any, as_json: bool, extra: dict[str, Any] | None = None) -> None:
    """A compliance verdict with each finding's rule, reason, what to do next when it blocks (as
    the window's verdict panel says it) and citation (or as JSON)."""
    from app.compliance import explain
    from app.compliance.advice import advice
    from app.i18n import current_language
    from app.labels import VERDICT_NOW, label

    if as_json:
        print_json(
            {
                "verdict": verdict.kind.value,
                "ruleset": verdict.ruleset,
                "findings": [
                    f.as_json()
                    | {"text": f.text()}
                    | ({"advice": todo} if (todo := advice(f, cli=True)) else {})
                    for f in verdict.findings
                ],
                **(extra or {}),
            }
        )
        return
    out(
        tr(
            "Verdict: {verdict} (rule set {ruleset})",
            verdict=label(VERDICT_NOW, verdict.kind),
            ruleset=verdict.ruleset,
        )
    )
    lang = current_language()
    for finding, line in zip(verdict.findings, explain(verdict, lang), strict=True):
        out("    " + line)
        if todo := advice(finding, lang, cli=True):
            out("        " + todo)
        citation = finding.citation_in(lang)
        if citation:
            out("        " + tr("Citation: {citation}", citation=citation))
