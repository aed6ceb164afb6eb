"""The bundle's entry point: the same `casedesk` command (no arguments opens the window)."""

from app.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
