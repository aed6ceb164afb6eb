"""What the Import data dialog shows as a check or an import reports back: progress, results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QLayout,
    QProgressDialog,
    QPushButton,
    QTableWidget,
)

from app.i18n import plural, sentences
from app.i18n import tr as _
from app.importer import ImportReport
from app.importer.job import STAGES
from ui.colours import set_role
from ui.header_items import set_headers
from ui.table_fill import TIP, fitting_held, set_cell
from ui.widgets import ERROR_ROLE, DetailTable, fill_table

SHOWN_PROBLEMS = 2000  # the table shows this many; the summary counts them all
FILE = 0  # the problems' File column
FILE_CHARS = 24  # a longer file name is cut in the middle there, whole in its tooltip


class ImportResults:
    """The dialog's answers to its workers' signals (ImportDialog mixes this in)."""

    report: ImportReport | None
    imported: ImportReport | None
    progress_dialog: QProgressDialog | None
    import_button: QPushButton
    summary: QLabel
    unread: QLabel
    queue_note: QLabel
    rows: QTableWidget
    problems: DetailTable
    _current: Callable[[], bool]  # whether the signal comes from the worker whose result counts
    _paths: Callable[[], tuple[Path | None, Path | None]]
    accept: Callable[[], None]
    layout: Callable[[], QLayout | None]

    @Slot(str, int, int)
    def on_check_progress(self, stage: str, done: int, total: int) -> None:
        if not self._current() or stage not in ("check", "schedule", "allocate") or not done:
            return
        path = self._paths()[0]
        self._say(
            _(
                "Checking {file}: row {done} of {total}…",
                file=path.name if path else "",
                done=f"{done:,}",
                total=f"{total:,}",
            )
        )

    @Slot(str, int, int)
    def on_progress(self, stage: str, done: int, total: int) -> None:
        if self.progress_dialog is None or self.progress_dialog.wasCanceled():
            return
        self.progress_dialog.setMaximum(max(total, 1))
        self.progress_dialog.setValue(min(done, max(total, 1)))
        self.progress_dialog.setLabelText(_(STAGES.get(stage, "Writing…")))

    @Slot(object)
    def on_preview(self, report: ImportReport) -> None:
        if not self._current():
            return
        self.report = report
        self._fill(report)
        if report.ok:
            checked = plural(
                report.rows,
                "{rows} row checked: {new} to import, {unchanged} already in Casedesk "
                "(skipped). Nothing has been saved yet.",
                "{rows} rows checked: {new} to import, {unchanged} already in Casedesk "
                "(skipped). Nothing has been saved yet.",
                rows=f"{report.rows:,}",
                new=f"{report.new:,}",
                unchanged=f"{report.unchanged:,}",
            )
            self._say(
                sentences(
                    [
                        checked,
                        report.repeated_text(),
                        report.phones_text(),
                        report.shared_text(),
                        report.rates_text(),
                        report.overpaid_text(),
                    ]
                )
            )
        else:  # the core counts problems with the file itself apart from rows' problems
            self._say(report.problems_text(), error=True)
        self.unread.setText(report.unread_text())
        self.unread.setVisible(bool(report.unread_text()))
        self.import_button.setEnabled(report.ok and report.new > 0)

    @Slot(object)
    def on_imported(self, report: ImportReport) -> None:
        if not self._current():
            return
        if not report.imported:  # the file changed since the preview: show what is wrong now
            self.on_preview(report)
            return
        self.imported = report
        self.accept()

    @Slot(str)
    def on_failed(self, message: str) -> None:
        if not self._current():
            return
        self._say(message, error=True)
        self.import_button.setEnabled(False)

    @Slot()
    def on_cancelled(self) -> None:
        if not self._current():
            return
        self._say(_("The import was cancelled; nothing was imported."), error=True)
        self.import_button.setEnabled(self.report is not None and self.report.ok)

    def _fill(self, report: ImportReport) -> None:
        headers = next(iter(report.headers.values()), [])
        sample = next(iter(report.sample.values()), [])
        self.rows.setColumnCount(len(headers))
        set_headers(self.rows, headers)
        fill_table(self.rows, [row[: len(headers)] for row in sample])
        shown = report.errors[:SHOWN_PROBLEMS]
        files = {p.file for p in shown}
        # One file named on every row said nothing the File field does not, and a long name
        # took the width the problems need: the column shows only when a second file (a loan
        # file's schedule) has problems too, each name cut in the middle to a short width.
        chosen = self._paths()[0]
        single = chosen is None or files <= {chosen.name}
        self.problems.setColumnHidden(FILE, single)
        short = {name: self._short_name(name) for name in files}
        fill_table(
            self.problems,
            [[short[p.file], str(p.row) if p.row else "", p.column, p.message] for p in shown],
        )
        if not single:
            with fitting_held(self.problems.horizontalHeader()):
                for row, problem in enumerate(shown):
                    set_cell(self.problems, row, FILE, {TIP: problem.file})
            self.problems.fit_wrapped()
        self.queue_note.setText(report.queue)
        # A refused file's problems are the list to work through: they get the larger share of
        # the height (their rows grow as their text wraps); a clean file's rows get it back.
        box = self.layout()
        if isinstance(box, QBoxLayout):
            box.setStretchFactor(self.rows, 2 if report.errors else 3)
            box.setStretchFactor(self.problems, 3 if report.errors else 2)
            box.activate()  # now, not at the next event: what is shown matches what was filled

    def _short_name(self, name: str) -> str:
        """`name` as wide as FILE_CHARS average characters at most, cut in the middle (the
        start and the extension tell files apart)."""
        metrics = self.problems.fontMetrics()
        width = metrics.averageCharWidth() * FILE_CHARS
        return metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, width)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.summary.setText(text)
        set_role(self.summary, ERROR_ROLE if error else None)
