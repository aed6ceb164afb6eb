"""The Rules page: the compliance rule set in force, its rules with citations, and its versions.

Admins change a rule (a new version), switch the jurisdiction, or add the rules Casedesk ships
that the stored rule set lacks; everyone else reads (and sees which rules are missing)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.auth import Permission, can
from app.compliance.choices import ruleset_choices
from app.compliance.ruleset import select_jurisdiction
from app.compliance.shipped_rules import MissingRule, add_shipped_rules, missing_shipped_rules
from app.errors import CasedeskError
from app.i18n import current_language, listed, plural, sentences
from app.i18n import tr as _
from app.labels import RULE, RULE_SEVERITY, label
from app.models import User
from app.queries.rules import RuleRow, RulesView, rules_view
from app.wall_clock import office_clock
from db.store import Database
from ui.colours import set_role
from ui.confirm import ask_first, ask_ruleset_switch
from ui.dialogs.rule_edit import ERROR_ROLE, RuleEditDialog
from ui.dialogs.ruleset_choice import RuleSetChoiceDialog
from ui.focus import only_if, open_on_enter
from ui.header_items import set_headers
from ui.pages.rules_retention import RetentionLine
from ui.signals import ChangeHub
from ui.table_fill import Cell, cell_value, fill_cells
from ui.widgets import DetailTable, section_label, title_label, wrap_columns

WATCHES = {"ruleset"}
RULE_HEADERS = ("Rule", "Description", "Severity", "Enabled", "Parameters", "Citation")
VERSION_HEADERS = ("Version", "Effective from", "Created", "Created by", "In force")
# The description, parameters and citation wrap and share the width the others leave; the
# rule's name and its severity wrap too past half their width (a long name, "Needs a
# supervisor's override"), so the short columns never take the page from the long ones.
WRAPPED = (1, 4, 5)
BOUNDED = (0, 2)
BOUNDED_SHARE = 0.5
CITATION_COLUMN = 5
TOP_LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop).value
ALERT_ROLE = "warning_banner"


def _table(headers: tuple[str, ...]) -> DetailTable:
    table = DetailTable(len(headers), fit_rows=False)
    set_headers(table, [_(h) for h in headers])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return table


def _cell(text: str, tooltip: str = "", grey: bool = False) -> Cell:
    """A cell's data: its text at the top left, a tooltip, grey for a rule switched off."""
    cell: dict[int, object] = {
        Qt.ItemDataRole.DisplayRole.value: text,
        Qt.ItemDataRole.TextAlignmentRole.value: TOP_LEFT,
    }
    if tooltip:
        cell[Qt.ItemDataRole.ToolTipRole.value] = tooltip
    if grey:
        cell[Qt.ItemDataRole.ForegroundRole.value] = QColor(Qt.GlobalColor.gray)
    return cell


def rule_cells(rule: RuleRow) -> list[Cell]:
    """A rule's row: its name (and id, the row's data), description, severity, whether it is on,
    parameters in words (as the file writes them: the tooltip) and citation."""
    values = (
        f"{label(RULE, rule.id)}\n{rule.id}",
        rule.description,
        _(RULE_SEVERITY.get(rule.severity, rule.severity)),
        _("Yes") if rule.enabled else _("No"),
        rule.params_words or "—",
        rule.citation,
    )
    tips = {
        1: rule.description,
        4: rule.params,
        CITATION_COLUMN: _("Citation: {citation}", citation=rule.citation),
    }
    cells = [_cell(v, tips.get(c, ""), not rule.enabled) for c, v in enumerate(values)]
    return [{**cells[0], Qt.ItemDataRole.UserRole.value: rule.id}, *cells[1:]]


def missing_text(missing: list[MissingRule], editing: bool) -> str:
    """The line naming the missing rules ("Casedesk ships 1 rule your rule set does not have:
    Third-party consent."), and for someone who may not change the rule set, who can."""
    text = plural(
        len(missing),
        "Casedesk ships {count} rule your rule set does not have: {rules}.",
        "Casedesk ships {count} rules your rule set does not have: {rules}.",
        rules=listed([rule.label for rule in missing]),
    )
    return text if editing else text + " " + _("Only an admin can add rules to the rule set.")


def confirm_text(missing: list[MissingRule]) -> str:
    """What the confirmation says: each rule's name, severity, description and citation."""
    parts = [_("Add to the rule set in force? It is stored as a new version.")]
    for rule in missing:
        severity = _(RULE_SEVERITY.get(rule.severity, rule.severity))
        state = "" if rule.enabled else " · " + _("switched off as shipped")
        parts.append(
            f"• {rule.label} ({rule.id}) — {severity}{state}\n{rule.description}\n"
            + _("Citation: {citation}", citation=rule.citation)
        )
    return "\n\n".join(parts)


class RulesPage(QWidget):
    """The rules in force, read by everyone; "Change…" and "Use rule set…" for admins."""

    # Another jurisdiction's rule set is in force (Use rule set…): what the page said of it. The
    # window is re-created (ui/commands.py), as after Settings: pages read the country as built.
    switched = Signal(str)

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database, self.hub, self.user = database, hub, user
        self.editing = can(user, Permission.EDIT_RULESET)
        self.view: RulesView | None = None
        self.missing: list[MissingRule] = []
        self.header = title_label()
        self.header.setWordWrap(True)
        self.rules = _table(RULE_HEADERS)
        self.rules.cellDoubleClicked.connect(lambda _row, _column: self.change_rule())
        open_on_enter(self.rules, lambda _index: self.change_rule())  # Enter, as a double-click
        # Wrapped rows follow their columns' widths; the wrapped columns share what the short
        # ones leave, so the citation is never squeezed past the page's edge.
        self.rules.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.rules.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        wrap_columns(self.rules, WRAPPED, BOUNDED, BOUNDED_SHARE)
        self.versions = _table(VERSION_HEADERS)
        self.versions.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.change_button = QPushButton(_("Change…"))
        self.change_button.clicked.connect(lambda: self.change_rule())
        self.use_button = QPushButton(_("Use rule set…"))
        self.use_button.clicked.connect(lambda: self.choose_ruleset())
        for button in (self.change_button, self.use_button):
            only_if(button, self.editing)
        # Shipped rules the stored rule set lacks (a rule set stored by an earlier Casedesk).
        self.missing_line = QLabel()
        self.missing_line.setWordWrap(True)
        set_role(self.missing_line, ALERT_ROLE)
        self.add_button = QPushButton(_("Add to the rule set…"))
        self.add_button.clicked.connect(lambda: self.add_missing())
        missing_row = QHBoxLayout()
        missing_row.addWidget(self.missing_line, 1)
        missing_row.addWidget(self.add_button)
        self.retention = RetentionLine()  # records retention: the count of closed cases past it
        self.retention.setVisible(False)
        self.retention.erased.connect(lambda: hub.announce("borrower", "case"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.message, 1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(section_label("Versions"))
        lower_layout.addWidget(self.versions, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.rules)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 120])
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(missing_row)
        layout.addWidget(self.retention)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)
        hub.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the rule set in force and its versions."""
        lang = current_language()
        with self.database.sessions() as session:
            self.view = view = rules_view(session, lang)
            self.missing = missing_shipped_rules(session, lang)
        kept_out = [
            _("{name}: {value}", name=r.label, value=r.declined.text())
            for r in self.missing
            if r.declined
        ]
        self.missing_line.setText(sentences([missing_text(self.missing, self.editing), *kept_out]))
        self.missing_line.setVisible(bool(self.missing))
        self.add_button.setVisible(bool(self.missing) and self.editing)
        if can(self.user, Permission.LIST_RETENTION):
            self.retention.refresh(self.database, self.user)
        self.header.setText(
            _(
                "{name} · {label} · effective {date}",
                name=view.name,
                label=view.label,
                date=view.effective_on.isoformat(),
            )
        )
        chosen = self.selected_rule()
        fill_cells(self.rules, [rule_cells(rule) for rule in view.rules])
        self.rules.fit_wrapped()
        version_rows = [
            (
                version.label,
                version.effective_on.isoformat(),
                office_clock(version.created_at),
                version.created_by or _("(the app)"),
                _("Yes") if version.in_force else "",
            )
            for version in view.versions
        ]
        fill_cells(self.versions, [[_cell(value) for value in cells] for cells in version_rows])
        self.versions.resizeColumnsToContents()
        if chosen:
            self.select_rule(chosen)

    def rule_ids(self) -> list[str]:
        """The rule ids as listed."""
        return [self._rule_id(r) for r in range(self.rules.rowCount())]

    def _rule_id(self, row: int) -> str:
        rule_id = cell_value(self.rules, row, 0, Qt.ItemDataRole.UserRole)
        return rule_id if isinstance(rule_id, str) else ""

    def select_rule(self, rule_id: str) -> None:
        if rule_id in self.rule_ids():
            self.rules.selectRow(self.rule_ids().index(rule_id))

    def show_rule(self, rule_id: str) -> None:
        """Select the rule and scroll its whole row into view."""
        self.select_rule(rule_id)
        if rule_id in self.rule_ids():
            self.rules.resizeRowsToContents()  # wrapped rows' heights, before scrolling
            index = self.rules.model().index(self.rule_ids().index(rule_id), 0)
            self.rules.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def selected_rule(self) -> str | None:
        rows = self.rules.selectionModel().selectedRows()
        return self._rule_id(rows[0].row()) if rows else None

    def change_rule(self) -> bool:
        """Edit the selected rule; a stored change is announced to every page."""
        if not self.editing:
            return False
        rule_id = self.selected_rule()
        if rule_id is None:
            self.message.setText(_("Choose a rule first."))
            return False
        if not RuleEditDialog.edit(self, self.database, self.user, rule_id):
            return False
        self.rule_changed()
        return True

    def rule_changed(self) -> None:
        """After a stored change: tell every page (this one refreshes too) and say so."""
        self.hub.announce("ruleset")
        assert self.view is not None
        set_role(self.message, None)
        self.message.setText(_("Rule set {label} is now in force.", label=self.view.label))

    def choose_ruleset(self) -> None:
        """Ask which shipped rule set to use (one whose file has a mistake is shown, not offered),
        then switch (after a confirmation)."""
        with self.database.sessions() as session:
            choices = ruleset_choices(session, current_language())
        current = self.view.jurisdiction if self.view is not None else ""
        code = RuleSetChoiceDialog.choose(self, choices, current)
        if code:
            self.use_ruleset(code)

    def _is_current(self, code: str) -> bool:
        return self.view is not None and self.view.jurisdiction == code

    def confirm(self, code: str) -> bool:
        """Ask before switching: every later check uses the other jurisdiction's rules."""
        return ask_ruleset_switch(self, code)

    def use_ruleset(self, code: str) -> bool:
        """Switch the office to `code`'s rule set after asking; errors show below the buttons."""
        if self._is_current(code) or not self.confirm(code):
            return False
        try:
            with self.database.session(write_lock=True) as session:
                me = session.get(User, self.user.id)
                assert me is not None
                select_jurisdiction(session, me, code)
        except CasedeskError as error:
            set_role(self.message, ERROR_ROLE)
            self.message.setText(error.translated())
            return False
        self.rule_changed()
        self.switched.emit(self.message.text())
        return True

    def confirm_add(self, missing: list[MissingRule]) -> bool:
        """Ask before adding: each rule with its description and severity."""
        return ask_first(self, _("Add to the rule set"), confirm_text(missing))

    def add_missing(self) -> bool:
        """Add the missing shipped rules after asking; the new version is announced."""
        missing = self.missing
        if not self.editing or not missing or not self.confirm_add(missing):
            return False
        try:
            with self.database.session(write_lock=True) as session:
                me = session.get(User, self.user.id)
                assert me is not None
                row = add_shipped_rules(session, me, [rule.id for rule in missing])
                label = row.label
        except CasedeskError as error:
            self.refresh()  # e.g. added meanwhile on another workstation: the line follows
            set_role(self.message, ERROR_ROLE)
            self.message.setText(error.translated())
            return False
        self.hub.announce("ruleset")
        self.show_added(missing, label)
        return True

    def show_added(self, added: list[MissingRule], label: str) -> None:
        """Show the first of the rules just added (they stand last) and say what was added."""
        self.show_rule(added[0].id)
        set_role(self.message, None)
        self.message.setText(
            _(
                "Added {rules}; rule set {label} is now in force.",
                rules=listed([rule.label for rule in added]),
                label=label,
            )
        )

    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.refresh()
