"""The checks the window makes after its first paint: the computer's clock (on another zone than
the office's, or set back before its last work), the rule sets, and an admin's notice of shipped
rules the office's rule set lacks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.i18n import tr as _
from ui import std_buttons

if TYPE_CHECKING:
    from app.models import User
    from db.store import Database
    from ui.main_window import MainWindow


def check_rule_sets(parent: QWidget | None, database: Database) -> list[str]:
    """Validate the shipped rule sets and the office's active one (storing the first version if
    there is none) and warn about any problem; returns the problems.

    Run after the window's first paint: the start page needs no rules, every contact and booking
    loads the active version itself, and parsing the three shipped files and loading the
    holiday calendars' registry cost about 0.15 s that the start need not wait for.
    """
    from app.compliance import startup_check
    from app.compliance.versions import version_stored

    with database.session() as session:  # a read: never waits behind the day's rebuild
        stored = version_stored(session)
    # An older office that never stored its rule set (a new one stores it when it is created)
    # stores the shipped version at this first look, audited: a write, which must wait for the
    # day's rebuild started at the same paint rather than be refused as busy.
    with database.session(write_lock=not stored) as session:
        problems = startup_check(session)
    if problems:
        std_buttons.warning(parent, _("Compliance rule set"), "\n".join(problems))
    return problems


def start_checks(window: MainWindow, database: Database, user: User) -> None:
    """After the first paint: a clock on another zone than the office's (ui/clock_notice.py) or
    set back before the office's last work (ui/clock_behind_notice.py), the rule sets' check,
    then an admin's notice of shipped rules the rule set lacks (ui/rule_notice.py)."""
    from ui.clock_behind_notice import check_clock_behind
    from ui.clock_notice import show_clock_warning
    from ui.rule_notice import offer_shipped_rules

    show_clock_warning(window, database)
    check_clock_behind(window, database)  # a clock set back: a box to acknowledge
    check_rule_sets(window, database)
    offer_shipped_rules(window, database, user)
