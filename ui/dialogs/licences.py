"""Help ▸ Third-party licences: every component the installers bundle, its version and licence,
and the licence's text for the one selected (read by app/licences.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import tr as _
from app.licences import components
from ui.header_items import set_headers
from ui.screen_fit import fit_on_screen
from ui.std_buttons import button_box

HEADERS = ("Component", "Version", "Licence")
LICENCE_WIDTH = 220
NAME_WIDTH = 240


def reflowed(text: str) -> str:
    """A licence's prose lines, broken at 70-80 columns in the file, joined again so the box wraps
    them at its own width (each line was wrapped twice: a long line, then a stub). A short line,
    a blank one or one starting with a space (a list, a table, a heading) keeps its break."""
    out: list[str] = []
    for line in text.splitlines():
        if out and len(out[-1]) >= 60 and line[:1].strip() and not out[-1].endswith(":"):
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)


class LicencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Third-party licences"))
        self.components = components()
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Casedesk includes these components, each under its own licence. "
                "Select one to read its licence."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(self.components), len(HEADERS))
        self.table.setTabKeyNavigation(False)  # the arrows move in it; Tab leaves it
        set_headers(self.table, [_(h) for h in HEADERS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, c in enumerate(self.components):
            for column, value in enumerate((c.name, c.version or "—", c.licence)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # A long name or expression (NumPy's five licences) is elided, and whole in its tool tip.
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), LICENCE_WIDTH))
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), NAME_WIDTH))
        self.table.setWordWrap(False)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.splitter = splitter
        buttons = button_box(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.table.selectRow(0)
        # The list as wide as its columns, the text the rest (until the user moves the divider).
        self.list_width = sum(self.table.columnWidth(c) for c in range(len(HEADERS)))
        self.list_width += self.table.verticalScrollBar().sizeHint().width()
        self.list_width += 2 * self.table.frameWidth()
        self.divider_moved = False
        splitter.splitterMoved.connect(lambda *_: setattr(self, "divider_moved", True))
        fit_on_screen(self, 1100, 640)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self.divider_moved:
            total = sum(self.splitter.sizes()) or self.width()
            self.splitter.setSizes([self.list_width, max(total - self.list_width, 200)])

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.text.setPlainText(reflowed(self.components[rows[0].row()].text))
            self.text.moveCursor(self.text.textCursor().MoveOperation.Start)

    def select(self, name: str) -> str:
        """Select the component named `name` (as listed); returns the licence text shown."""
        for row, c in enumerate(self.components):
            if c.name == name:
                self.table.selectRow(row)
                break
        else:
            raise LookupError(name)
        return self.text.toPlainText()
