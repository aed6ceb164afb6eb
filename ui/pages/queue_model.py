"""The Work queue's table model: the lazy model over case ids, with the score column's tooltip
listing why a case ranks where it does."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.i18n import tr as _
from app.queries.case_page import breakdown_factors
from app.queries.cases import QueueFilter, QueueRow
from ui.queue_columns import SCORE_COLUMN
from ui.table_model import Index, WholeTitles


def score_tooltip(row: QueueRow) -> str:
    """Why a case ranks where it does: the score, as its column is headed, then factor → points
    (分数：105, 逾期金额：+30 in Chinese, with its own colon)."""
    factors = breakdown_factors(row.breakdown)
    lines = [_("{name}: {value}", name=f.label, value=f"{f.points:+d}") for f in factors]
    return "\n".join([_("{name}: {value}", name=_("Score"), value=row.score), *lines])


class QueueModel(WholeTitles):
    """The lazy model, with the score column's tooltip listing the priority breakdown."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and index.column() == SCORE_COLUMN
        ):
            row = self.painted_row(index.row())
            return score_tooltip(row) if row is not None else None
        return super().data(index, role)


def filter_note(flt: QueueFilter) -> str:
    """What a dashboard tile's filter, which no widget shows, leaves out ('' for none)."""
    if flt.promise_broken_from is not None:
        return _(
            "Cases with a promise due since {date} and broken. Change any filter to see "
            "the others.",
            date=flt.promise_broken_from.isoformat(),
        )
    if flt.contacted_today:
        return _("Cases with a contact logged today. Change any filter to see the others.")
    if flt.overdue:
        return _(
            "Overdue cases only: a case up to date under its agreement is left out. "
            "Change any filter to see every open case."
        )
    return ""
