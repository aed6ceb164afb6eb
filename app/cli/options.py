"""The options the window's start parses too (--db, --lang): nothing here loads the core's models,
so a plain `casedesk` reaches its login box before SQLAlchemy has loaded."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.digits import whole_text
from app.errors import ValidationError
from app.i18n import SUPPORTED, supported_language, tr
from app.paths import default_db_path
from db.target import is_pg_url


def add_db_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """--db PATH; on subcommands it defaults to SUPPRESS so it never hides a top-level --db."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=db_target,
        default=None if top else argparse.SUPPRESS,
        help=tr(
            "the database file or a postgresql+psycopg://user@host/db URL (default: {path})",
            path=str(default_db_path()),
        ),
    )


def db_target(text: str) -> Path | str:
    """--db's value: a PostgreSQL URL stays a string (db/pg.py), anything else is a file path."""
    return text if is_pg_url(text) else Path(text)


def language(text: str) -> str:
    """--lang's value as a supported code; a language Casedesk does not speak is a usage error."""
    code = supported_language(text)
    if code is None:
        raise argparse.ArgumentTypeError(
            tr(
                "unsupported language {name}; choose one of: {choices}",
                name=text,
                choices=list(SUPPORTED),
            )
        )
    return code


def add_lang_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    parser.add_argument(
        "--lang",
        metavar="LANG",
        type=language,
        default=None if top else argparse.SUPPRESS,
        help=tr("language of messages: en or zh_CN (default: CASEDESK_LANG or the system's)"),
    )


def limit_count(text: str) -> int:
    """A --limit's value: a whole number, 0 or more (-1 listed nothing and said nothing of it)."""
    try:
        value = whole_text(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.translated()) from None
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            tr("{value} is not a whole number of 0 or more.", value=text)
        )
    return value
