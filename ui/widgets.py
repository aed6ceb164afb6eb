"""Small building blocks shared by pages and dialogs: read-only detail and list tables, section
titles, form rows, message lines and filter bars (the date fields are in ui/date_widgets.py,
named here too)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QTableView,
    QTableWidget,
    QWidget,
)

from app.i18n import tr as _
from ui.colours import set_role
from ui.date_widgets import (  # noqa: F401 (named here too, where they were first)
    NO_DATE,
    date_edit,
    day_of,
    office_day,
    optional_date_edit,
    optional_day,
    qdate,
    set_optional_day,
    set_zoned,
    zoned_edit,
    zoned_time,
)
from ui.flow import flow_bar, labelled, labelled_row
from ui.header_items import set_headers
from ui.table_fill import cell_text, fill_cells, fitting_held  # noqa: F401 (fitting_held: named here too)
from ui.table_model import LEFT, RIGHT, show_sort_truly


class DetailTable(QTableWidget):
    """A read-only table; with `fit_rows` it is exactly as tall as its rows (the pane scrolls)."""

    def __init__(self, columns: int, fit_rows: bool, parent: QWidget | None = None) -> None:
        super().__init__(0, columns, parent)
        self.fit_rows = fit_rows
        self.stretching: tuple[int, ...] = ()  # wrapped columns that share the width left,
        self.bounded: tuple[int, ...] = ()  # and those at most `share` of their width
        self.share = 1.0  # (wrap_columns)
        self.setTabKeyNavigation(False)  # the arrow keys move along it; Tab leaves (list_table)
        if fit_rows:
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_height(self) -> None:
        """Resize to the header, the rows and, when the columns overflow, the scroll bar."""
        if not self.fit_rows:
            return
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += max(self.verticalHeader().length(), self.fontMetrics().height() + 8)
        if self.horizontalHeader().length() > self.viewport().width() + 1:
            height += self.horizontalScrollBar().sizeHint().height()
        if height != self.height():
            self.setFixedHeight(height)

    def fit_wrapped(self) -> None:
        """Each bounded column as wide as its text, up to `share` of a stretching column's width
        and no narrower than its header or its longest word; the stretching ones share the rest.
        (Qt's own stretching says nothing when it widens a column: rows would not follow.)"""
        if not self.stretching:
            return
        header, fit = self.horizontalHeader(), QHeaderView.ResizeMode.ResizeToContents
        fitted = (
            max(self.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(self.columnCount())
            if header.sectionResizeMode(c) == fit and not self.isColumnHidden(c)
        )
        room = self.viewport().width() - sum(fitted)
        sharing = len(self.bounded) * self.share + len(self.stretching)
        least = {c: max(header.sectionSizeHint(c), self.widest_word(c)) for c in self.bounded}
        for c in sorted(self.bounded, key=least.__getitem__, reverse=True):  # held widest first
            most = int(room * self.share / sharing)
            width = max(min(self.sizeHintForColumn(c), most), least[c])
            header.resizeSection(c, width)
            room, sharing = room - width, sharing - self.share
        for n, c in enumerate(self.stretching):
            width = max(room // (len(self.stretching) - n), header.sectionSizeHint(c))
            header.resizeSection(c, width)
            room -= width

    def widest_word(self, column: int) -> int:
        """What a cell of `column` needs for its longest piece that cannot wrap, with margins."""
        from PySide6.QtCore import QTextBoundaryFinder

        widest = 0
        for row in range(self.rowCount()):
            text = cell_text(self, row, column)  # not through Qt's item (ui/table_fill.py)
            finder, start = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text), 0
            while (end := finder.toNextBoundary()) != -1:
                piece, start = text[start:end].strip(), end
                widest = max(widest, self.fontMetrics().horizontalAdvance(piece))
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self)
        return widest + 2 * (margin + 1) + 2  # the text's margins, the grid, a rounded fraction

    def fit_rows_to_text(self, *_args: object) -> None:
        """Rows as tall as their wrapped text (after a column's width changed)."""
        self.resizeRowsToContents()
        self.fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit_wrapped()
        self.fit_height()


def detail_table(
    headers: Sequence[str],
    numeric: Sequence[int] = (),
    fit_rows: bool = False,
    parent: QWidget | None = None,
    *,
    wrap: int | None = None,
    bounded: Sequence[int] = (),
) -> DetailTable:
    """A read-only, row-selecting table whose headers are msgids; `numeric` columns align right.

    The columns fit their text on one line, the last one stretching; with `wrap`, that column
    takes the width the others leave and wraps instead (see wrap_columns)."""
    table = DetailTable(len(headers), fit_rows, parent)
    set_headers(table, [_(h) for h in headers])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.setProperty("numeric", list(numeric))
    if wrap is not None:
        wrap_columns(table, wrap, bounded)
    return table


def wrap_columns(
    table: DetailTable, stretch: int | Sequence[int], bounded: Sequence[int] = (), share: float = 1
) -> None:
    """Long texts wrap rather than push the table past its pane: the `stretch` columns share the
    width the others leave, each `bounded` one is as wide as its text up to `share` of theirs,
    and rows are as tall as their text."""
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    table.stretching = (stretch,) if isinstance(stretch, int) else tuple(stretch)
    table.bounded, table.share = tuple(bounded), share
    for column in table.stretching + table.bounded:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    header.sectionResized.connect(table.fit_rows_to_text)


TIP_AFTER = 40  # characters: a longer cell also shows its whole text as a tooltip


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Replace the table's rows with `rows` (already formatted text).

    The cells are refilled in place, so the selected row, the current cell and the scroll
    position stay where they were; whatever a page painted on a cell (colour, font, data) goes.
    While filling, the columns that fit their text stop measuring it and sorting stops: both
    redo their work for the whole table on each cell changed, which made refilling hundreds of
    rows over as many take seconds (a case's timeline of 427 events: 4.7 s). They measure and
    sort once, after.

    The cells are set through the model (ui/table_fill.py fill_cells says why)."""
    numeric = set(table.property("numeric") or [])
    width = table.columnCount()
    fill_cells(
        table,
        [
            [cell_data(values, c, c in numeric) for c in range(min(len(values), width))]
            for values in rows
        ],
    )
    table.resizeRowsToContents()
    if isinstance(table, DetailTable):
        table.fit_height()
        table.fit_wrapped()


def cell_data(values: Sequence[str], c: int, numeric: bool) -> dict[int, object]:
    """Cell `c`'s text, its alignment and, when it may be cut, its whole text as a tooltip."""
    value = values[c]
    data: dict[int, object] = {
        Qt.ItemDataRole.DisplayRole.value: value,
        Qt.ItemDataRole.TextAlignmentRole.value: RIGHT if numeric else LEFT,
    }
    if len(value) > TIP_AFTER or (c == len(values) - 1 and value):
        data[Qt.ItemDataRole.ToolTipRole.value] = value  # one line per row: a long detail is cut
    return data


def list_table(
    model: QAbstractItemModel,
    row_height: int,
    sort: tuple[int, Qt.SortOrder] | None = None,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
) -> QTableView:
    """A lazy list's table: whole rows selected, one line each, columns sized from a sample of
    rows; with `sort`, sortable and sorted by that (column, order)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    # Tab leaves the list for the next field or button, as everywhere else; the arrow keys move
    # along the rows. A table's Tab went from cell to cell: a keyboard user on a list of
    # thousands of rows could not Tab out of it.
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(row_height)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    for header in (table.horizontalHeader(), table.verticalHeader()):
        header.setResizeContentsPrecision(100)  # size columns from a sample, not all rows
    # Whole rows are selected: a column's header has nothing to mark, so it is given a selection
    # of its own, always empty. Sharing the table's, each paint of the header asked whether every
    # row of each column was selected, a row at a time: 0.3 s a paint with the 21,000-case queue
    # all selected (Ctrl+A), on a 100,000-row list over a second.
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSelectionModel(QItemSelectionModel(model, header))
    if sort is not None:
        # The indicator first, so enabling sorting queries once, in that order.
        table.horizontalHeader().setSortIndicator(*sort)
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(lambda *_args: show_sort_truly(table))
    return table


def cap_column(table: QTableView, column: int, width: int) -> None:
    """Narrow `column` to `width` when fitting made it wider (its full text is in a tooltip)."""
    header = table.horizontalHeader()
    if header.sectionSize(column) > width:
        header.resizeSection(column, width)


def title_label(text: str = "") -> QLabel:
    """A bold heading for a detail pane; a long one wraps (an agent's name of 120 characters
    held the Agents & training page 1,100 px wide)."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def hold_top(widget: QWidget, hold: bool) -> None:
    """While `hold`, the last item of `widget`'s box layout (an `addStretch(0)` put there for
    this) takes the spare room, so a hint or an empty list's line stays at the top while the
    item that grows (a table, a pane) is hidden."""
    layout = widget.layout()
    assert isinstance(layout, QBoxLayout)
    layout.setStretch(layout.count() - 1, 1 if hold else 0)


def section_label(text: str) -> QLabel:
    """A bold sub-heading, text is a msgid."""
    label = QLabel(_(text))
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class FieldForm(QFormLayout):
    """A form of read-only value labels, keyed by their msgid."""

    def __init__(self, msgids: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: dict[str, QLabel] = {}
        for msgid in msgids:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values[msgid] = value
            self.addRow(_(msgid) + _(":"), value)

    def set(self, msgid: str, text: str) -> None:
        self.values[msgid].setText(text)

    def relabel(self, msgid: str, label: str) -> None:
        """Name the row of `msgid` `label` (a msgid too), as the office's country does."""
        name = self.labelForField(self.values[msgid])
        if name is None:  # the value sits in a box beside a button
            parent = self.values[msgid].parentWidget()
            name = self.labelForField(parent) if parent is not None else None
        if isinstance(name, QLabel):
            name.setText(_(label) + _(":"))

    def clear_values(self) -> None:
        for value in self.values.values():
            value.clear()


ERROR_ROLE = "error"  # inline errors in dialogs and pages (a role of ui/colours.py)
OK_ROLE = "ok"  # what was just done, said inline


def inline_label(name: str, role: str) -> QLabel:
    """A hidden, word-wrapped message line (errors and results)."""
    line = QLabel()
    line.setObjectName(name)
    line.setWordWrap(True)
    set_role(line, role)
    line.hide()
    return line


def error_label() -> QLabel:
    """A dialog's hidden inline error line, object name "error"."""
    return inline_label("error", ERROR_ROLE)


def shows_placeholder(edit: QLineEdit) -> int:
    """The width at which `edit` shows its whole placeholder: the text, its margins, the frame."""
    frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
    return edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 2 * frame + 8


def row(*parts: QWidget | tuple[QWidget, int]) -> QHBoxLayout:
    """Widgets side by side; a (widget, stretch) pair stretches."""
    line = QHBoxLayout()
    for part in parts:
        line.addWidget(*part) if isinstance(part, tuple) else line.addWidget(part)
    return line


FILTER_WIDTH = 320


Field = tuple[str | None, QWidget]


def filter_bar(fields: Sequence[Field | list[Field]], end: QWidget | None) -> QHBoxLayout:
    """A page's filters left to right, each after its label (translated, or None), wrapping
    onto a second row when the window is narrow, then `end` (if any) at the right; a list of
    fields (a date range) wraps as one. A list of choices is at most FILTER_WIDTH wide (its
    longest item elided): a user's name of 120 characters made the Audit page's Who as wide as
    the window."""
    groups = [entry if isinstance(entry, list) else [entry] for entry in fields]
    for _text, widget in (field for group in groups for field in group):
        if isinstance(widget, QComboBox) and widget.maximumWidth() > FILTER_WIDTH:
            widget.setMaximumWidth(FILTER_WIDTH)
    bar = QHBoxLayout()
    items = [labelled(*group[0]) if len(group) == 1 else labelled_row(*group) for group in groups]
    bar.addWidget(flow_bar(*items), 1)
    if end is not None:
        bar.addWidget(end, 0, Qt.AlignmentFlag.AlignTop)
    return bar


def select_data(combo: QComboBox, value: object) -> None:
    """Choose the item holding `value` (the first when none does, or for None), without
    emitting a change."""
    combo.blockSignals(True)
    combo.setCurrentIndex(max(combo.findData(value), 0) if value is not None else 0)
    combo.blockSignals(False)


def refill(combo: QComboBox, items: Sequence[tuple[str, object]]) -> None:
    """Replace the items (text, value), keeping the chosen value when it is still listed,
    without emitting a change."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, value in items:
        combo.addItem(text, value)
    combo.blockSignals(False)
    select_data(combo, chosen)
