"""The Reports page: pick a report (compliance, portfolio and recovery, training roster, daily
visit sheet), its period, date or day and the PDF's language; Generate gathers and writes it off
the GUI thread (its own database session) behind a cancellable progress dialog, then opens the
preview."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.auth import can
from app.i18n import current_language
from app.i18n import tr as _
from app.labels import LANGUAGE, REPORT_KIND
from app.models import User
from app.reporting.generated import (
    COMPLIANCE,
    PERMISSION,
    PORTFOLIO,
    ROSTER,
    VISIT_SHEET,
    GeneratedReport,
)
from app.reporting.period import office_today
from db.store import Database
from ui.colours import set_role
from ui.dialogs.pdf_preview import PdfPreviewDialog
from ui.focus import ENTER_KEYS
from ui.mnemonics import text_changed
from ui.pages.report_job import ReportJob
from ui.pages.reports_form import (
    CUSTOM,
    PERIODS,
    date_edit,
    preset_period,
    report_help,
    set_quietly,
)
from ui.pages.reports_recent import RecentReports
from ui.pages.reports_sheet import SheetFields
from ui.preview_folder import PreviewFolder
from ui.signals import ChangeHub
from ui.widgets import ERROR_ROLE, qdate, title_label

__all__ = ["CUSTOM", "PERIODS", "ReportJob", "ReportsPage", "preset_period"]


def ready_words() -> str:
    """The line under the form while a report with data is in its preview."""
    return _("Ready in the preview: print it, or Save as… to keep a copy.")


class ReportsPage(QWidget):
    """Generate a report to a temporary PDF and preview it (print or save from the preview)."""

    generated = Signal(str)  # the PDF's path, after the preview opened

    def __init__(
        self, database: Database, hub: ChangeHub, user: User, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database, self.hub, self.user = database, hub, user
        # The PDFs previewed: plain files outside the encrypted office, so each goes when its
        # preview closes (Save as… keeps a copy) and the folder when the page or Casedesk does.
        self.previews = PreviewFolder(self)
        self.folder = self.previews.path()  # made at once: a first preview waits for nothing
        self.job: ReportJob | None = None
        self.progress: QProgressDialog | None = None
        self.preview: PdfPreviewDialog | None = None
        self.title = ""  # the report being written, as chosen when Generate was pressed
        self.count = 0
        self.file_name = ""  # what Save as… offers for the report being written
        self.today = today = self._today()  # the day the form's defaults follow (day_turned)
        first, last = preset_period("last_month", today) or (today, today)
        self.kind = QComboBox()
        for value, title in REPORT_KIND.items():
            if can(user, PERMISSION[value]):  # the kinds the core lets this user generate
                self.kind.addItem(_(title), value)
        self.period = QComboBox()
        for value, title in PERIODS:
            self.period.addItem(_(title), value)
        self.start = date_edit(first)
        self.end = date_edit(last)
        self.as_of = date_edit(last)
        # Each report's own As of, shown in the one field: the portfolio's follows the period's
        # end; the roster's is today (None) until the user picks a date, as `report training`.
        self.as_of_for: dict[str, dt.date | None] = {PORTFOLIO: last, ROSTER: None}
        self.shown_kind = ""  # the report the form shows, until `_kind_changed` sees another
        self.language = QComboBox()
        for value, title in LANGUAGE.items():
            self.language.addItem(_(title), value)
        self.language.setCurrentIndex(1 if current_language() == "zh_CN" else 0)
        self.generate_button = QPushButton(_("Generate and preview"))
        self.generate_button.clicked.connect(self.generate)
        self.error = QLabel()
        self.error.setObjectName("error")
        set_role(self.error, ERROR_ROLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.help = QLabel()
        self.help.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(_("Report:"), self.kind)
        form.addRow(_("Period:"), self.period)
        form.addRow(_("From:"), self.start)
        form.addRow(_("To:"), self.end)
        form.addRow(_("As of:"), self.as_of)
        self.sheet = SheetFields(database, user, today)
        form.addRow(_("Day:"), self.sheet.day)
        form.addRow(_("Whose sheet:"), self.sheet.whose)
        form.addRow(_("Language of the PDF:"), self.language)
        self.form = form
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(_("Reports")))
        layout.addWidget(self.help)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addSpacing(12)
        self.recent = RecentReports(database, user)
        self.recent.again.connect(self.generate_again)
        layout.addWidget(self.recent, 1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.period.currentIndexChanged.connect(self._period_chosen)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._dates_edited)
        self.end.dateChanged.connect(self._end_changed)
        self.as_of.dateChanged.connect(self._as_of_edited)
        self._kind_changed()
        hub.changed.connect(lambda entities: self.day_turned() if "day" in entities else None)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.recent.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Enter in a field of the form generates, as the button does (the fields pass it on;
        a page has no default button)."""
        fields = (
            self.kind, self.period, self.start, self.end, self.as_of, self.language,
            self.sheet.day, self.sheet.whose,
        )  # fmt: skip
        if event.key() in ENTER_KEYS and self.focusWidget() in fields:
            self.generate()
            return
        super().keyPressEvent(event)

    def generate_again(self, report: GeneratedReport) -> None:
        """Fill the form with an earlier report's kind, days and language, and write it anew."""
        if self.job is not None:
            return  # one report at a time; the form stays as it is
        self.kind.setCurrentIndex(self.kind.findData(report.kind))
        self.language.setCurrentIndex(self.language.findData(report.language))
        if report.kind == VISIT_SHEET:
            self.sheet.choose(report.agent, report.agent_name, report.day)
        if report.start is not None and report.end is not None:
            days = (report.start, report.end)
            named = [
                value for value, _title in PERIODS if preset_period(value, self._today()) == days
            ]
            self.choose_period(named[0] if named else CUSTOM)
        chosen = ((self.start, report.start), (self.end, report.end), (self.as_of, report.as_of))
        for edit, day in chosen:
            if day is not None:
                edit.setDate(qdate(day))
        self.generate()

    def _today(self) -> dt.date:
        """Today on the office's clock, the day the core refuses dates after (the computer's
        own date may be another day in another time zone)."""
        with self.database.sessions() as session:
            return office_today(session)

    def day_turned(self) -> None:
        """The office's midnight passed with the page open (ui/day_watch.py): a named period, an
        As of at its end or left at today, and the sheet's day left at today move on to the new
        day; dates the user typed or picked stay."""
        old, self.today = self.today, self._today()
        if self.sheet.chosen_day() == old:
            set_quietly(self.sheet.day, self.today)
        named = preset_period(self.period.currentData(), old)
        if named is not None:
            kept = self.as_of_for[PORTFOLIO]
            self._period_chosen()  # From, To and the portfolio's As of at To, for the new day
            if kept != named[1]:
                self.as_of_for[PORTFOLIO] = kept  # an As of picked by hand stays
        self._show_as_of()  # and the roster's is today, unless a date was picked

    def choose_period(self, preset: str) -> None:
        """Pick a named period (From, To and As of follow) or custom dates."""
        self.period.setCurrentIndex(self.period.findData(preset))

    def _period_chosen(self) -> None:
        # Today as the period is chosen: the window may stay open past midnight.
        dates = preset_period(self.period.currentData(), self._today())
        if dates is None:
            return
        self._form_changed()
        first, last = dates
        for edit, day in ((self.start, first), (self.end, last)):
            set_quietly(edit, day)
        self._end_changed()

    def _end_changed(self) -> None:
        """The portfolio is aged at the period's end whenever To changes, chosen or typed; the
        user may pick another As of afterwards (the core refuses one outside the period)."""
        self.as_of_for[PORTFOLIO] = self._day(self.end)
        self._show_as_of()

    def _as_of_owner(self) -> str:
        """Whose As of the field holds: the roster's while it is shown, else the portfolio's."""
        return ROSTER if self.shown_kind == ROSTER else PORTFOLIO

    def _as_of_edited(self) -> None:
        """A date the user picked is the shown report's own As of (not another report's)."""
        self.as_of_for[self._as_of_owner()] = self._day(self.as_of)
        self._form_changed()

    def _show_as_of(self) -> None:
        """Put the shown report's As of in the field (today for a roster no date was picked for)."""
        set_quietly(self.as_of, self.as_of_for[self._as_of_owner()] or self._today())

    def _dates_edited(self) -> None:
        """Dates typed by hand that no longer match the named period make it "Other dates"; an
        error about the dates as they were goes (found by QA: it stayed beside a fixed form)."""
        self._form_changed()
        if preset_period(self.period.currentData(), self._today()) != (
            self._day(self.start),
            self._day(self.end),
        ):
            self.period.blockSignals(True)
            self.period.setCurrentIndex(self.period.findData(CUSTOM))
            self.period.blockSignals(False)

    def _form_changed(self) -> None:
        """What was said of the form as it was goes: an error, and the last report's line ("No
        data in this period", "Saved a copy to …" stayed beside another report or other dates,
        found by QA) unless a report is being written."""
        self.error.hide()
        if self.job is None:
            self.status.clear()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.shown_kind = kind
        self._show_as_of()
        self._form_changed()
        period = kind in (COMPLIANCE, PORTFOLIO)
        for widget in (self.period, self.start, self.end):
            self.form.setRowVisible(widget, period)
        self.form.setRowVisible(self.as_of, kind in (PORTFOLIO, ROSTER))
        for widget in (self.sheet.day, self.sheet.whose):
            self.form.setRowVisible(widget, kind == VISIT_SHEET)
        self.help.setText(report_help(kind))
        text_changed(self)  # the rows shown get their Alt+letters now, not at the next focus move

    @staticmethod
    def _day(edit: QDateEdit) -> dt.date:
        return edit.date().toPython()  # type: ignore[no-any-return]

    def generate(self) -> None:
        """Start writing the chosen report; the preview opens when it is done."""
        if self.job is not None:
            return
        self.error.hide()
        kind, lang = self.kind.currentData(), self.language.currentData()
        self.count += 1
        self.folder = self.previews.path()  # made again if the computer's clean-up took it
        path = self.folder / f"{kind}-{self.count}.pdf"
        self.file_name = self._file_name()  # the form may change while the job runs
        self.title = self.kind.currentText()  # … so may the report chosen
        sheet = {"day": self.sheet.chosen_day(), "agent": self.sheet.agent()}
        self.job = ReportJob(
            self.database, self.user, kind, path, lang,
            self._day(self.start), self._day(self.end), self._day(self.as_of),
            **(sheet if kind == VISIT_SHEET else {}),
        )  # fmt: skip
        self.job.setAutoDelete(False)
        self.job.signals.stage.connect(self._stage)
        self.job.signals.finished.connect(self._done)
        self.job.signals.failed.connect(self._failed)
        self.generate_button.setEnabled(False)
        self.status.setText(_("Writing the report…"))
        self.progress = QProgressDialog(_("Writing the report…"), _("Cancel"), 0, 0, self)
        self.progress.setWindowTitle(self.kind.currentText())
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(self.cancel)
        self.progress.setValue(0)
        QThreadPool.globalInstance().start(self.job)

    def _stage(self, text: str) -> None:
        """Say what the job is doing, in the progress dialog and under the button."""
        if self.job is None:
            return  # cancelled: the job carries on unseen
        self.status.setText(text)
        if self.progress is not None:
            self.progress.setLabelText(text)

    def cancel(self) -> None:
        """Stop waiting: the running job's result is dropped, never written nor recorded. A
        report already written and recorded when Cancel comes opens as if not cancelled (it
        was: removing its file would leave a generated report on the list that nobody saw)."""
        if self.job is None:
            return
        if not self.job.cancel():
            self.status.setText(_("Too late to cancel: the report is written and opens now."))
            return
        self.job.signals.stage.disconnect(self._stage)
        self.job.signals.finished.disconnect(self._done)
        self.job.signals.failed.disconnect(self._failed)
        self._finish()
        self.status.setText(_("Cancelled; nothing was previewed."))

    def _finish(self) -> None:
        self.job = None
        self.generate_button.setEnabled(True)
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()  # a dialog a report, else kept as long as the page
            self.progress = None

    def _done(self, path: str, empty: bool) -> None:
        title = self.title
        self._finish()
        self.recent.refresh()
        if empty and self.file_name.startswith("visit-sheet"):
            self.status.setText(_("No visits on this day; the sheet says so."))
        elif empty:
            self.status.setText(_("No data in this period; the PDF says so."))
        else:
            # The file is a temporary one: it is kept only when the user saves it.
            self.status.setText(ready_words())
        preview = PdfPreviewDialog(Path(path), title, self, self.file_name, temporary=True)
        preview.finished.connect(self._preview_closed)
        self.preview = preview
        preview.open()
        self.generated.emit(path)

    def _file_name(self) -> str:
        """What Save as… offers: the report and its days, "compliance-2026-11-01-2026-11-30.pdf"."""
        kind = self.kind.currentData()
        if kind == VISIT_SHEET:
            return self.sheet.file_name()
        parts = [kind]
        if kind in (COMPLIANCE, PORTFOLIO):
            parts += [f"{self._day(self.start):%Y-%m-%d}", f"{self._day(self.end):%Y-%m-%d}"]
        if kind in (PORTFOLIO, ROSTER):
            parts += ["as-of", f"{self._day(self.as_of):%Y-%m-%d}"]
        return "-".join(parts) + ".pdf"

    def _preview_closed(self) -> None:
        """The line under the form no longer points at a preview that is gone: it says where
        a copy was saved, else that nothing was kept (found by QA: "Ready in the preview" stayed
        after the preview closed). A report without data keeps its line ("No data in this
        period; the PDF says so."), which is still true."""
        preview = self.preview
        if preview is None or preview is not self.sender():
            return
        if preview.copies:
            self.status.setText(_("Saved a copy to {file}.", file=str(preview.copies[-1])))
        elif self.status.text() == ready_words():
            self.status.setText(
                _(
                    "Preview closed; no copy was kept. To see it again, pick it under Recently "
                    "generated and press Generate again."
                )
            )

    def _failed(self, message: str) -> None:
        self._finish()
        self.status.clear()
        self.error.setText(message)
        self.error.show()
