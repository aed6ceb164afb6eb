"""A row of widgets that wraps onto further rows when the width runs out (Qt's flow layout
example), so a page's bar of buttons does not hold the whole window wider than a laptop's
screen: the window's narrowest is the widest page's narrowest."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Items left to right, a new row where the next would not fit; rows flush right when
    `right` (a bar of actions at the end of a page's top row)."""

    def __init__(self, parent: QWidget | None = None, *, right: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._right = right
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:
        """One row: what the items want side by side."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in shown) + self._gap() * max(len(shown) - 1, 0)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width, height) + QSize(
            margins.left() + margins.right(), margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        """The widest item: anything narrower wraps."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _gap(self) -> int:
        spacing = self.spacing()
        if spacing >= 0:
            return spacing
        parent = self.parentWidget()
        return (
            parent.style().layoutSpacing(
                QSizePolicy.ControlType.PushButton,
                QSizePolicy.ControlType.PushButton,
                Qt.Orientation.Horizontal,
            )
            if parent is not None
            else 6
        )

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        """Lay the items out in `rect` (when `place`); the height they take."""
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        gap = self._gap()
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            width = item.sizeHint().width()
            if rows[-1] and used + gap + width > area.width():
                rows.append([])
                used = 0
            used += (gap if rows[-1] else 0) + width
            rows[-1].append(item)
        y = area.y()
        for row in rows:
            if not row:
                continue
            height = max(item.sizeHint().height() for item in row)
            if place:
                width = sum(i.sizeHint().width() for i in row) + gap * (len(row) - 1)
                x = area.x() + (max(area.width() - width, 0) if self._right else 0)
                for item in row:
                    hint = item.sizeHint()
                    item.setGeometry(QRect(QPoint(x, y + (height - hint.height()) // 2), hint))
                    x += hint.width() + gap
            y += height + gap
        return y - gap - area.y() + margins.top() + margins.bottom() if y > area.y() else 0


def flow_bar(*widgets: QWidget, right: bool = False) -> QWidget:
    """A widget holding `widgets` in a row that wraps; it takes the width its row leaves."""
    holder = QWidget()
    layout = FlowLayout(holder, right=right)
    for widget in widgets:
        layout.addWidget(widget)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    holder.setSizePolicy(policy)
    return holder


def labelled(text: str | None, widget: QWidget) -> QWidget:
    """`widget` after its label, kept together on one row of a flow (just `widget` when no
    label)."""
    return widget if not text else labelled_row((text, widget))


def labelled_row(*fields: tuple[str | None, QWidget]) -> QWidget:
    """Fields, each after its label (or None), kept together on one row of a flow: a date
    range's From and To, a record's kind and its id. Apart, "To:" wrapped onto the Audit page's
    second row while "From:" stayed on the first (English, a window of about 1,380 px)."""
    holder = QWidget()
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    for text, widget in fields:
        if text:
            line.addWidget(QLabel(text))
        line.addWidget(widget)
    return holder
