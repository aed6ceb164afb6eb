"""The Work queue's actions: assign cases by hand or by rule, rebuild the queue, say how it went."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QLabel, QPushButton

from app.cases.assignment import AssignSummary, assign_by_rule, holders, nothing_waiting
from app.cases.daily import summary_text
from app.cases.handed_back import handed_back_words
from app.cases.passed_over import passed_over_text
from app.cases.rebuild import RebuildSummary
from app.errors import CasedeskError
from app.i18n import clauses, plural, sentences
from app.i18n import tr as _
from app.models import User
from app.queries.cases import AgentChoice
from db.store import Database
from ui.colours import set_role
from ui.dialogs.assign import BACK_TO_QUEUE, AssignDialog, AssignRuleDialog, assign_now
from ui.dialogs.rebuild import RebuildWorker, start_rebuild
from ui.signals import ChangeHub
from ui.widgets import ERROR_ROLE

SKIP_REASONS = (
    "no agent with valid field training",
    "no agent with valid training",
    "every qualified agent is at capacity",
)
OK_ROLE = "ok"


class QueueActions:
    """What the Work queue's buttons do, each through the core use case, then announced."""

    database: Database
    hub: ChangeHub
    user: User
    agents: list[AgentChoice]
    message: QLabel
    rebuild_button: QPushButton
    worker: RebuildWorker | None
    selected_case_nos: Callable[[], list[str]]  # the page's selection

    # --- messages -------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, ERROR_ROLE if error else OK_ROLE)
        self.message.show()

    # --- actions: each through the core use case, then announce ----------------------------
    def choose_agent(self) -> None:
        case_nos = self.selected_case_nos()
        if not case_nos:
            self.show_message(_("Choose at least one case to assign."), error=True)
            return
        with self.database.sessions() as session:
            held = holders(session, case_nos)
        holder = next(iter(held)) if len(held) == 1 else None  # theirs already: not offered
        username = AssignDialog.choose(self, self.agents, len(case_nos), holder)
        if username is not None:
            self.assign(case_nos, username)

    def assign(self, case_nos: Sequence[str], username: str) -> bool:
        """Give the cases to one agent (BACK_TO_QUEUE: hand them back to the queue); a refusal
        shows the reason and changes nothing."""
        try:
            count = assign_now(self.database, self.user, list(case_nos), username)
        except CasedeskError as error:
            self.show_message(error.translated(), error=True)
            return False
        name = next((a.display_name for a in self.agents if a.username == username), username)
        self.show_message(
            handed_back_words(
                count,
                len(set(case_nos)),
                plural(
                    count,
                    "{count} case handed back to the queue, unassigned.",
                    "{count} cases handed back to the queue, unassigned.",
                ),
            )
            if username == BACK_TO_QUEUE
            else plural(
                count,
                "{count} case assigned to {agent}.",
                "{count} cases assigned to {agent}.",
                agent=name,
            )
        )
        self.hub.announce("case")
        return True

    def choose_rule(self) -> None:
        choice = AssignRuleDialog.choose(self, self.agents)
        if choice is not None:
            self.assign_by_rule(*choice)

    def assign_by_rule(
        self, rule: str, bucket: str | None = None, from_agent: str | None = None
    ) -> AssignSummary | None:
        """Place unassigned cases (or `from_agent`'s open cases, among the other agents) by
        rule; the summary (with skipped reasons) is shown."""
        try:
            with self.database.session() as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                summary = assign_by_rule(session, actor, rule, bucket=bucket, from_agent=from_agent)
                left_out = passed_over_text(session, summary)
        except CasedeskError as error:
            self.show_message(error.translated(), error=True)
            return None
        name = next((a.display_name for a in self.agents if a.username == from_agent), from_agent)
        text = (
            plural(
                summary.assigned,
                "{count} case moved from {agent} to the other agents.",
                "{count} cases moved from {agent} to the other agents.",
                agent=name,
            )
            if from_agent
            else plural(summary.assigned, "{count} case assigned.", "{count} cases assigned.")
        )
        skipped = clauses(
            [
                _("{count} skipped: {reason}", count=n, reason=_(reason))
                for reason, n in summary.skipped.most_common()
            ]
        )
        why = nothing_waiting(summary, bucket, name)
        self.show_message(sentences([text, skipped, why, left_out]))
        self.hub.announce("case")
        return summary

    def rebuild(self) -> RebuildWorker:
        """Rebuild the queue off the GUI thread with a progress dialog, then refresh."""
        self.rebuild_button.setEnabled(False)
        self.worker = start_rebuild(
            self, self.database, self.user, self._rebuilt, self._rebuild_failed
        )
        return self.worker

    def _rebuilt(self, summary: RebuildSummary) -> None:
        self.rebuild_button.setEnabled(True)
        self.show_message(summary_text(summary))
        self.hub.announce("case")

    def _rebuild_failed(self, message: str) -> None:
        self.rebuild_button.setEnabled(True)
        self.show_message(message, error=True)
