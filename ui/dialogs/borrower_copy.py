"""A borrower's copy of their data (under the office's law, app/access_law.py) from the borrower
pane: the dialog asks why, in which format and language; the copy is written off the GUI thread
with a progress dialog (app/access_copy_file.py, audited); a PDF opens in the preview every printed
document uses (print it, or Save as… to keep it), a workbook is saved where the user chose."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from app.access_copy_file import CopyWritten, copy_reason, suggested_name, write_copy
from app.access_law import access_law
from app.errors import CasedeskError, os_reason
from app.i18n import current_language
from app.i18n import tr as _
from app.labels import LANGUAGE, label
from app.models import User
from app.reasons import MIN_REASON
from db.store import Database
from ui.crash import told
from ui.dialogs.base import FormDialog, ok_cancel, run_modal
from ui.preview_folder import PreviewFolder
from ui.save_target import with_extension

FORMAT_NAMES = {"pdf": "PDF (to read or print)", "xlsx": "Excel workbook (XLSX)"}


def copy_tip(country: str) -> str:
    """The pane's button's tool tip, naming the law of an office of `country` (none in the US)."""
    law = access_law(country)
    if law is None:
        return _(
            "A copy of everything the office holds about the borrower, for them: a PDF or a "
            "workbook, for a reason kept in the audit log."
        )
    return _(
        "A copy of everything the office holds about the borrower, for them ({law}): a PDF or "
        "a workbook, for a reason kept in the audit log.",
        law=_(law),
    )


def copy_intro(number: str, name: str, country: str) -> str:
    """The dialog's first words: whose copy, under the law of an office of `country`."""
    law = access_law(country)
    if law is None:
        return _(
            "A copy of everything the office holds about borrower {number} ({name}), for "
            "them or for whoever acts for them: their personal data in full. Who asked for "
            "it? Your name and the reason are kept in the audit log and written into the "
            "file.",
            number=number,
            name=name,
        )
    return _(
        "A copy of everything the office holds about borrower {number} ({name}), for them or "
        "for whoever acts for them ({law}): their personal data in full. Who asked for it? "
        "Your name and the reason are kept in the audit log and written into the file.",
        number=number,
        name=name,
        law=_(law),
    )


@dataclass(frozen=True)
class CopyRequest:
    reason: str
    fmt: str  # "pdf" or "xlsx"
    lang: str  # the copy's language


class BorrowerCopyDialog(FormDialog):
    """Why the copy is made (a reason as long as a reveal's), its format and its language."""

    def __init__(
        self, parent: QWidget | None = None, number: str = "", name: str = "", country: str = "CN"
    ) -> None:
        super().__init__(parent)
        self.request: CopyRequest | None = None
        self.setWindowTitle(_("Copy of their data"))
        self.setObjectName("BorrowerCopyDialog")
        self.intro = QLabel(copy_intro(number, name, country))
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(
            _("The reason (at least {count} characters).", count=MIN_REASON)
        )
        self.reason.setFixedHeight(80)
        self.format = QComboBox()
        self.format.setObjectName("format")
        for code, words in FORMAT_NAMES.items():
            self.format.addItem(_(words), code)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code in LANGUAGE:
            self.language.addItem(label(LANGUAGE, code), code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        form = QFormLayout()
        form.addRow(_("Format:"), self.format)
        form.addRow(_("Language of the copy:"), self.language)
        self.buttons = ok_cancel(self, _("Make the copy"), self._accept_typed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(QLabel(_("Reason:")))
        layout.addWidget(self.reason)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def _accept_typed(self) -> None:
        self.try_accept(self.reason.toPlainText())

    def try_accept(self, reason: str) -> bool:
        """Accept a long enough reason (the core's rule and words); else say why, stay open."""
        if self.reason.toPlainText() != reason:
            self.reason.setPlainText(reason)
        try:
            text = copy_reason(reason)
        except CasedeskError as error:
            self.show_error(error.translated())
            self.reason.setFocus()
            return False
        self.request = CopyRequest(text, self.format.currentData(), self.language.currentData())
        self.accept()
        return True

    @classmethod
    def ask(
        cls, parent: QWidget | None, number: str, name: str, country: str = "CN"
    ) -> CopyRequest | None:
        """Run the dialog (its words name the law of an office of `country`); the request, or
        None when cancelled."""
        dialog = cls(parent, number, name, country)
        dialog.reason.setFocus()
        return run_modal(dialog, lambda: dialog.request)


class CopyWorker(QThread):
    """Writes one copy off the GUI thread; it never touches a widget."""

    stage = Signal(str)
    succeeded = Signal(object)  # CopyWritten
    failed = Signal(str)

    def __init__(self, database: Database, user: User, number: str, request: CopyRequest,
                 path: Path, parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.args = (database, user, number, request, path)

    def run(self) -> None:
        database, user, number, request, path = self.args
        try:
            done = write_copy(database.sessions, user, number, path, request.reason,
                              request.lang, stage=self.stage.emit)  # fmt: skip
        except CasedeskError as error:
            self.failed.emit(error.translated())
            return
        except OSError as error:
            self.failed.emit(_("Cannot write {path}: {error}", path=str(path),
                               error=os_reason(error)))  # fmt: skip
            return
        except Exception as error:  # shown, never swallowed: the GUI must not hang
            self.failed.emit(_("The copy could not be made: {error}", error=told(error)))
            return
        self.succeeded.emit(done)


class BorrowerCopy(QObject):
    """The copy's run for one pane: ask, write off the GUI thread, then preview or say where it
    was saved; `said(text, error)` tells the pane."""

    said = Signal(str, bool)

    def __init__(self, parent: QWidget, database: Database, user: User) -> None:
        super().__init__(parent)
        self.page = parent
        self.database, self.user = database, user
        self.previews = PreviewFolder(self)
        self.worker: CopyWorker | None = None
        self.preview: QWidget | None = None
        self.number = ""

    def ask(self, number: str, name: str, country: str = "CN") -> CopyWorker | None:
        request = BorrowerCopyDialog.ask(self.page, number, name, country)
        if request is None:
            return None
        path = self.target(number, request.fmt)
        return None if path is None else self.start(number, request, path)

    def target(self, number: str, fmt: str) -> Path | None:
        """A PDF goes to the preview folder (kept only when saved from the preview); a workbook
        where the user chooses."""
        name = suggested_name(number, fmt)
        if fmt == "pdf":
            return self.previews.fresh(name)
        chosen, _filter = QFileDialog.getSaveFileName(
            self.page, _("Save the copy"), name, _("Excel workbook (*.xlsx)")
        )
        if not chosen:
            return None
        return with_extension(self.page, chosen, ".xlsx")

    def start(self, number: str, request: CopyRequest, path: Path) -> CopyWorker | None:
        if self.worker is not None:
            return None
        self.number = number
        progress = QProgressDialog(_("Gathering the borrower's data…"), "", 0, 0, self.page)
        progress.setObjectName("copy_progress")
        progress.setWindowTitle(_("Copy of their data"))
        progress.setCancelButton(None)
        progress.setMinimumDuration(500)  # a small borrower's copy is done before it shows
        worker = CopyWorker(self.database, self.user, number, request, path, self)
        worker.stage.connect(progress.setLabelText)
        worker.succeeded.connect(self._done)
        worker.failed.connect(lambda text: self.said.emit(text, True))
        worker.finished.connect(progress.close)
        worker.finished.connect(progress.deleteLater)
        worker.finished.connect(self._ended)
        self.worker = worker
        worker.start()
        return worker

    def _ended(self) -> None:
        if self.worker is not None:
            self.worker.deleteLater()
        self.worker = None

    def _done(self, done: CopyWritten) -> None:
        if done.format != "pdf":
            saved = _(
                "Saved the copy to {path}. It holds full personal data; keep it safe and delete "
                "it after use.",
                path=str(done.path),
            )
            self.said.emit(saved, False)
            return
        from ui.dialogs.pdf_preview import PdfPreviewDialog

        self.said.emit(_("Ready in the preview: print it, or Save as… to keep a copy."), False)
        title = _("Copy of the data of borrower {number}", number=done.borrower_no)
        name = suggested_name(done.borrower_no, "pdf")
        preview = PdfPreviewDialog(done.path, title, self.page, name, temporary=True)
        self.preview = preview
        preview.open()
