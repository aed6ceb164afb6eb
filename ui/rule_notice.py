"""At start, an admin is told of rules this Casedesk ships that the office's rule set lacks (a rule
set stored by an earlier version) and decides: add them, keep the rule set without them, or
later. Only rules no admin has decided on are asked about; the Rules page lists every missing rule
either way, with who kept it out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from app.auth import Permission, can
from app.compliance.shipped_rules import (
    MissingRule,
    add_shipped_rules,
    decline_shipped_rules,
    undecided_shipped_rules,
)
from app.errors import CasedeskError
from app.i18n import current_language, plural
from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui import std_buttons
from ui.std_buttons import message_box

if TYPE_CHECKING:
    from ui.main_window import MainWindow

ADD, KEEP_OUT, LATER = "add", "keep out", "later"


def notice_text(rules: list[MissingRule]) -> str:
    """What the notice says: the rules by name, each with severity, description and citation,
    and the three choices."""
    from ui.pages.rules import confirm_text, missing_text

    details = confirm_text(rules).split("\n\n", 1)[1]  # the rules, without the question
    return "\n\n".join(
        [
            missing_text(rules, True),
            details,
            plural(
                len(rules),
                "Add it to the rule set in force (stored as a new version), keep the rule set "
                "without it, or decide later: the Rules page lists it either way.",
                "Add them to the rule set in force (stored as a new version), keep the rule set "
                "without them, or decide later: the Rules page lists them either way.",
            ),
        ]
    )


def notice_box(parent: QWidget | None, rules: list[MissingRule]) -> QMessageBox:
    """The notice, with its buttons named by what they do (`box.choices` maps each to a choice)."""
    box = message_box(
        QMessageBox.Icon.Information,
        _("New compliance rules"),
        notice_text(rules),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    add = box.addButton(_("Add to the rule set"), QMessageBox.ButtonRole.AcceptRole)
    keep_out = plural(len(rules), "Keep the rule set without it", "Keep the rule set without them")
    keep = box.addButton(keep_out, QMessageBox.ButtonRole.DestructiveRole)
    later = box.addButton(_("Later"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(later)
    box.setEscapeButton(later)
    box.choices = {add: ADD, keep: KEEP_OUT, later: LATER}  # type: ignore[attr-defined]
    return box


def offer_shipped_rules(window: MainWindow, database: Database, user: User) -> str:
    """Ask an admin about the undecided missing rules and do what they choose; returns the
    choice, or "" when there was nothing to ask (not an admin, or no such rule)."""
    if not can(user, Permission.EDIT_RULESET):
        return ""
    with database.sessions() as session:
        rules = undecided_shipped_rules(session, current_language())
    if not rules:
        return ""
    box = notice_box(window, rules)
    box.exec()
    choice = box.choices.get(box.clickedButton(), LATER)  # type: ignore[attr-defined]
    if choice == LATER:
        return LATER
    ids = [rule.id for rule in rules]
    try:
        with database.session(write_lock=True) as session:
            me = session.get(User, user.id)
            assert me is not None
            if choice == ADD:
                label = add_shipped_rules(session, me, ids).label
            else:
                decline_shipped_rules(session, me, ids)
    except CasedeskError as error:  # e.g. decided meanwhile on another workstation
        std_buttons.warning(window, _("New compliance rules"), error.translated())
        return LATER
    window.hub.announce("ruleset")
    if choice == ADD:  # the added rules, on the Rules page
        page = window.page("rules")
        window.show_page(page)
        page.show_added(rules, label)
    return choice
