"""An agent's own lapsed training, said where they work (the top of their work queue): no case or
visit can be given to them until they pass it again, and the queue says why."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QWidget

from app.i18n import current_language, listed
from app.i18n import tr as _
from app.training.status import WorkKind, work_gaps
from db.store import Database

NOTICE_STYLE = (
    "background: #fff4e5; border: 1px solid #e65100; border-radius: 3px; padding: 4px 8px;"
    " color: #8a3b00;"
)


class OwnTrainingNotice(QLabel):
    """Hidden while the agent is fit for phone and field work."""

    def __init__(self, database: Database, agent_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.agent_id = agent_id
        self.setObjectName("training_notice")
        self.setWordWrap(True)
        self.setStyleSheet(NOTICE_STYLE)
        self.hide()

    def refresh(self) -> None:
        with self.database.sessions() as session:
            gaps = work_gaps(session, self.agent_id, dt.date.today())
        zh = current_language() == "zh_CN"
        phone, field = gaps.get(WorkKind.PHONE, []), gaps.get(WorkKind.FIELD, [])
        courses = listed(
            [c.name_zh if zh else c.name_en for c in phone + [c for c in field if c not in phone]]
        )
        if phone:
            self.setText(
                _(
                    "Your training for phone and field work has lapsed or is missing "
                    "({courses}): no case or visit can be given to you until you pass it again.",
                    courses=courses,
                )
            )
        elif field:
            self.setText(
                _(
                    "Your training for field work has lapsed or is missing ({courses}): you "
                    "cannot be put on a visit until you pass it again.",
                    courses=courses,
                )
            )
        self.setVisible(bool(phone or field))
