"""Small shared widgets (ui/widgets.py)."""

from __future__ import annotations

from tests.ui.cells import cell_alignment, cell_tip
from ui.widgets import detail_table, fill_table


def test_a_detail_table_shows_cut_text_whole_in_a_tooltip(qtbot) -> None:
    table = detail_table(("When", "Amount", "Detail"), numeric=(1,))
    qtbot.addWidget(table)
    long_note = "借款人称已安排家人代为还款，" * 5
    fill_table(table, [("2026-12-01 10:00", "1,234.56", long_note), ("2026-12-02", "0.00", "")])
    assert cell_tip(table, 0, 2) == long_note  # the stretched last column, cut at the edge
    assert cell_tip(table, 0, 0) == "" and cell_tip(table, 0, 1) == ""
    assert cell_tip(table, 1, 2) == ""  # nothing to show
    assert cell_alignment(table, 0, 1) & 0x2  # amounts align right (Qt.AlignRight)


def test_the_visits_list_fills_the_width_after_a_refill(qtbot) -> None:
    """Refilled (after every action on the Visits page), the list still reaches the page's edge."""
    import datetime as dt

    from PySide6.QtWidgets import QTableWidget

    from app.models import VisitStatus
    from app.queries.visits import VisitRow
    from ui.pages.visits_view import fill_list

    table = QTableWidget(0, 8)
    qtbot.addWidget(table)
    table.horizontalHeader().setStretchLastSection(True)
    table.resize(1200, 300)
    table.show()
    qtbot.waitExposed(table)
    row = VisitRow(
        "V2026-000001", "C2026-000001", "张伟", VisitStatus.BOOKED, None, None, (), "", False
    )
    for rows in ([row], [row] * 3):
        fill_list(table, rows, dt.UTC)
        assert table.horizontalHeader().length() == table.viewport().width()


def test_a_flow_bar_wraps_its_buttons_when_narrow(qtbot) -> None:
    from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

    from ui.flow import flow_bar

    buttons = [QPushButton(f"Action number {n}…") for n in range(6)]
    buttons[3].hide()  # a hidden button takes no room
    bar = flow_bar(*buttons, right=True)
    page = QWidget()
    QVBoxLayout(page).addWidget(bar)
    qtbot.addWidget(page)
    page.show()
    widest = max(b.sizeHint().width() for b in buttons)
    assert page.minimumSizeHint().width() < 2 * widest  # not the sum of the buttons
    shown = [b for b in buttons if b.isVisibleTo(page)]

    def rows(width: int) -> int:
        page.resize(width, 400)
        qtbot.wait(1)
        for a, b in zip(shown, shown[1:], strict=False):
            assert not a.geometry().intersects(b.geometry())
        assert all(b.geometry().right() < bar.width() for b in shown)  # all within the bar
        return len({b.geometry().top() for b in shown})

    assert rows(sum(b.sizeHint().width() for b in shown) + 200) == 1
    assert shown[-1].geometry().right() > bar.width() - 20  # flush right
    assert rows(widest * 2 + 30) == 3
    assert bar.height() >= 3 * shown[0].sizeHint().height()  # the rows push what is below
