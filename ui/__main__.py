"""`python -m ui [--db PATH] [--lang zh_CN]`: start the desktop app.

The options are `casedesk`'s own (app/cli/options.py): a language Casedesk does not speak is a
usage error, and an unknown CASEDESK_LANG is said once on stderr, as the CLI says it."""

from __future__ import annotations

import sys

from app.cli.main import (
    Parser,
    argparse_in_the_language,
    language_in,
    warn_of_an_unknown_environment_language,
)
from app.cli.options import add_db_option, add_lang_option
from app.i18n import set_language, tr


def main(argv: list[str] | None = None) -> int:
    """Parse the window's options (the rest go to Qt) and run the window; 2 on a usage error."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = language_in(argv)
    if lang:
        set_language(lang)  # the help and the usage errors in the language asked for
    else:
        warn_of_an_unknown_environment_language()
    argparse_in_the_language()
    parser = Parser(prog="python -m ui", description=tr("Casedesk desktop app"))
    add_db_option(parser, top=True)
    add_lang_option(parser, top=True)
    try:
        args, qt_args = parser.parse_known_args(argv)
    except SystemExit as exc:  # --help, usage errors
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    from ui.app import run

    return run(args.db, args.lang, [sys.argv[0], *qt_args])


if __name__ == "__main__":
    sys.exit(main())
