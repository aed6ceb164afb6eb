"""Preview a PDF on screen with Qt's PDF viewer, print it through the system print dialog, or save
a copy: the one preview every printed document uses (reports, agreements, visit sheets)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import CasedeskError, os_reason
from app.i18n import plural
from app.i18n import tr as _
from app.outfile import copy_whole
from ui.colours import set_role
from ui.focus import focus_holder, focus_returns, give_back
from ui.save_target import SAVE_FOLDER, proposed_path, with_extension
from ui.screen_fit import fit_on_screen
from ui.table_state import settings
from ui.widgets import ERROR_ROLE

ZOOM_STEP = 1.25
# Pages go to the printer as images at most this fine: text prints sharp, and a page at a
# 1200-dpi printer's own resolution is a 560 MB image that took seconds to render.
PRINT_DPI = 300
Progress = Callable[[int, int], bool]


class PdfPreviewDialog(QDialog):
    """Pages of one PDF, fit to width and scrolled continuously, with Print and Save as…"""

    def __init__(
        self,
        pdf_path: Path,
        title: str,
        parent: QWidget | None = None,
        file_name: str | None = None,
        *,
        temporary: bool = False,
    ) -> None:
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        if temporary:  # a plain PDF outside the encrypted office: Save as… keeps any copy wanted
            self.finished.connect(lambda _result: self.discard())
        self.file_name = file_name or self.pdf_path.name  # what Save as… offers
        self.setWindowTitle(title)
        fit_on_screen(self, 900, 1000)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.setAccessibleName(title)  # the pages, where the keys start: read by name

        self.pages = QLabel()
        self.pages.setObjectName("pages")
        self.error = QLabel()
        self.error.setObjectName("error")
        set_role(self.error, ERROR_ROLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.copies: list[Path] = []  # where each Save as… put a copy, in order
        self.saved = QLabel()  # where the last Save as… put its copy
        self.saved.setObjectName("saved")
        self.saved.setWordWrap(True)
        self.saved.hide()
        self.zoom_out = QPushButton(_("Zoom out"))
        self.zoom_in = QPushButton(_("Zoom in"))
        self.fit = QPushButton(_("Fit width"))
        self.print_button = QPushButton(_("Print…"))
        self.save_button = QPushButton(_("Save as…"))
        self.close_button = QPushButton(_("Close"))
        self.zoom_out.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        self.zoom_in.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        self.fit.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.print_button.clicked.connect(self.print_with_dialog)
        self.save_button.clicked.connect(self.save_with_dialog)
        self.close_button.clicked.connect(self.accept)
        buttons = (self.zoom_out, self.zoom_in, self.fit, self.print_button, self.save_button)
        for button in (*buttons, self.close_button):
            # No default button (found by QA: Enter pressed Zoom out, the first one): Enter does
            # nothing, Escape closes.
            button.setAutoDefault(False)
            button.setDefault(False)

        bar = QHBoxLayout()
        for button in (self.zoom_out, self.zoom_in, self.fit):
            bar.addWidget(button)
        bar.addWidget(self.pages, 1, Qt.AlignmentFlag.AlignCenter)
        for button in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.saved)
        layout.addWidget(self.view, 1)
        self.load()
        self.returns_to: QWidget | None = None  # who gets the keyboard back after open()
        self.finished.connect(lambda _result: give_back(self.returns_to))

    def open(self) -> None:
        """Show window-modal without waiting (the Reports page); when it closes, the keyboard
        goes back where it was, as after `preview` (ui/focus.py)."""
        self.returns_to = focus_holder(self.parentWidget())
        super().open()

    def load(self) -> bool:
        """Open the file; a file that cannot be read is said inline and disables print/save."""
        status = self.document.load(str(self.pdf_path))
        ok = status == QPdfDocument.Error.None_ and self.document.pageCount() > 0
        self.print_button.setEnabled(ok)
        self.save_button.setEnabled(ok)
        if ok:
            pages = self.document.pageCount()
            self.pages.setText(plural(pages, "{pages} page", "{pages} pages", pages=pages))
            self.error.hide()
        else:
            self.pages.clear()
            self.show_error(_("This PDF cannot be opened: {file}", file=str(self.pdf_path)))
        return ok

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def page_count(self) -> int:
        return self.document.pageCount()

    def zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.1, min(8.0, self.view.zoomFactor() * factor)))

    def print_range(self, printer: QPrinter) -> tuple[int, int]:
        """The pages to print, first and last (1-based): all, or the range chosen."""
        count = self.document.pageCount()
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            return printer.fromPage(), min(printer.toPage() or count, count)
        return 1, count

    def print_to(self, printer: QPrinter, progress: Progress | None = None) -> int:
        """Render every page (or the chosen range) fitted to the printer's page and centred on
        it (paper other than the PDF's, A4 for a US Letter PDF, shrinks it whole: nothing is
        cut off), at most PRINT_DPI fine; the pages sent. `progress(done, total)` is told after
        each page, and stops the print by returning False (the print job is then aborted)."""
        first, last = self.print_range(printer)
        painter = QPainter()
        if not painter.begin(printer):
            self.show_error(_("The printer could not be started."))
            return 0
        sent = 0
        try:
            dpi = printer.resolution()
            fine = min(dpi, PRINT_DPI) / dpi
            target = printer.pageLayout().paintRectPixels(dpi)
            for index in range(first - 1, last):
                if sent:
                    printer.newPage()
                points = self.document.pagePointSize(index)  # 1/72 inch
                # Fit the page into the printable area, keeping its proportions.
                scale = min(target.width() / points.width(), target.height() / points.height())
                width, height = points.width() * scale, points.height() * scale
                size = QSize(max(1, round(width * fine)), max(1, round(height * fine)))
                left, top = (target.width() - width) / 2, (target.height() - height) / 2
                image = self.document.render(index, size)
                painter.drawImage(QRectF(left, top, width, height), image)
                sent += 1
                if progress is not None and not progress(sent, last - first + 1):
                    printer.abort()
                    break
        finally:
            painter.end()
        return sent

    def print_pages(self, printer: QPrinter) -> int:
        """Print with a progress box that can cancel; the pages sent."""
        first, last = self.print_range(printer)
        total = last - first + 1
        box = QProgressDialog(_("Printing…"), _("Cancel"), 0, total, self)
        box.setWindowTitle(self.windowTitle())
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setMinimumDuration(400)

        def step(done: int, _total: int) -> bool:
            box.setValue(done)
            QApplication.processEvents()
            return not box.wasCanceled()

        try:
            sent = self.print_to(printer, step)
            cancelled = box.wasCanceled()  # before close(), which counts as a cancel
        finally:
            box.close()
        if cancelled:
            self.show_error(_("Printing cancelled."))
        return sent

    def new_printer(self) -> QPrinter:
        """A printer set up for this document, as the print dialog first shows it: its name,
        all its pages, the paper and the orientation of its pages. The landscape reports
        (compliance, portfolio, training roster) went to the printer's portrait default, each
        page shrunk to seven tenths of its size in the top of the sheet (found by QA); a US
        Letter PDF went to the computer's default paper (A4 on many), shrunk to fit."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setFromTo(1, self.document.pageCount())
        if self.document.pageCount() > 0:
            size = self.document.pagePointSize(0)
            wide = size.width() > size.height()
            upright = QSizeF(min(size.width(), size.height()), max(size.width(), size.height()))
            # A4 or Letter by its size (within a point or two); a printer without that paper
            # keeps its own, and print_to fits the page to it.
            printer.setPageSize(QPageSize(upright, QPageSize.Unit.Point))
            printer.setPageOrientation(
                QPageLayout.Orientation.Landscape if wide else QPageLayout.Orientation.Portrait
            )
        return printer

    def print_with_dialog(self) -> None:
        printer = self.new_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.document.pageCount())
        with focus_returns(self):
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted:
            self.print_pages(printer)

    def save_to(self, target: Path) -> bool:
        """Copy the PDF to `target`, written beside it and moved into place when whole: a save
        that fails (a full disk, a folder gone) leaves no half-written file and keeps a file
        that was there. A failure is said inline, in the window's words (not the system's
        English "[Errno 13] …"); a save that worked says where the copy is (found by QA: it
        said nothing)."""
        target = Path(target)
        if target.is_dir():
            reason = _("it is a folder")
            return self._not_saved(
                _("Could not save {file}: {reason}", file=str(target), reason=reason)
            )
        try:
            copy_whole(self.pdf_path, target)
        except CasedeskError as exc:
            return self._not_saved(exc.translated())
        except OSError as exc:
            return self._not_saved(
                _("Could not save {file}: {reason}", file=str(target), reason=os_reason(exc))
            )
        self.error.hide()
        self.copies.append(target)
        self.saved.setText(_("Saved a copy to {file}.", file=str(target)))
        self.saved.show()
        return True

    def discard(self) -> None:
        """Close the document and delete its file (a temporary preview, once closed)."""
        self.document.close()
        try:
            self.pdf_path.unlink(missing_ok=True)
        except OSError:  # Windows: still held a moment (a scan, the printer): its folder goes later
            pass

    def _not_saved(self, text: str) -> bool:
        self.saved.hide()
        self.show_error(text)
        return False

    def suggested_path(self) -> Path:
        """Where Save as… starts: the folder last saved to on this workstation (else the home
        folder) and the document's own name."""
        return Path(proposed_path(self.file_name))

    def save_with_dialog(self) -> None:
        with focus_returns(self):  # the keys back in the preview, as after Print…
            target, _filter = QFileDialog.getSaveFileName(
                self, _("Save as…"), str(self.suggested_path()), _("PDF files (*.pdf)")
            )
        if target:
            self.save_chosen(target)

    def save_chosen(self, target: str) -> bool:
        """Save to the file chosen in the dialog (".pdf" added when missing) and remember its
        folder for the next Save as…."""
        path = with_extension(self, target, ".pdf")
        if path is None:  # a file of that name is there, and the user kept it
            return False
        if not self.save_to(path):
            return False
        settings().setValue(SAVE_FOLDER, str(path.parent))
        return True

    @classmethod
    def preview(
        cls,
        parent: QWidget | None,
        pdf_path: Path,
        title: str,
        *,
        temporary: bool = False,
        file_name: str | None = None,
    ) -> None:
        """Show the PDF until the user closes the preview (then delete it, when `temporary`);
        `file_name` is what Save as… offers (the file's own name by default)."""
        dialog = cls(pdf_path, title, parent, file_name, temporary=temporary)
        with focus_returns(parent):  # the keyboard back where it was (ui/focus.py)
            dialog.exec()
        dialog.document.close()
        dialog.deleteLater()
