"""The Case menu's actions (Log contact…, Post payment…, Add note…, Book visit…) follow the case
they would act on, as the case page's buttons do: greyed out, saying why, where the core would
refuse them (a borrower whose personal data were erased, a closed case). Found walking an erased
borrower's case: the menu and the command palette still offered Add note…, and only the core
refused the note once it was typed and saved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QPushButton

from app.i18n import tr as _
from ui.actions import Action

if TYPE_CHECKING:
    from ui.main_window import MainWindow

# Each action and the case page's button that does the same on the open case.
BUTTONS = {
    Action.LOG_CONTACT: "contact_button",
    Action.POST_PAYMENT: "pay_button",
    Action.CASE_NOTE: "note_button",
    Action.BOOK_VISIT: "visit_button",
}


def _queue_current(window: MainWindow) -> bool:
    """The Work queue in front: its selected case is the one acted on (ui/commands.py), and it
    lists open cases only; with none selected, the case page's case is."""
    queue = window.built.get("queue")
    return queue is not None and window.stack.currentWidget() is queue


def case_button(window: MainWindow, key: Action) -> QPushButton | None:
    """The case page's button `key` would follow now; None when no case is open on it."""
    page: Any = window.built.get("cases")
    if page is None or page.detail is None or key not in BUTTONS:
        return None
    button = getattr(page, BUTTONS[key])
    return button if isinstance(button, QPushButton) else None


def update(window: MainWindow) -> None:
    """Enable each action as its button is, with the button's reason as its tips."""
    actions = getattr(window, "command_actions", None)
    if actions is None:  # the window is still being built
        return
    on_queue = _queue_current(window)
    for key in BUTTONS:
        action = actions.by_id.get(key)
        if action is None:
            continue
        button = None if on_queue else case_button(window, key)
        enabled = button is None or button.isEnabled()
        why = "" if enabled or button is None else button.toolTip()
        action.setEnabled(enabled)
        action.setStatusTip(why)
        action.setToolTip(why)  # shown on the Case menu (ui/actions.py); none when enabled


def refusal(window: MainWindow, key: Action) -> str | None:
    """Why the case page's button refuses `key` on its case now (None: it does not): a shortcut
    pressed on the queue with nothing selected acts on that case."""
    button = case_button(window, key)
    if button is None or button.isEnabled():
        return None
    return button.toolTip() or _("Not possible on this case.")


def follow(window: MainWindow) -> None:
    """Keep the actions in step with the page in front and the case page's buttons."""
    window.stack.currentChanged.connect(lambda _index: update(window))


def follow_case_page(window: MainWindow, page: Any) -> None:
    """The case page, once built: its buttons set for a case set the actions."""
    page.buttons_set.connect(lambda: update(window))
