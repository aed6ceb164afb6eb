"""A contact dialog whose save asked for a supervisor's override: an agent's call to a relative
yesterday at noon, connected (a third party before three failed attempts). The verdict panel
then shows its findings; the big-text, dark and override-words tests look at it."""

from __future__ import annotations

from typing import Any

from tests.ui.test_contact_dialog import agent_case, pick, yesterday_at
from tests.ui.test_keyboard_names import shown
from tests.ui.test_queue import login
from tests.ui.test_visits_page import settle


def override_asked(qtbot: Any, database: Any) -> Any:
    """The shown ContactDialog of agent01, its save refused for want of an override."""
    from ui.dialogs.contact import ContactDialog

    case_no, zone, person_id = agent_case(database)
    contact = shown(qtbot, ContactDialog(database, login(database, "agent01"), case_no))
    pick(contact.party, "relative")
    pick(contact.person, person_id)
    contact.set_time(yesterday_at(zone, 12))
    pick(contact.outcome, "connected")
    settle(qtbot, contact)
    assert contact.try_save() is False  # a third party: the verdict asks for an override
    return contact
