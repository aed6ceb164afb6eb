"""An agent's own lapsed training, said where they work (the top of their work queue): no case or
visit can be given to them until they pass it again, and the queue says why."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.office import office_today
from app.training.status import own_training_notice
from db.store import Database
from ui.colours import set_role

NOTICE_ROLE = "lapsed_banner"


class OwnTrainingNotice(QLabel):
    """Hidden while the agent is fit for phone and field work."""

    def __init__(self, database: Database, agent_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.agent_id = agent_id
        self.setObjectName("training_notice")
        self.setWordWrap(True)
        set_role(self, NOTICE_ROLE)
        self.hide()

    def refresh(self) -> None:
        with self.database.sessions() as session:
            notice = own_training_notice(session, self.agent_id, office_today(session))
        self.setText(notice or "")
        self.setVisible(notice is not None)
