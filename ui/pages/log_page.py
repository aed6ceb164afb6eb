"""A page that lists an office log newest first (the Audit and Compliance log pages): a filter bar
ending in a date range, the lazily loaded table, the count and Export; filters query in SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import tr as _
from app.models import User
from db.store import Database
from ui.column_share import ColumnShare
from ui.date_widgets import office_day
from ui.dialogs.export import ExportButton, Source
from ui.signals import ChangeHub
from ui.table_model import LazyTableModel
from ui.table_state import REMEMBERED, fit_columns, fit_texts
from ui.widgets import (
    Field,
    cap_column,
    filter_bar,
    list_table,
    optional_date_edit,
    optional_day,
    set_optional_day,
)


class LogPage(QWidget):
    """The date range, the newest-first table and the count line; each page adds its filters."""

    wide_column: int | None = 0  # narrowed to `wide_width` after fitting (full text: tooltip)
    wide_width = 300
    shared_columns: dict[int, int] = {}  # long texts sharing the table's width: column: weight
    fill_shared = False  # they take all the width the others leave (ui/column_share.py)
    narrowable_columns: dict[int, int] = {}  # join the shared ones in a window too narrow
    # Any other column fitted wider than this is narrowed to it (elided; the user may widen it):
    # a name of 120 characters in Who put the Audit page's hash behind a scroll bar at 1366 px.
    most_width = 280

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database, self.hub, self.user = database, hub, user
        self.date_from = optional_date_edit(lambda: office_day(database))
        self.date_to = optional_date_edit(lambda: office_day(database))
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._filters_changed)
        self.count = QLabel()

    def build(
        self,
        model: LazyTableModel,
        filters: list[Field | list[Field]],
        export_kind: str,
        export_source: Source,
    ) -> None:
        """Lay out the bar (`filters`, the date range, Export), the table of `model` sorted newest
        first, and the count; then list."""
        self.model = model
        self.model.descending = True
        newest_first = (model.sort_column, Qt.SortOrder.DescendingOrder)  # its time column
        self.table = list_table(model, self.fontMetrics().height() + 8, newest_first)
        self.sharing = (
            ColumnShare(self.table, self.shared_columns, self.fill_shared, self.narrowable_columns)
            if self.shared_columns
            else None
        )
        self.export_button = ExportButton(
            self.database, self.user, export_kind, export_source, self
        )
        dates: list[Field] = [(_("From:"), self.date_from), (_("To:"), self.date_to)]
        layout = QVBoxLayout(self)
        # Export goes under the table, right of the count of what it writes: at the bar's end it
        # took the room the filters wrapped for (the Audit page's took two lines at 1366 px, the
        # Compliance log's at 1024), and the table gave up a row's height for them.
        layout.addLayout(filter_bar([*filters, dates], None))  # the range, whole
        layout.addWidget(self.table, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.count, 1)
        foot.addWidget(self.export_button)
        layout.addLayout(foot)
        self.hub.changed.connect(self._on_changed)
        self.refresh()

    # --- each page's filter and count -----------------------------------------------------
    def _filters_changed(self, *_args: object) -> None:
        raise NotImplementedError

    def count_text(self, count: int) -> str:
        """The line under the table for `count` entries."""
        raise NotImplementedError

    def _on_changed(self, entities: set[str]) -> None:
        raise NotImplementedError

    # --- dates and refresh ----------------------------------------------------------------
    def set_dates(self, date_from: dt.date | None, date_to: dt.date | None) -> None:
        """Show the date range without re-querying."""
        for edit, day in ((self.date_from, date_from), (self.date_to, date_to)):
            set_optional_day(edit, day)

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        """The chosen (from, to) days; None where "Any date"."""
        return optional_day(self.date_from), optional_day(self.date_to)

    def refresh(self) -> None:
        self.model.refresh()
        self.count.setText(self.count_text(self.model.rowCount()))
        fit_columns(self.table)
        for column, texts in self.column_texts().items():
            fit_texts(self.table, column, texts)
        if not self.table.property(REMEMBERED):  # the user's widths stay
            if self.wide_column is not None:
                cap_column(self.table, self.wide_column, self.wide_width)
            for column in range(self.model.columnCount()):
                if column != self.wide_column and column not in self.shared_columns:
                    cap_column(self.table, column, self.most_width)
        if self.sharing is not None:
            self.sharing.fitted()

    def column_texts(self) -> dict[int, list[str]]:
        """Texts a column must fit whatever rows it shows first (a page may name some)."""
        return {}

    def rows(self) -> list[Any]:
        """The rows as listed (fetching every page; for tests and small lists)."""
        return self.model.all_rows()
