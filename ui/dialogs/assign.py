"""Choose an agent for selected cases, or a rule (round-robin / capacity) for unassigned ones."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.cases.assignment import assign_cases
from app.cases.delinquency import BUCKET_NAMES
from app.i18n import plural
from app.i18n import tr as _
from app.models import User
from app.queries.cases import AgentChoice
from db.store import Database
from ui.dialogs.base import ok_cancel, run_modal

RULES = {"round-robin": "Round-robin", "capacity": "By free capacity"}


def assign_now(database: Database, user: User, case_nos: list[str], username: str) -> int:
    """Run the core assignment in one transaction; raises CasedeskError with nothing saved."""
    with database.session() as session:
        actor = session.get(User, user.id)
        assert actor is not None
        return assign_cases(session, actor, case_nos, username)


def agent_text(agent: AgentChoice) -> str:
    """'王芳 (agent01)' plus what their training does not allow: never trained ("missing", as
    `casedesk training status` says) is not the same as a pass that expired ("lapsed")."""
    text = f"{agent.display_name} ({agent.username})"
    if not agent.phone_ok:
        gap = _("training missing") if agent.phone_gap == "missing" else _("training lapsed")
        return text + " — " + gap
    if not agent.field_ok:
        return text + " — " + _("no field work")
    return text


class AssignDialog(QDialog):
    """Pick the agent who gets the selected cases."""

    def __init__(
        self, agents: list[AgentChoice], count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Assign cases"))
        self.agent = QComboBox()
        for agent in agents:
            self.agent.addItem(agent_text(agent), agent.username)
        form = QFormLayout()
        form.addRow(_("Agent:"), self.agent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                plural(
                    count, "Assign {count} selected case to:", "Assign {count} selected cases to:"
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, _("Assign"), self.accept))
        self.setMinimumWidth(380)

    @classmethod
    def choose(cls, parent: QWidget | None, agents: list[AgentChoice], count: int) -> str | None:
        """The chosen agent's user name, or None when cancelled."""
        dialog = cls(agents, count, parent)
        return run_modal(dialog, lambda: str(dialog.agent.currentData()))


class AssignRuleDialog(QDialog):
    """Pick a rule and, optionally, a bucket for placing every unassigned open case."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Assign by rule"))
        self.rule = QComboBox()
        for value, msgid in RULES.items():
            self.rule.addItem(_(msgid), value)
        self.bucket = QComboBox()
        self.bucket.addItem(_("All buckets"), None)
        for name in BUCKET_NAMES:
            self.bucket.addItem(name, name)
        form = QFormLayout()
        form.addRow(_("Rule:"), self.rule)
        form.addRow(_("Bucket:"), self.bucket)
        note = QLabel(
            _(
                "Unassigned open cases are placed most urgent first; cases no qualified "
                "agent can take are skipped and counted."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(ok_cancel(self, _("Assign"), self.accept))
        self.setMinimumWidth(420)

    @classmethod
    def choose(cls, parent: QWidget | None) -> tuple[str, str | None] | None:
        """(rule, bucket or None), or None when cancelled."""
        dialog = cls(parent)
        return run_modal(dialog, lambda: (dialog.rule.currentData(), dialog.bucket.currentData()))
