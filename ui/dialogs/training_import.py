"""Import training records from CSV/XLSX: preview the valid rows and every row's errors, then
import all or nothing; also saves a template file with the headers the importer reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import CasedeskError
from app.i18n import current_language, plural, sentences
from app.i18n import tr as _
from app.importer.report import problems_on_rows
from app.models import Course, User
from app.training.history import import_template
from app.training.importer import (
    COLUMN_NAMES,
    ImportPreview,
    as_report,
    import_training,
    imported_text,
    preview,
)
from db.store import Database
from ui import std_buttons
from ui.save_target import proposed_path, remember_folder
from ui.screen_fit import fit_on_screen
from ui.std_buttons import button_box
from ui.widgets import detail_table, fill_table, inline_label, section_label

# A row and its problems, as the loan book's import says them (ui/dialogs/import_data.py).
ROW_HEADERS = ("Row", "Agent", "Course", "Date", "Score", "Trainer", "Evidence")
ERROR_HEADERS = ("Row", "Column", "Problem")
FILE_FILTER = "Spreadsheets (*.csv *.xlsx *.txt)"
TEMPLATE_FILTER = "CSV (*.csv)"


class TrainingImportDialog(QDialog):
    """Shows the preview of `path`; Import is enabled only when no row has a problem."""

    def __init__(
        self,
        database: Database,
        user: User,
        path: Path,
        *,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user
        self.path = path
        self.today = today
        self.result_preview: ImportPreview | None = None
        self.imported: ImportPreview | None = None
        self.setWindowTitle(_("Import training records"))
        self.setObjectName("TrainingImportDialog")
        self.file_label = QLabel(_("File: {path}", path=str(path)))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        # Columns not read, in Import data…'s and the CLI's words (QA s47 O #3).
        self.unread = inline_label("unread_columns", "note")
        self.rows = detail_table(ROW_HEADERS, numeric=(0, 4))
        self.errors = detail_table(ERROR_HEADERS, numeric=(0,))
        self.error_title = section_label("Problems — nothing is imported while there is any")
        self.template_button = QPushButton(_("Save template…"))
        self.template_button.clicked.connect(lambda: self.save_template())
        self.buttons = button_box(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.template_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.summary)
        layout.addWidget(self.unread)
        layout.addWidget(section_label("Rows to import"))
        layout.addWidget(self.rows, 3)
        layout.addWidget(self.error_title)
        layout.addWidget(self.errors, 2)
        layout.addWidget(self.buttons)
        fit_on_screen(self, 900, 560)
        self.load()

    def load(self) -> None:
        """Read and check the file (nothing is written) and show rows and errors."""
        self.result_preview = None
        self.unread.hide()
        try:
            with self.database.sessions() as session:
                result = preview(session, self.user, self.path, self.today)
                shown = [_row_text(row) for row in result.rows]
        except CasedeskError as error:
            fill_table(self.rows, [])
            fill_table(self.errors, [["", "", error.translated()]])
            self.summary.setText(error.translated())
            self.import_button.setEnabled(False)
            return
        self.result_preview = result
        note = as_report(result, dry_run=True).unread_text()
        self.unread.setText(note)
        self.unread.setVisible(bool(note))
        fill_table(self.rows, shown)
        fill_table(
            self.errors,
            [
                [str(e.line), _(COLUMN_NAMES.get(e.column, e.column)), e.message]
                for e in result.errors
            ],
        )
        rows = len({e.line for e in result.errors})
        if result.ok:
            ready = plural(
                len(result.rows),
                "{count} row is valid and ready to import.",
                "{count} rows are valid and ready to import.",
            )
            skipped = plural(
                result.skipped,
                "{count} row is already recorded and will be skipped.",
                "{count} rows are already recorded and will be skipped.",
            )
            repeated = plural(
                result.repeated,
                "{count} row repeats an earlier row of the file and will be skipped.",
                "{count} rows repeat earlier rows of the file and will be skipped.",
            )
            if not result.rows and result.skipped and not result.repeated:
                ready, skipped = (
                    "",
                    plural(
                        result.skipped,
                        "Nothing to import: {count} row is already recorded.",
                        "Nothing to import: all {count} rows are already recorded.",
                    ),
                )
            self.summary.setText(
                sentences(
                    [
                        ready,
                        skipped if result.skipped else "",
                        repeated if result.repeated else "",
                    ]
                )
            )
        else:
            valid = plural(len(result.rows), "{count} row is valid.", "{count} rows are valid.")
            self.summary.setText(sentences([valid, problems_on_rows(len(result.errors), rows)]))
        self.import_button.setEnabled(result.ok and bool(result.rows))

    def do_import(self) -> bool:
        """Import every row in one transaction (the core re-checks; any error imports nothing)."""
        if not self.import_button.isEnabled():
            return False
        try:
            with self.database.session(write_lock=True) as session:
                result = import_training(session, self.user, self.path, today=self.today)
        except CasedeskError as error:
            self.summary.setText(error.translated())
            self.import_button.setEnabled(False)
            return False
        if not result.ok:
            self.load()
            return False
        self.imported = result
        self.accept()
        return True

    def save_template(self, path: Path | None = None) -> Path | None:
        """Write an empty import file with the headers in the current language."""
        if path is None:
            name, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save import template"),
                proposed_path(_("training-template.csv")),  # in the folder last saved to
                _(TEMPLATE_FILTER),
            )
            if not name:
                return None
            path = Path(name)
        path.write_text(import_template(current_language()), encoding="utf-8-sig")
        remember_folder(path)
        self.summary.setText(_("Template saved to {path}.", path=str(path)))
        return path

    @classmethod
    def run(
        cls, parent: QWidget | None, database: Database, user: User, path: Path | None = None
    ) -> ImportPreview | None:
        """Pick a file (unless `path`), preview it, import; the result, or None when cancelled."""
        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                parent, _("Import training records"), "", _(FILE_FILTER)
            )
            if not name:
                return None
            path = Path(name)
        dialog = cls(database, user, path, parent=parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        imported = dialog.imported if accepted else None
        if imported is not None:  # the dialog is gone: what it did is said, as Import data does
            std_buttons.information(parent, _("Import training records"), imported_words(imported))
        dialog.deleteLater()
        return imported


def imported_words(result: ImportPreview) -> str:
    """What an import did, as `casedesk training import` prints it."""
    return imported_text(result)


def _row_text(row: dict[str, object]) -> list[str]:
    agent, course, day = row["agent"], row["course"], row["date"]
    lang = current_language()
    course_name = ""
    if isinstance(course, Course):
        course_name = course.name_zh if lang == "zh_CN" else course.name_en
    agent_name = (
        _("{name} ({username})", name=agent.display_name, username=agent.username)
        if isinstance(agent, User)
        else ""
    )
    return [
        str(row["line"]),
        agent_name,
        course_name,
        day.isoformat() if isinstance(day, dt.date) else "",
        str(row["score"]),
        str(row["trainer"]),
        str(row["evidence"]),
    ]
