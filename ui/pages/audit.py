"""The Audit page (supervisors and admins): the append-only trail newest first, filtered in SQL
by user, action prefix, record, case or borrower (everything of theirs) and office-local dates;
the changes in words, and in full (words and the recorded JSON) in a tooltip."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QBoxLayout, QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.errors import CasedeskError
from app.i18n import plural
from app.i18n import tr as _
from app.labels import AUDIT_ACTION, AUDIT_ACTION_CHOICE, AUDIT_ENTITY, AUDIT_GROUP, label
from app.models import User
from app.office import office_timezone
from app.queries.audit_actions import action_choices
from app.queries.audit_log import (
    SYSTEM,
    AuditFilter,
    AuditRow,
    audit_ids,
    audit_rows,
    entity_choices,
    pretty_changes,
    user_choices,
)
from app.wall_clock import wall_time
from db.store import Database
from ui.colours import set_role
from ui.indented_choices import fit_groups, indent_members
from ui.pages.audit_verify import VerifyWorker
from ui.pages.log_page import LogPage
from ui.signals import ChangeHub
from ui.table_model import RIGHT, Column, Index, LazyTableModel, SearchBox
from ui.widgets import FILTER_WIDTH, refill, select_data

ZONE: list[zoneinfo.ZoneInfo] = [zoneinfo.ZoneInfo("Asia/Shanghai")]  # set per page


def _when(row: AuditRow) -> str:
    return wall_time(row.at, ZONE[0], "%Y-%m-%d %H:%M:%S")


COLUMNS = [
    # The entry's number, which the chain's check names when it finds one altered (QA s42)
    Column("No.", lambda r: str(r.id), RIGHT),
    Column("When", _when, sort_key="when"),
    Column("Who", lambda r: r.user),
    Column("Action", lambda r: r.action_words()),  # the code's words
    Column("Affected record", lambda r: r.affected()),
    Column("Changes", lambda r: r.words_line()),  # in words; the tooltip has what was written
    Column("Hash", lambda r: r.hash),
]
WHO_COLUMN = 2
CHANGES_COLUMN = 5
HASH_COLUMN = 6


def row_tooltip(row: AuditRow) -> str:
    """The entry's changes in full: in words, one field a line, then as recorded (JSON)."""
    body = pretty_changes(row.raw_changes)
    if not body:
        return _("No changes recorded.")
    return "\n".join([*row.words, "", body]) if row.words else body


class AuditModel(LazyTableModel):
    """Lazy rows keyed by entry id; the tooltip carries the changes in full."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ToolTipRole:
            row = self.painted_row(index.row())
            return row_tooltip(row) if row is not None else None
        if index.isValid() and role == Qt.ItemDataRole.FontRole:
            if index.column() == HASH_COLUMN:
                return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
            return None
        return super().data(index, role)


class AuditPage(LogPage):
    """Who did what, when, to which record; each entry's hash chains to the previous one."""

    # The changes, in words, take what the other columns leave (elided, in full in the
    # tooltip): in English a long affected record ("Report Portfolio and recovery report") put
    # the hash, last, behind a horizontal scroll bar at 1366 px. Not capped: at 620 px, or at
    # the width of the first rows' changes, a case's longer changes were cut short beside a
    # hash column stretched 100 px wider than its hash.
    wide_column = None
    shared_columns, fill_shared = {CHANGES_COLUMN: 1}, True

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(database, hub, user, parent)
        self.filter = AuditFilter()
        with database.sessions() as session:
            ZONE[0] = zoneinfo.ZoneInfo(office_timezone(session))
        self.who = QComboBox()
        self.action = QComboBox()
        self.entity = QComboBox()
        self.record_id = SearchBox(_("Record id"))
        self.record_id.setMaximumWidth(100)
        # One case's whole trail (its contacts, visits, agreements, complaints …), or a
        # borrower's: what a supervisor answering a complaint reads (app/queries/audit_case.py).
        self.case_no = SearchBox(_("Case no."))
        self.borrower_no = SearchBox(_("Borrower no."))
        for box in (self.case_no, self.borrower_no):
            box.setMaximumWidth(100)  # with the record id: the bar on one row at 1366 in English
            box.search.connect(self._filters_changed)
        self.problem = ""  # an unknown case or borrower, a range back to front: under the table
        self.fill_choices()
        for combo in (self.who, self.action, self.entity):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.record_id.search.connect(self._filters_changed)
        self.build(
            AuditModel(COLUMNS, self._query_ids, self._fetch_rows, self),  # type: ignore[arg-type]
            [
                (_("Who:"), self.who),
                (_("Action:"), self.action),
                [(_("Record:"), self.entity), (None, self.record_id)],  # its kind and id, together
                (_("Case:"), self.case_no),  # named: a case number typed reads as a record id
                (_("Borrower:"), self.borrower_no),
            ],
            "audit",
            lambda: (self.filter, None, self.model.descending),
        )
        self.verify_button = QPushButton(_("Verify the chain"))
        self.verify_button.setToolTip(
            _("Recompute every entry's hash and check that no entry was removed from the end")
        )
        self.verify_button.clicked.connect(lambda: self.verify())
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.verdict, 1)
        layout = self.layout()
        assert isinstance(layout, QBoxLayout)
        layout.addLayout(row)
        self.verifier: VerifyWorker | None = None

    def verify(self) -> VerifyWorker:
        """Recompute the chain off the GUI thread; the result, in words, under the table."""
        worker = VerifyWorker(self.database, self.user.id, self)
        worker.succeeded.connect(self._verified)
        worker.failed.connect(lambda text: self._show_verdict(text, False))
        worker.finished.connect(lambda: self.verify_button.setEnabled(True))
        self.verify_button.setEnabled(False)
        self.verdict.setText(_("Verifying the audit chain…"))
        set_role(self.verdict, None)
        self.verifier = worker
        worker.start()
        return worker

    def _verified(self, result: Any) -> None:
        self._show_verdict("\n".join(result.lines()), result.ok)

    def _show_verdict(self, text: str, ok: bool) -> None:
        self.verdict.setText(text)
        set_role(self.verdict, None if ok else "error_bold")

    def fill_choices(self) -> None:
        """(Re)list users, actions and entity kinds, keeping what is chosen."""
        with self.database.sessions() as session:
            users = user_choices(session)
            actions = action_choices(session)
            entities = entity_choices(session)
        prefixes = sorted({a.split(".", 1)[0] for a in actions if "." in a})
        user_items = [(_("Everyone"), None), (_("(system)"), SYSTEM)]
        user_items += [(u.display_name, u.id) for u in users]
        words = {**AUDIT_ACTION, **AUDIT_ACTION_CHOICE}  # each reading of a code, its own words
        action_items = [(_("All actions"), None)]
        for prefix in prefixes:  # a kind of record (all its actions), then each action
            action_items.append((_("{group}: all", group=label(AUDIT_GROUP, prefix)), prefix))
            action_items += [(label(words, a), a) for a in actions if a.startswith(prefix + ".")]
        action_items += [(label(words, a), a) for a in actions if "." not in a]
        entity_items = [(_("Any record"), None)]
        entity_items += sorted((label(AUDIT_ENTITY, e), e) for e in entities)
        refill(self.who, user_items)
        self.who_texts = [text for text, _id in user_items[1:]]  # "(system)" and every user
        refill(self.action, action_items)
        indent_members(self.action, [a for a in actions if "." in a])  # under their group
        fit_groups(self.action, FILTER_WIDTH)
        refill(self.entity, entity_items)

    def column_texts(self) -> dict[int, list[str]]:
        """Who fits "(system)" and every user's name, not only those in the first rows."""
        return {WHO_COLUMN: self.who_texts}

    # --- queries: one session per call ---------------------------------------------------
    def _query_ids(self, _sort: str, descending: bool) -> list[int]:
        self.problem = ""
        with self.database.sessions() as session:
            try:
                return audit_ids(session, self.user, self.filter, descending=descending)
            except CasedeskError as error:  # an unknown case or borrower, a range back to front
                self.problem = error.translated()
                return []

    def _fetch_rows(self, ids: Sequence[int]) -> dict[int, AuditRow]:
        with self.database.sessions() as session:
            return audit_rows(session, ids)

    # --- filters and refresh --------------------------------------------------------------
    def set_filter(
        self,
        *,
        user_id: int | None = None,
        action: str | None = None,
        entity: str | None = None,
        entity_id: str = "",
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        case_no: str = "",
        borrower_no: str = "",
    ) -> None:
        """Set the filter bar's widgets (as a person would), which re-queries once."""
        for combo, value in ((self.who, user_id), (self.action, action), (self.entity, entity)):
            select_data(combo, value)
        for box, text in (
            (self.record_id, entity_id),
            (self.case_no, case_no),
            (self.borrower_no, borrower_no),
        ):
            box.blockSignals(True)
            box.setText(text)
            box.blockSignals(False)
        self.set_dates(date_from, date_to)
        self._filters_changed()

    def _filters_changed(self, *_args: object) -> None:
        date_from, date_to = self.dates()
        self.filter = AuditFilter(
            user_id=self.who.currentData(),
            action=self.action.currentData(),
            entity=self.entity.currentData(),
            entity_id=self.record_id.text().strip() or None,
            date_from=date_from,
            date_to=date_to,
            case_no=self.case_no.text().strip() or None,
            borrower_no=self.borrower_no.text().strip() or None,
        )
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        set_role(self.count, "error_bold" if self.problem else None)

    def count_text(self, count: int) -> str:
        if self.problem:
            return self.problem
        if not count and self.filter.whose():
            return self.filter.nothing()  # "No audit entries for case C2026-000001."
        return plural(count, "{count} audit entry", "{count} audit entries")

    def _on_changed(self, _entities: set[str]) -> None:
        # Every use case writes an audit entry, so any announcement may add rows.
        self.fill_choices()
        self.refresh()
