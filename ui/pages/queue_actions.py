"""The Work queue's actions: assign cases by hand or by rule, rebuild the queue, say how it went."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
from sqlalchemy.orm import Session

from app import settings
from app.cases.assign_words import already_text
from app.cases.assign_write import Progress
from app.cases.assignment import (
    AssignSummary,
    HandAssignment,
    HandBack,
    assign_by_rule,
    assign_cases,
    holders,
    nothing_waiting,
    rule_pool_size,
    unassign_cases,
)
from app.cases.capacity import LoadAfter, OverCapacity
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
from ui.confirm import ask_first
from ui.dialogs.assign import (
    BACK_TO_QUEUE,
    AssignDialog,
    AssignRuleDialog,
    over_capacity_question,
)
from ui.dialogs.assign_worker import INLINE_MAX, AssignWorker, run_assignment
from ui.dialogs.rebuild import RebuildWorker, start_rebuild
from ui.pages.queue_undo import QueueUndo
from ui.signals import ChangeHub
from ui.std_buttons import message_box
from ui.widgets import ERROR_ROLE

SKIP_REASONS = (
    "no agent with valid field training",
    "no agent with valid training",
    "every qualified agent is at capacity",
)
OK_ROLE = "ok"
GOING_BACK_BOX = "rebuild_going_back"  # the box refusing Rebuild queue while the clock is behind


class QueueActions(QueueUndo):
    """What the Work queue's buttons do, each through the core use case, then announced."""

    database: Database
    hub: ChangeHub
    user: User
    agents: list[AgentChoice]
    message: QLabel
    rebuild_button: QPushButton
    worker: RebuildWorker | None
    assign_worker: AssignWorker | None = None  # the last big assignment's
    assign_inline_max = INLINE_MAX  # more cases than this are assigned off the GUI thread
    assign_refused = False
    selected_case_nos: Callable[[], list[str]]  # the page's selection
    _reload_agents: Callable[[], None]

    # --- messages -------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        set_role(self.message, ERROR_ROLE if error else OK_ROLE)
        self.message.show()
        self.undo_button.hide()  # offered again only beside the words of the assignment it undoes

    # --- actions: each through the core use case, then announce ----------------------------
    def choose_agent(self) -> None:
        case_nos = self.selected_case_nos()
        if not case_nos:
            self.show_message(_("Choose at least one case to assign."), error=True)
            return
        with self.database.sessions() as session:
            held = holders(session, case_nos)
            capacity = int(settings.get(session, "assign.capacity_per_agent"))
        holder = next(iter(held)) if len(held) == 1 else None  # theirs already: not offered
        unheld = held == {None}  # none has an agent: the queue is not offered
        username = AssignDialog.choose(self, self.agents, len(case_nos), holder, capacity, unheld)
        if username is not None:
            self.assign(case_nos, username)

    def assign(self, case_nos: Sequence[str], username: str, over_capacity: bool = False) -> bool:
        """Give the cases to one agent (BACK_TO_QUEUE: hand them back to the queue): at once
        when few, else off the GUI thread with progress. Past the office's capacity it asks
        first; a refusal shows the reason and changes nothing. False when refused at once."""
        chosen = list(case_nos)
        self.assign_refused = False

        def work(session: Session, actor: User, progress: Progress) -> object:
            if username == BACK_TO_QUEUE:
                return unassign_cases(session, actor, chosen, progress)
            try:
                return assign_cases(
                    session,
                    actor,
                    chosen,
                    username,
                    over_capacity=over_capacity,
                    progress=progress,
                )
            except OverCapacity as over:  # nothing written yet: ask, then run again
                return over.after

        self.assign_worker = run_assignment(
            self,
            self.database,
            self.user,
            len(chosen),
            work,
            lambda result: self._assigned(chosen, username, result),
            self._assign_failed,
            self.assign_inline_max,
        )
        return not self.assign_refused

    def _assigned(self, case_nos: list[str], username: str, result: object) -> None:
        if isinstance(result, LoadAfter):
            if ask_first(self, _("Assign cases"), over_capacity_question(result)):
                self.assign(case_nos, username, over_capacity=True)
            else:
                self.assign_refused = True
                self.show_message(_("Nothing was assigned."))
            return
        if isinstance(result, HandAssignment):
            done = (
                plural(
                    result.assigned,
                    "{count} case assigned to {agent}.",
                    "{count} cases assigned to {agent}.",
                    agent=result.agent,
                )
                if result.assigned
                else ""
            )
            self.show_message(sentences([done, already_text(result)]))
            self.offer_undo(result.batch, result.assigned)
        elif isinstance(result, HandBack):
            self.show_message(
                handed_back_words(
                    result.back,
                    len(set(case_nos)),
                    plural(
                        result.back,
                        "{count} case handed back to the queue, unassigned.",
                        "{count} cases handed back to the queue, unassigned.",
                    ),
                )
            )
            self.offer_undo(result.batch, result.back)
        self.hub.announce("case")

    def _assign_failed(self, message: str) -> None:
        self.assign_refused = True
        self.show_message(message, error=True)
        # An agent deactivated (or retrained) at another desk meanwhile: the list as it is now.
        self._reload_agents()

    def choose_rule(self) -> None:
        choice = AssignRuleDialog.choose(self, self.agents)
        if choice is not None:
            self.assign_by_rule(*choice)

    def assign_by_rule(
        self, rule: str, bucket: str | None = None, from_agent: str | None = None
    ) -> AssignSummary | None:
        """Place unassigned cases (or `from_agent`'s open cases, among the other agents) by
        rule; the summary (with skipped reasons) is shown. A big run goes off the GUI thread
        (None is returned then: the summary is shown when it ends)."""
        try:
            with self.database.sessions() as session:
                total = rule_pool_size(session, bucket, from_agent)
        except CasedeskError as error:
            self.show_message(error.translated(), error=True)
            return None
        self.rule_summary: AssignSummary | None = None

        def work(session: Session, actor: User, progress: Progress) -> tuple[AssignSummary, str]:
            summary = assign_by_rule(
                session, actor, rule, bucket=bucket, from_agent=from_agent, progress=progress
            )
            return summary, passed_over_text(session, summary)

        self.assign_worker = run_assignment(
            self,
            self.database,
            self.user,
            total,
            work,
            lambda done: self._placed(*done, bucket, from_agent),
            lambda message: self.show_message(message, error=True),
            self.assign_inline_max,
        )
        return self.rule_summary

    def _placed(
        self, summary: AssignSummary, left_out: str, bucket: str | None, from_agent: str | None
    ) -> None:
        self.rule_summary = summary
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
        self.offer_undo(summary.batch, summary.assigned)
        self.hub.announce("case")

    def rebuild(self) -> RebuildWorker | None:
        """Rebuild the queue off the GUI thread with a progress dialog, then refresh; refused in
        a box, as `queue --rebuild` refuses, while this computer's clock is behind and it would
        go back to an earlier day than the queue was built for (app/clock_behind.py)."""
        refusal = self._going_back()
        if refusal is not None:
            box = message_box(
                QMessageBox.Icon.Warning,
                _("Rebuild queue"),
                refusal,
                parent=self,
            )
            box.setObjectName(GOING_BACK_BOX)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()  # shown, not exec'd: the page goes on painting behind it
            return None
        self.rebuild_button.setEnabled(False)
        self.worker = start_rebuild(
            self, self.database, self.user, self._rebuilt, self._rebuild_failed
        )
        return self.worker

    def _going_back(self) -> str | None:
        from app.clock_behind import going_back, rebuild_goes_back

        with self.database.sessions() as session:
            built = rebuild_goes_back(session)
            if built is None:
                return None
            return going_back(settings.as_of(session), built).translated()

    def _rebuilt(self, summary: RebuildSummary) -> None:
        self.rebuild_button.setEnabled(True)
        self.show_message(summary_text(summary))
        self.hub.announce("case")

    def _rebuild_failed(self, message: str) -> None:
        self.rebuild_button.setEnabled(True)
        self.show_message(message, error=True)
