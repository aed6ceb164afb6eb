"""The -o FILE and --force options every command that writes a file shares: a file already
there is kept unless --force, a folder given as the file or a folder that does not exist is
said before the password is asked or a figure gathered (app/outfile.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import db_path, pdf_file
from app.i18n import tr
from app.outfile import check_target


def add_output_options(
    parser: argparse.ArgumentParser, *, pdf: bool = True, positional: str | None = None
) -> None:
    """-o/--output FILE (or the positional `positional`), a PDF when `pdf`, and --force."""
    kind = pdf_file if pdf else Path
    metavar = "FILE.pdf" if pdf else "FILE"
    if positional:
        parser.add_argument(positional, metavar=metavar, type=kind)
    else:
        parser.add_argument("-o", "--output", required=True, type=kind, metavar=metavar)
    parser.add_argument("--force", action="store_true", help=tr("replace the file if it exists"))


def check_output(args: argparse.Namespace, name: str = "output") -> Path:
    """The file to write, or a ValidationError saying why not (nothing has been written)."""
    from app.export_safety import refuse_overwriting

    path = Path(getattr(args, name))
    if not isinstance(getattr(args, "db", None), str):  # a file, not a server: never written over
        refuse_overwriting(path.expanduser().absolute(), db_path(args))
    check_target(path, replace=args.force)
    return path
