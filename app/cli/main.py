"""`casedesk`: the parser, the window when no command is given, and the one error boundary."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from importlib import import_module
from pathlib import Path

from app import __version__
from app.cli.options import add_db_option, add_lang_option
from app.errors import CasedeskError, failed_path, os_reason
from app.i18n import SUPPORTED, normalise, set_language, supported_language, tr
from app.printable import visible, visible_params

# The command families, in the order `casedesk --help` lists them (app/cli/cmd_<name>.py). They
# are imported only when a command is given or help is asked for: the window's start does not
# pay for every command's imports.
COMMAND_MODULES = (
    "init",
    "demo",
    "db",
    "user",
    "queue",
    "contact",
    "borrower",
    "complaint",
    "rules",
    "training",
    "report",
    "audit",
    "export",
    "agreement",
    "import",
    "visit",
    "settings",
    "about",
)
# The families that register more commands than the one of their own name.
MORE_COMMANDS = {
    "queue": ("case", "payment", "assign", "assign-undo"),
    "settings": ("dashboard", "approvals"),
}


def family_of(command: str) -> str | None:
    """The command family (app/cli/cmd_<family>.py) that registers `command`, if any."""
    if command in COMMAND_MODULES:
        return command
    return next((f for f, names in MORE_COMMANDS.items() if command in names), None)


class Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line and exit code 2, as argparse itself uses."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"casedesk: {visible(message, keep=chr(10))}\n")

    def format_help(self) -> str:
        """argparse ends a section's heading with an ASCII colon ("options:"); a Chinese heading
        ends in "：" (选项：, 命令：)."""
        return re.sub(r"(?m)^( *\S.*[\u3400-\u9fff]):$", r"\1：", super().format_help())


def argparse_in_the_language() -> None:
    """argparse's own words ("usage:", "options", its errors) in the current language: argparse
    looks them up through its module-level gettext functions, `_` and `ngettext`, which are
    pointed at the catalogs here (argparse's msgids: resources/i18n/zh_CN/argparse.json)."""
    setattr(argparse, "_", tr)  # noqa: B010 - argparse's own name for its gettext
    setattr(argparse, "ngettext", lambda one, many, n: tr(one if n == 1 else many))  # noqa: B010


def build_parser(with_commands: bool = True, family: str | None = None) -> argparse.ArgumentParser:
    """The parser; without commands, only the window's own options (the start's fast path); with
    `family`, only that family's commands (the one a command line names: a command's start does
    not build and import every other command's parser)."""
    argparse_in_the_language()
    parser = Parser(
        prog="casedesk",
        description=tr(
            "Casedesk: case management for post-loan collection. "
            "Without a command, opens the window."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"casedesk {__version__}",
        help=tr("show program's version number and exit"),
    )
    add_db_option(parser, top=True)
    add_lang_option(parser, top=True)
    parser.set_defaults(func=open_window)
    if with_commands:
        commands = parser.add_subparsers(dest="command", metavar="COMMAND", title=tr("commands"))
        for name in (family,) if family else COMMAND_MODULES:
            import_module(f"app.cli.cmd_{name}").register(commands)
    return parser


def _parse(argv: list[str]) -> argparse.Namespace:
    """The window's options alone when that is all there is; a known command's family alone
    when one is named; else (help, a mistyped command) the full parser's answer."""
    if not {"-h", "--help"} & set(argv):
        args, rest = build_parser(with_commands=False).parse_known_args(argv)
        if not rest:
            return args
        family = family_of(rest[0])
        if family is not None:
            return build_parser(family=family).parse_args(argv)
    return build_parser().parse_args(argv)


def open_window(args: argparse.Namespace) -> int:
    """The desktop window (Qt is imported only here, never by the core)."""
    try:
        from ui.app import run
    except ImportError as exc:
        raise CasedeskError("The window cannot start: {reason}", reason=str(exc)) from None
    db = args.db  # None: this workstation's choice (`casedesk db use`), else the default file
    if isinstance(db, Path):  # a server URL stays a string (db/pg.py)
        db = db.expanduser().absolute()
    return int(run(db, args.lang) or 0)


def language_in(argv: list[str]) -> str | None:
    """--lang must be known before the parser is built, since its help text is translated. A
    language Casedesk does not speak (`--lang fr`) is None here: the parser refuses it in the
    language the messages are in without it (CASEDESK_LANG's), as it says every other usage
    error, not in the English `fr` was taken for."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        else:
            continue
        return value if supported_language(value) is not None else None
    return None


def warn_of_an_unknown_environment_language() -> None:
    """CASEDESK_LANG naming a language Casedesk does not speak: English, said once (not a
    refusal: the variable may be set for other programs too)."""
    value = os.environ.get("CASEDESK_LANG", "").strip()
    if value and supported_language(value) is None:
        print(
            "casedesk: "
            + tr(
                "CASEDESK_LANG={value} is not a language Casedesk speaks ({choices}); "
                "messages are in English.",
                value=visible(value),
                choices=list(SUPPORTED),
            ),
            file=sys.stderr,
            flush=True,
        )


def database_failure(error: Exception, args: argparse.Namespace | None) -> CasedeskError | None:
    """SQLite's error on the office file, in the user's words; None for any other error."""
    if "sqlcipher3" not in sys.modules:  # no database was opened: not SQLite's error
        return None
    from db.sqlcipher import failure

    target = getattr(args, "db", None)
    if target is None:
        from app.paths import default_db_path

        target = default_db_path()
    return failure(error, str(target))


class _RuleSetNotices(logging.Handler):
    """What the core says of a rule set file or a stored version (app.compliance.said, once, in
    the user's language), printed as the CLI's own lines."""

    def emit(self, record: logging.LogRecord) -> None:
        text = visible(record.getMessage(), keep=chr(10))
        print(f"casedesk: {text}", file=sys.stderr, flush=True)


def print_rule_set_notices() -> None:
    logger = logging.getLogger("app.compliance")
    if not any(isinstance(handler, _RuleSetNotices) for handler in logger.handlers):
        logger.addHandler(_RuleSetNotices(logging.WARNING))


def main(argv: list[str] | None = None) -> int:
    """Run one command; user errors become one line on stderr and a non-zero exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    print_rule_set_notices()
    args: argparse.Namespace | None = None
    lang = language_in(argv)
    if lang:
        set_language(lang)
    else:
        warn_of_an_unknown_environment_language()
    try:
        try:
            args = _parse(argv)
        except SystemExit as exc:  # --help, --version, usage errors
            return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        args.lang = normalise(lang) if lang else None
        return int(args.func(args) or 0)
    except CasedeskError as exc:
        exc.params = visible_params(
            exc.params, exc.msgid
        )  # a value the user typed is shown, not obeyed
        print(f"casedesk: {visible(exc.translated(), keep=chr(10))}", file=sys.stderr, flush=True)
        return exc.exit_code
    except KeyboardInterrupt:
        if sys.stderr is not None and sys.stderr.isatty():
            print(file=sys.stderr)
        return 130
    except EOFError:  # a prompt closed with Ctrl-D
        print("casedesk: " + tr("Cancelled; nothing was changed."), file=sys.stderr, flush=True)
        return 1
    except BrokenPipeError:  # the reader went away (`casedesk queue | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a folder that cannot be written, a disk that is full …
        reason = os_reason(exc)
        where = failed_path(exc) or ""
        print(
            "casedesk: "
            + tr("Cannot use {path}: {reason}.", path=visible(str(where)), reason=reason),
            file=sys.stderr,
            flush=True,
        )
        return 1
    except Exception as exc:  # SQLite's own error on a busy, read-only, full or damaged file
        failure = database_failure(exc, args)
        if failure is None:
            raise
        print(
            f"casedesk: {visible(failure.translated(), keep=chr(10))}", file=sys.stderr, flush=True
        )
        return failure.exit_code
    finally:
        if lang:
            set_language(None)
