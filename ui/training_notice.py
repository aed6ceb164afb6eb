"""Lapsed training said where the work is listed: an agent's own at the top of their work queue
(no case or visit can be given to them until they pass it again), and the agent's whom a
supervisor's queue is filtered to, in the third person with how to move their cases."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.office import office_today
from app.training.agent_notice import agent_training_notice
from app.training.status import own_training_notice
from db.store import Database
from ui.colours import set_role

NOTICE_ROLE = "lapsed_banner"


class _Notice(QLabel):
    """A word-wrapped banner, hidden while there is nothing to say."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        set_role(self, NOTICE_ROLE)
        self.hide()

    def say(self, notice: str | None) -> None:
        self.setText(notice or "")
        self.setVisible(notice is not None)


class OwnTrainingNotice(_Notice):
    """Hidden while the agent is fit for phone and field work."""

    def __init__(self, database: Database, agent_id: int, parent: QWidget | None = None) -> None:
        super().__init__("training_notice", parent)
        self.database = database
        self.agent_id = agent_id

    def refresh(self) -> None:
        with self.database.sessions() as session:
            self.say(own_training_notice(session, self.agent_id, office_today(session)))


class AgentTrainingNotice(_Notice):
    """A supervisor's queue filtered to one agent: that agent's lapsed training, hidden while
    they are fit for all work or no agent is chosen."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__("agent_training_notice", parent)
        self.database = database
        self.agent_id: int | None = None

    def show_agent(self, agent_id: int | None) -> None:
        self.agent_id = agent_id
        self.refresh()

    def refresh(self) -> None:
        if self.agent_id is None:
            self.say(None)
            return
        with self.database.sessions() as session:
            day = office_today(session)
            self.say(agent_training_notice(session, self.agent_id, day, "window"))
