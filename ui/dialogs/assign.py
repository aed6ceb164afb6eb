"""Choose an agent for selected cases (or hand them back to the queue), or a rule (round-robin /
capacity) for unassigned cases or for one agent's open cases (an absent agent's, say)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.cases.assignment import HandAssignment, HandBack, assign_cases, unassign_cases
from app.cases.capacity import LoadAfter
from app.cases.delinquency import BUCKET_NAMES
from app.i18n import plural
from app.i18n import tr as _
from app.models import User
from app.queries.cases import AgentChoice
from db.store import Database
from ui.dialogs.base import ok_cancel, run_modal

RULES = {"round-robin": "Round-robin", "capacity": "By free capacity"}
BACK_TO_QUEUE = ""  # the Assign dialog's choice for "no agent": the cases go back to the queue


def assign_now(
    database: Database, user: User, case_nos: list[str], username: str, over_capacity: bool = False
) -> HandAssignment | HandBack:
    """Run the core assignment (BACK_TO_QUEUE: hand the cases back) in one
    transaction; raises CasedeskError (OverCapacity: past the office's capacity, unless
    `over_capacity`) with nothing saved."""
    with database.session(write_lock=True) as session:
        actor = session.get(User, user.id)
        assert actor is not None
        if username == BACK_TO_QUEUE:
            return unassign_cases(session, actor, case_nos)
        return assign_cases(session, actor, case_nos, username, over_capacity=over_capacity)


def over_capacity_question(after: LoadAfter) -> str:
    """What the window asks before taking an agent past the office's capacity."""
    return _(
        "{agent} will hold {load} open cases; the office's capacity is {capacity}. Assign "
        "them all the same?",
        agent=after.agent,
        load=f"{after.load:,}",
        capacity=f"{after.capacity:,}",
    )


NOTE_NAME_CHARS = 40  # an agent's name in Assign by rule's note (whole in the list above it)


def short_name(name: str) -> str:
    """`name`, cut to NOTE_NAME_CHARS with "…": the note names the agent three times."""
    return name if len(name) <= NOTE_NAME_CHARS else name[: NOTE_NAME_CHARS - 1] + "…"


def agent_name(agent: AgentChoice) -> str:
    """'王芳 (agent01)', '王芳（agent01）' in Chinese."""
    return _("{name} ({username})", name=agent.display_name, username=agent.username)


def agent_text(agent: AgentChoice, load: bool = False) -> str:
    """The agent's name plus what their training does not allow: never trained ("missing", as
    `casedesk training status` says) is not the same as a pass that expired ("lapsed"); with
    `load`, the open cases they hold first (the Assign dialog: QA assigned 1,738 cases to an
    agent holding 453, past the capacity of 400, without seeing it)."""
    said = []
    if load:
        said.append(plural(agent.open_cases, "{count} open case", "{count} open cases"))
    if not agent.phone_ok:
        said.append(_("training missing") if agent.phone_gap == "missing" else _("training lapsed"))
    elif not agent.field_ok:
        said.append(_("no field work"))
    if not said:
        return agent_name(agent)
    # 王芳（agent01）——未结案件 12 个，不可上门
    return _(
        "{who} — {why}",
        who=agent_name(agent),
        why=_("{first}, {then}", first=said[0], then=said[1]) if len(said) > 1 else said[0],
    )


class AssignDialog(QDialog):
    """Pick the agent who gets the selected cases, or hand them back to the queue; the agent who
    already holds every one of them is not offered, nor the queue when none of them has an
    agent (`unheld`: there is nothing to hand back)."""

    def __init__(
        self,
        agents: list[AgentChoice],
        count: int,
        parent: QWidget | None = None,
        holder: int | None = None,
        capacity: int | None = None,
        unheld: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Assign cases"))
        self.agent = QComboBox()
        for agent in agents:
            if agent.id != holder:
                self.agent.addItem(agent_text(agent, load=True), agent.username)
        if not (unheld and self.agent.count()):
            if self.agent.count():
                self.agent.insertSeparator(self.agent.count())
            self.agent.addItem(_("Back to the queue (unassigned)"), BACK_TO_QUEUE)
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
        if capacity is not None:
            self.capacity = QLabel(
                _(
                    "The office's capacity is {capacity} open cases per agent: past it, you are "
                    "asked first.",
                    capacity=f"{capacity:,}",
                )
            )
            self.capacity.setWordWrap(True)
            layout.addWidget(self.capacity)
        layout.addWidget(ok_cancel(self, _("Assign"), self.accept))
        self.setMinimumWidth(380)

    @classmethod
    def choose(
        cls,
        parent: QWidget | None,
        agents: list[AgentChoice],
        count: int,
        holder: int | None = None,
        capacity: int | None = None,
        unheld: bool = False,
    ) -> str | None:
        """The chosen agent's user name (BACK_TO_QUEUE: unassign), or None when cancelled."""
        dialog = cls(agents, count, parent, holder, capacity, unheld)
        return run_modal(dialog, lambda: str(dialog.agent.currentData()))


class AssignRuleDialog(QDialog):
    """Pick a rule, optionally a bucket, and whose cases: the unassigned open ones, or one
    agent's open cases, placed among the others (never back to that agent)."""

    def __init__(self, parent: QWidget | None = None, agents: Sequence[AgentChoice] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Assign by rule"))
        self.cases_of = QComboBox()
        self.cases_of.addItem(_("Unassigned cases"), None)
        for agent in agents:
            self.cases_of.addItem(agent_name(agent), agent.username)
        self.names = {a.username: a.display_name for a in agents}
        self.rule = QComboBox()
        for value, msgid in RULES.items():
            self.rule.addItem(_(msgid), value)
        self.bucket = QComboBox()
        self.bucket.addItem(_("All buckets"), None)
        for name in BUCKET_NAMES:
            self.bucket.addItem(name, name)
        form = QFormLayout()
        form.addRow(_("Cases of:"), self.cases_of)
        form.addRow(_("Rule:"), self.rule)
        form.addRow(_("Bucket:"), self.bucket)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.cases_of.currentIndexChanged.connect(self._say_whose)
        self._say_whose()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(ok_cancel(self, _("Assign"), self.accept))
        self.setMinimumWidth(460)

    def _say_whose(self) -> None:
        whose = self.cases_of.currentData()
        self.note.setText(
            _(
                "Unassigned open cases are placed most urgent first; cases no qualified "
                "agent can take are skipped and counted."
            )
            if whose is None
            else _(
                "{agent}'s open cases are placed most urgent first among the other qualified "
                "agents, never back to {agent}; cases no other agent can take stay with "
                "{agent} and are counted.",
                agent=short_name(self.names.get(whose, whose)),
            )
        )
        # The dialog grows to the note's lines (a shown dialog kept its height: the note's end
        # was cut off when an agent with a long name was chosen).
        need = self.layout().totalHeightForWidth(self.width()) if self.layout() else -1
        if self.isVisible() and need > self.height():
            self.resize(self.width(), need)

    @classmethod
    def choose(
        cls, parent: QWidget | None, agents: Sequence[AgentChoice] = ()
    ) -> tuple[str, str | None, str | None] | None:
        """(rule, bucket or None, whose cases: a user name, None for the unassigned), or None
        when cancelled."""
        dialog = cls(parent, agents)
        return run_modal(
            dialog,
            lambda: (
                dialog.rule.currentData(),
                dialog.bucket.currentData(),
                dialog.cases_of.currentData(),
            ),
        )
