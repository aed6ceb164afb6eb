"""`python -m ui [--db PATH] [--lang zh_CN]`: start the desktop app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ui.app import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui", description="Casedesk desktop app")
    parser.add_argument("--db", type=Path, default=None, help="database file")
    parser.add_argument("--lang", default=None, help="en or zh_CN")
    args, qt_args = parser.parse_known_args(argv)
    return run(args.db, args.lang, [sys.argv[0], *qt_args])


if __name__ == "__main__":
    sys.exit(main())
