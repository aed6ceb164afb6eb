"""The Compliance log page: contact attempts, visit bookings and moves the rules flagged
(warnings, overrides) and the ones they blocked, newest first, filtered in SQL by rule, agent,
verdict and office-local dates."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from app.auth import Permission, can
from app.i18n import plural
from app.i18n import tr as _
from app.labels import ACTION, PARTY, RULE, VERDICT, capital, label, rule_names
from app.models import User
from app.office import office_timezone
from app.queries.compliance_log import (
    ComplianceFilter,
    Key,
    LogRow,
    agent_options,
    log_ids,
    log_rows,
    rule_choices,
)
from app.queries.compliance_rows import slot_words
from app.wall_clock import wall_time
from db.store import Database
from ui.colours import colour
from ui.dialogs.export import model_order
from ui.elided_tips import ElidedTips
from ui.focus import only_if
from ui.pages.log_page import LogPage
from ui.signals import ChangeHub
from ui.table_model import Column, Index, WholeTitles
from ui.widgets import refill, select_data

WATCHES = {"contact", "ruleset", "visit"}
VERDICT_COLOURS = {"warning": "note", "needs_override": "needs_override", "blocked": "error"}
ZONE: list[zoneinfo.ZoneInfo] = [zoneinfo.ZoneInfo("Asia/Shanghai")]  # set per page


def _when(row: LogRow) -> str:
    """The entry's time; a contact recorded over an hour after it (logged after the fact) says
    when it was recorded, as the compliance report's row does."""
    when = wall_time(row.when, ZONE[0])
    if not row.recorded_late or row.recorded_at is None:
        return when
    return _(
        "{when} (recorded {recorded})", when=when, recorded=wall_time(row.recorded_at, ZONE[0])
    )


COLUMNS = [
    Column("When", _when, sort_key="when"),
    Column("Case no.", lambda r: r.case_no, sort_key="case_no"),
    Column("Agent", lambda r: r.agent, sort_key="agent"),
    Column("Action", lambda r: label(ACTION, r.action)),
    # The slot the booking or move chose (or asked for, when refused), not the visit's time now.
    Column("Visit slot", lambda r: slot_words(r, ZONE[0])),
    Column("Party", lambda r: capital(label(PARTY, r.party))),
    Column("Verdict", lambda r: capital(label(VERDICT, r.verdict))),
    Column("Rules", lambda r: rule_names(r.rules)),
    Column("Reasons", lambda r: r.reasons),
    Column("Overridden by", lambda r: r.overridden_by),
    Column("Override reason", lambda r: r.override_reason),
    Column("Rule set", lambda r: r.ruleset),
]
_TITLES = [c.header for c in COLUMNS]
VERDICT_COLUMN = _TITLES.index("Verdict")
ROW_TIP_COLUMN = 0  # its tooltip explains the row; the others' are their own texts in full
RULES_COLUMN, REASONS_COLUMN, OVERRIDE_REASON_COLUMN, SLOT_COLUMN = (
    _TITLES.index(t) for t in ("Rules", "Reasons", "Override reason", "Visit slot")
)


def row_tooltip(row: LogRow) -> str:
    """The rules that spoke and the reasons in full, the rules' citations and any override."""
    lines = [_("Rules: {rules}", rules=rule_names(row.rules))] if row.rules else []
    lines += [row.reasons] if row.reasons else []
    lines += [_("Citation: {citation}", citation=c) for c in row.citations]
    if row.recorded_late and row.recorded_at is not None:
        recorded = wall_time(row.recorded_at, ZONE[0])
        lines.append(_("Recorded {when}, later than the time it gives.", when=recorded))
    if row.override_reason:
        lines.append(
            _("Overridden by {name}: {reason}", name=row.overridden_by, reason=row.override_reason)
        )
    return "\n".join(lines)


def cell_tooltip(row: LogRow, column: int) -> str | None:
    """A cell's own text in full, for when it is elided (the rules with their citations); the
    first column's explains the whole row (row_tooltip). None for an empty cell."""
    if column == ROW_TIP_COLUMN:
        return row_tooltip(row) or None
    text = COLUMNS[column].accessor(row)
    if column == RULES_COLUMN and text:
        text = "\n".join([text, *(_("Citation: {citation}", citation=c) for c in row.citations)])
    return text or None


class LogModel(WholeTitles):
    """Lazy rows keyed ("contact" | "blocked" | "booking", id); each cell's tooltip is its own
    text in full, the first column's the row's rules, reasons, citations and override."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            row = self.painted_row(index.row())
            return cell_tooltip(row, index.column()) if row is not None else None
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole:
            if index.column() == VERDICT_COLUMN:
                row = self.painted_row(index.row())
                name = VERDICT_COLOURS.get(row.verdict) if row is not None else None
                return colour(name) if name else None  # for the palette now
            return None
        return super().data(index, role)


class ComplianceLogPage(LogPage):
    """Who was warned, overridden or blocked, when, by which rule, under which rule set."""

    # The rules, reasons and override reason share the width (elided, in full in the tooltip):
    # the override reason, what a supervisor reads first, stays on screen with twice the share.
    wide_column = None
    shared_columns = {RULES_COLUMN: 1, REASONS_COLUMN: 1, OVERRIDE_REASON_COLUMN: 2}
    # Too narrow still once the titles wider than their cells gave up their room (1024 px in
    # English), the visit's slot, empty on a contact's row, is elided too (whole in its tooltip).
    narrowable_columns = {SLOT_COLUMN: 1}

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(database, hub, user, parent)
        self.supervising = can(user, Permission.VIEW_ALL_CASES)
        self.filter = ComplianceFilter()
        with database.sessions() as session:
            ZONE[0] = zoneinfo.ZoneInfo(office_timezone(session))
            agents = agent_options(session) if self.supervising else []
        self.rule = QComboBox()
        self.agent = QComboBox()
        self.agent.setAccessibleName(_("Agent"))  # no label: "All agents" says what it is
        self.agent.addItem(_("All agents"), None)
        for agent in agents:
            self.agent.addItem(agent.display_name, agent.id)
        only_if(self.agent, self.supervising)
        self.verdict = QComboBox()
        self.verdict.addItem(_("All verdicts"), None)
        for value in ("warning", "needs_override", "blocked"):
            self.verdict.addItem(capital(label(VERDICT, value)), value)
        self.fill_rules()
        for combo in (self.rule, self.agent, self.verdict):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.build(
            LogModel(COLUMNS, self._query_ids, self._fetch_rows, self),  # type: ignore[arg-type]
            [
                (_("Rule:"), self.rule),
                (None, self.agent),  # supervisors only
                (_("Verdict:"), self.verdict),
            ],
            "compliance",
            lambda: (self.filter, *model_order(self.model)),
        )
        # A cell's tooltip that only repeats its text shows when the text is elided.
        self.table.setItemDelegate(ElidedTips(self.table))

    def fill_rules(self) -> None:
        """(Re)list the rules present in the log by name, keeping the chosen one."""
        with self.database.sessions() as session:
            rules = rule_choices(session)
        named = sorted((label(RULE, rule), rule) for rule in rules)
        refill(self.rule, [(_("All rules"), None), *named])

    # --- queries: one session per call ---------------------------------------------------
    def _query_ids(self, sort: str, descending: bool) -> list[Key]:
        with self.database.sessions() as session:
            return log_ids(session, self.user, self.filter, sort=sort, descending=descending)

    def _fetch_rows(self, keys: Sequence[Key]) -> dict[Key, LogRow]:
        with self.database.sessions() as session:
            return log_rows(session, keys)

    # --- filters and refresh --------------------------------------------------------------
    def set_filter(
        self,
        *,
        rule: str | None = None,
        agent_id: int | None = None,
        verdict: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> None:
        """Set the filter bar's widgets (as a person would), which re-queries once."""
        for combo, value in ((self.rule, rule), (self.agent, agent_id), (self.verdict, verdict)):
            select_data(combo, value)
        self.set_dates(date_from, date_to)
        self._filters_changed()

    def _filters_changed(self, *_args: object) -> None:
        date_from, date_to = self.dates()
        self.filter = ComplianceFilter(
            rule=self.rule.currentData(),
            agent_id=self.agent.currentData() if self.supervising else None,
            verdict=self.verdict.currentData(),
            date_from=date_from,
            date_to=date_to,
        )
        self.refresh()

    def count_text(self, count: int) -> str:
        return plural(count, "{count} log entry", "{count} log entries")

    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.fill_rules()
            self.refresh()
