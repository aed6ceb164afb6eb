"""Tables remember their column widths, order and sort between sessions (QSettings, per table).

`remember(view, key)` restores what was saved and saves again whenever the user resizes, moves or
sorts a column (debounced). Pages size their columns with `fit_columns(view)`, which leaves
remembered widths alone. A state saved for another number of columns (a release that added or
dropped one) is forgotten: Qt would lay the old sections over the new ones.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QSettings, QTimer
from PySide6.QtWidgets import QTableView

from ui.table_model import show_sort_truly

PREFIX = "tables"
REMEMBERED = "casedesk_widths_remembered"  # dynamic property on the view
SAVE_DELAY_MS = 400
FIT_SAMPLE = 40  # rows looked at when fitting columns to their contents: about a screen
CELL_PADDING = 16  # a cell's margins and grid line either side of its text


def settings() -> QSettings:
    from ui.identity import APPLICATION, ORGANISATION

    return QSettings(ORGANISATION, APPLICATION)


def _key(key: str) -> str:
    return f"{PREFIX}/{key}/header"


def fit_columns(view: QTableView) -> None:
    """Size columns to their contents, unless the user's own widths were restored."""
    if not view.property(REMEMBERED):
        for header in (view.horizontalHeader(), view.verticalHeader()):
            # A sample of rows, not Qt's default 1,000: on a lazy model every row sized is a
            # row fetched, and a start-up with a dozen big tables paid for 1,000 of each.
            header.setResizeContentsPrecision(min(header.resizeContentsPrecision(), FIT_SAMPLE))
        view.resizeColumnsToContents()


def fit_texts(view: QTableView, column: int, texts: Iterable[str]) -> None:
    """Widen a fitted column to hold each of `texts`, which the rows sampled by `fit_columns`
    may not have shown (a name that comes later in a long list); remembered widths stay."""
    if view.property(REMEMBERED):
        return
    metrics = view.fontMetrics()
    widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
    if widest:
        view.setColumnWidth(column, max(view.columnWidth(column), widest + CELL_PADDING))


def save(view: QTableView, key: str) -> None:
    store = settings()
    store.setValue(_key(key), view.horizontalHeader().saveState())
    store.setValue(f"{PREFIX}/{key}/own_widths", bool(view.property(REMEMBERED)))
    store.sync()


def saved_sections(state: QByteArray | bytes) -> int | None:
    """How many columns a saved header state is for; None when it cannot be read.

    Reads the head of QHeaderView::saveState()'s stream (Qt 6): marker and version, the
    orientation and sort indicator, the visual and logical indices, the hidden sections (a bit
    array and a hash of their sizes), the length, then the section count."""
    data = QByteArray(state)
    stream = QDataStream(data, QIODevice.OpenModeFlag.ReadOnly)

    def counted() -> int | None:
        """A count read from the stream; None when it cannot be (more items than bytes left)."""
        n = stream.readUInt32()
        return n if stream.status() == QDataStream.Status.Ok and n <= data.size() else None

    for _ in range(5):  # marker, version, orientation, sort order, sort section
        stream.readInt32()
    stream.readBool()  # sort indicator shown
    for _ in range(2):  # visual and logical indices
        if (n := counted()) is None:
            return None
        for _ in range(n):
            stream.readInt32()
    if (bits := counted()) is None:  # hidden sections, one bit each
        return None
    for _ in range((bits + 7) // 8):
        stream.readUInt8()
    if (pairs := counted()) is None:  # hidden sections' sizes, (section, size) pairs
        return None
    for _ in range(2 * pairs):
        stream.readInt32()
    stream.readInt32()  # length
    count = stream.readInt32()
    return count if stream.status() == QDataStream.Status.Ok and count >= 0 else None


def restore(view: QTableView, key: str) -> bool:
    """Apply the saved header state (widths, order, sort indicator); False when none, or when
    it was saved for another number of columns (then it is forgotten)."""
    store = settings()
    state = store.value(_key(key))
    if not isinstance(state, QByteArray | bytes) or not state:
        return False
    header = view.horizontalHeader()
    if saved_sections(state) != header.count():
        store.remove(f"{PREFIX}/{key}")
        return False
    fitted = [header.sectionSize(i) for i in range(header.count())]
    if not header.restoreState(QByteArray(state)):
        return False
    show_sort_truly(view)  # an arrow saved on a column the rows cannot be sorted by
    # Widths the user set by hand stay. Widths that were only fitted last time give way to
    # this session's (its rows, its language, its users), fitted before or after this call.
    own = store.value(f"{PREFIX}/{key}/own_widths", False) in (True, "true")
    view.setProperty(REMEMBERED, own)
    if not own:
        for column, width in enumerate(fitted[: header.count()]):
            header.resizeSection(column, width)
    return True


def remember(view: QTableView, key: str) -> None:
    """Restore `view`'s header now and save it after every change the user makes."""
    restore(view, key)
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(SAVE_DELAY_MS)
    timer.timeout.connect(lambda: save(view, key))
    header = view.horizontalHeader()

    def changed(*_args: object) -> None:
        # Only a user's own resizing counts as "their widths"; sorting alone keeps fitting.
        if header.underMouse() or view.isVisible():
            timer.start()

    def resized(*_args: object) -> None:
        if header.underMouse():
            view.setProperty(REMEMBERED, True)
        changed()

    header.sectionResized.connect(resized)
    header.sectionMoved.connect(changed)
    header.sortIndicatorChanged.connect(changed)
    view.setProperty("casedesk_table_key", key)
