"""The draft dialog's plan table: filled from plan rows, and read back as the core takes them,
each bad cell named by its instalment (a long plan's bad cell is out of view)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from app.agreements import PlanRow
from app.errors import CasedeskError, ValidationError
from app.money import fmt, to_minor
from app.tabular import parse_date
from ui.table_model import RIGHT


def fill_plan(table: QTableWidget, rows: list[PlanRow]) -> None:
    """Show the rows (due date, amount) without telling the table's change slots."""
    table.blockSignals(True)
    table.setRowCount(len(rows))
    for n, row in enumerate(rows):
        table.setItem(n, 0, QTableWidgetItem(f"{row.due_on:%Y-%m-%d}"))
        amount = QTableWidgetItem(fmt(row.amount))
        amount.setTextAlignment(RIGHT)
        table.setItem(n, 1, amount)
    table.blockSignals(False)


def read_plan(table: QTableWidget) -> list[PlanRow]:
    """The table's rows as typed; a date or an amount that cannot be read names its row."""
    rows = []
    for n in range(table.rowCount()):
        due, amount = table.item(n, 0), table.item(n, 1)
        try:
            day = parse_date(due.text() if due else "")
        except CasedeskError:
            raise ValidationError(
                "Instalment {seq}: not a date: {value}.",
                seq=n + 1,
                value=due.text() if due else "",
            ) from None
        try:
            minor = to_minor(amount.text() if amount else "")
        except CasedeskError as error:
            raise ValidationError(
                "Instalment {seq}: {problem}", seq=n + 1, problem=error.translated()
            ) from None
        rows.append(PlanRow(day, minor))
    return rows
