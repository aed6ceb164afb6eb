"""Columns of long texts share a table's width: the other columns keep their fitted widths, the
long-text columns divide what is left (a narrow one keeps its fitted width, the wider ones split
the rest, none below a floor, lower in a narrow window), so the last of them stays on screen
rather than behind a horizontal scroll bar; filling, they take all the width the others leave.
Their texts are elided; the full text is in a tooltip. Widths the user set (ui/table_state.py)
are left alone; a window resized shares again."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

from ui.table_state import CELL_PADDING, REMEMBERED

FLOOR_TEXT = "0" * 12  # the narrowest a shared column gets: about a dozen characters …
# … unless the table is too narrow for that: then as narrow as lets every column on screen,
# down to this (the Compliance log at 1024 px in Chinese scrolled, its override reason and rule
# set off screen, for want of 117 px; elided, each text is in full in its tooltip).
NARROW_TEXT = "0" * 5


def shares(
    room: int, wanted: Sequence[int], least: int, weights: Sequence[int] | None = None
) -> list[int]:
    """Widths for columns wanting `wanted` within `room`: each keeps up to `least` of what it
    wants, and the room left is shared by `weights` (equal without): a column that wants less
    than its share keeps what it wants, the others split the rest."""
    weights = list(weights) if weights is not None else [1] * len(wanted)
    widths = [min(w, least) for w in wanted]
    left, weight_left = max(0, room - sum(widths)), sum(weights)
    more = [w - base for w, base in zip(wanted, widths, strict=True)]
    for i in sorted(range(len(wanted)), key=lambda i: more[i] / weights[i]):
        extra = min(more[i], left * weights[i] // weight_left)
        widths[i] += extra
        left, weight_left = left - extra, weight_left - weights[i]
    return widths


class ColumnShare(QObject):
    """Keeps `columns` of `view` sharing its width, each by its weight (`columns` maps a column
    to it); `fitted()` after each fitting of the columns to their contents."""

    def __init__(
        self,
        view: QTableView,
        columns: dict[int, int],
        fill: bool = False,
        narrowable: dict[int, int] | None = None,
    ) -> None:
        super().__init__(view)
        self.view, self.columns, self.fill = view, dict(columns), fill
        # Columns that join the shared ones only when the window is too narrow for all.
        self.narrowable = dict(narrowable or {})
        self.wanted: list[int] = []
        self.contents: list[int] = []  # what the cells alone need, the title aside
        view.viewport().installEventFilter(self)

    def fitted(self) -> None:
        """Take the columns' widths as fitted to their contents, then share."""
        header = self.view.horizontalHeader()
        self.wanted = [header.sectionSize(i) for i in range(header.count())]
        last = header.count() - 1
        if last >= 0 and last not in self.columns and header.stretchLastSection():
            # What its texts need: stretched, the section's size is what the others left, and
            # the long texts, shared again, left it that much more (the Audit page's hash took
            # 220 px while the changes were cut short).
            self.wanted[last] = max(self.view.sizeHintForColumn(last), header.sectionSizeHint(last))
        self.contents = [
            min(wanted, self.view.sizeHintForColumn(i)) for i, wanted in enumerate(self.wanted)
        ]
        self.share()

    def share(self) -> None:
        view = self.view
        header = view.horizontalHeader()
        if view.property(REMEMBERED) or len(self.wanted) != header.count():
            return
        shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        columns = [c for c in self.columns if c in shown]
        metrics = view.fontMetrics()
        narrowest = metrics.horizontalAdvance(NARROW_TEXT) + CELL_PADDING
        # The fitted widths, not the present ones: the last column may have been stretched.
        others = {i: self.wanted[i] for i in shown if i not in columns}
        short = narrowest * len(columns) - (view.viewport().width() - sum(others.values()))
        if columns and short > 0:  # a narrow window: all on screen if it can
            short -= self._take_title_room(others, short, narrowest)
            if short > 0:
                columns += [c for c in self.narrowable if c in others]
                others = {i: w for i, w in others.items() if i not in columns}
        room = view.viewport().width() - sum(others.values())
        least = metrics.horizontalAdvance(FLOOR_TEXT) + CELL_PADDING
        if columns and room < least * len(columns):
            least = max(narrowest, room // len(columns))
        for column, width in others.items():
            # Their fitted widths (or less, above), from which the last one stretches into what
            # the shared columns leave; a window widened again gives them back.
            header.resizeSection(column, width)
        # Filling, the long texts take all the room (their fitted widths come from a sample
        # of rows: a longer text further down was cut short while the last column stretched).
        wanted = [max(self.wanted[c], room) if self.fill else self.wanted[c] for c in columns]
        weights = [self.columns.get(c) or self.narrowable[c] for c in columns]
        for column, width in zip(columns, shares(room, wanted, least, weights), strict=True):
            header.resizeSection(column, width)

    def _take_title_room(self, others: dict[int, int], short: int, narrowest: int) -> int:
        """Narrow the columns fitted wider than their cells for their titles ("Overridden by"
        over a two-character name), the widest such first, by up to `short` pixels in all; how
        many pixels they gave. Their titles are then elided, whole in the header's tooltip."""
        given = 0
        spare = {
            i: w - max(self.contents[i], narrowest)
            for i, w in others.items()
            if w > max(self.contents[i], narrowest)
        }
        for column in sorted(spare, key=lambda i: -spare[i]):
            if given >= short:
                break
            taken = min(spare[column], short - given)
            others[column] -= taken
            given += taken
        return given

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 -- Qt's
        if event.type() == QEvent.Type.Resize:
            self.share()
        return False
