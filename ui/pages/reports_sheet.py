"""The Reports page's daily visit sheet: its day (the office's today unless another is picked)
and whose sheet — every agent's, one after another, or one agent's, as the Visits page prints
it. The choices are the core's (app/visits/sheet.py: an agent is offered their own only)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QDateEdit

from app.i18n import tr as _
from app.models import User
from app.paths import name_part
from db.store import Database
from ui.pages.reports_form import date_edit
from ui.widgets import qdate


class SheetFields:
    """The sheet's two fields on the page's form."""

    def __init__(self, database: Database, user: User, today: dt.date) -> None:
        from app.visits.sheet import EVERY_AGENT, sheet_agents

        with database.sessions() as session:
            actor = session.get(User, user.id)
            assert actor is not None
            agents = sheet_agents(session, actor)
        self.day: QDateEdit = date_edit(today)
        self.whose = QComboBox()
        self.whose.setObjectName("whose_sheet")
        if len(agents) > 1 or (agents and agents[0][0] != user.username):
            self.whose.addItem(_("Every agent"), EVERY_AGENT)
        for username, name in agents:
            self.whose.addItem(_("{name} ({username})", name=name, username=username), username)

    def chosen_day(self) -> dt.date:
        return self.day.date().toPython()  # type: ignore[no-any-return]

    def agent(self) -> str:
        return str(self.whose.currentData())

    def choose(self, agent: str | None, name: str, day: dt.date | None) -> None:
        """Show an earlier print's day and agent (one no longer listed is added, as it was)."""
        if day is not None:
            self.day.setDate(qdate(day))
        if agent is None:
            return
        index = self.whose.findData(agent)
        if index < 0:
            named = _("{name} ({username})", name=name, username=agent)
            self.whose.addItem(named if name else agent, agent)
            index = self.whose.count() - 1
        self.whose.setCurrentIndex(index)

    def file_name(self) -> str:
        """What Save as… offers: "visit-sheet-agent01-2026-12-07.pdf", "…-every-agent-…"."""
        agent = name_part(self.agent() or "every-agent")  # a user name may hold a ":" or a "/"
        return f"visit-sheet-{agent}-{self.chosen_day():%Y-%m-%d}.pdf"
