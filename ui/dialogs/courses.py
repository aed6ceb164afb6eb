"""The course catalogue: every course with its validity, pass mark and the work that needs it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import CasedeskError
from app.i18n import listed, plural
from app.i18n import tr as _
from app.labels import COURSE_REQUIRED_FOR
from app.models import User
from app.training import add_course
from app.training.history import CourseEntry, course_catalogue
from app.training.records import unqualified_by, update_course
from db.store import Database
from ui.colours import set_role
from ui.column_share import ColumnShare
from ui.confirm import ask_first
from ui.elided_tips import ElidedTips
from ui.focus import focus_returns
from ui.header_items import set_headers
from ui.screen_fit import fit_on_screen
from ui.std_buttons import button_box
from ui.widgets import ERROR_ROLE

REQUIRED_FOR = tuple(COURSE_REQUIRED_FOR.items())
HEADERS = (
    "Code",
    "Chinese name",
    "English name",
    "Validity (months)",
    "Pass mark",
    "Required for",
    "In use",
)
NAME_ZH, NAME_EN = 1, 2


class CoursesDialog(QDialog):
    """Add a course or change the selected one; the core validates and audits each save."""

    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database, self.user = database, user
        self.changed = False
        self.setWindowTitle(_("Course catalogue"))
        fit_on_screen(self, 1040, 560)
        self.table = QTableWidget(0, len(HEADERS))
        set_headers(self.table, [_(h) for h in HEADERS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves for the form; the arrows move
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        # The two names share what the other columns leave (elided, whole in the tooltip): on a
        # 1024-pixel screen Chinese 适用范围 and 启用 were behind a horizontal scroll bar.
        self.table.setItemDelegate(ElidedTips(self.table))
        self.table.setWordWrap(False)  # cut on one line, not wrapped to rows too low to show it
        self.sharing = ColumnShare(self.table, {NAME_ZH: 1, NAME_EN: 1})
        self.table.itemSelectionChanged.connect(self._selected)
        self.code, self.name_zh, self.name_en = QLineEdit(), QLineEdit(), QLineEdit()
        self.months, self.pass_mark = QSpinBox(), QSpinBox()
        self.months.setRange(1, 120)
        self.pass_mark.setRange(0, 100)
        self.required = QComboBox()
        for key, msgid in REQUIRED_FOR:
            self.required.addItem(_(msgid), key)
        self.active = QCheckBox(_("In use"))
        form = QFormLayout()
        form.addRow(_("Code:"), self.code)
        form.addRow(_("Chinese name:"), self.name_zh)
        form.addRow(_("English name:"), self.name_en)
        form.addRow(_("Validity (months):"), self.months)
        form.addRow(_("Pass mark:"), self.pass_mark)
        form.addRow(_("Required for:"), self.required)
        form.addRow("", self.active)
        self.error = QLabel()
        set_role(self.error, ERROR_ROLE)
        self.error.setWordWrap(True)
        self.new_button = QPushButton(_("New course"))
        self.save_button = QPushButton(_("Save course"))
        self.new_button.clicked.connect(self.clear)
        self.save_button.clicked.connect(lambda: self.try_save())
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        close = button_box(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.entries: list[CourseEntry] = []
        self.reload()
        self.clear()

    @classmethod
    def manage(cls, parent: QWidget | None, database: Database, user: User) -> bool:
        """Show the catalogue; True when something was saved."""
        dialog = cls(database, user, parent)
        with focus_returns(parent):  # the keyboard back where it was (ui/focus.py)
            dialog.exec()
        changed = dialog.changed
        dialog.deleteLater()
        return changed

    def reload(self) -> None:
        with self.database.sessions() as session:
            self.entries = course_catalogue(session)
        labels = dict(REQUIRED_FOR)
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            values = (
                e.code,
                e.name_zh,
                e.name_en,
                str(e.validity_months),
                str(e.pass_mark),
                _(labels.get(e.required_for, e.required_for)),
                _("Yes") if e.active else _("No"),
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # shown only where the text is cut (ui/elided_tips.py)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.sharing.fitted()

    def clear(self) -> None:
        self.table.clearSelection()
        self.code.setEnabled(True)
        for field in (self.code, self.name_zh, self.name_en):
            field.clear()
        self.months.setValue(12)
        self.pass_mark.setValue(60)
        self.required.setCurrentIndex(0)
        self.active.setChecked(True)
        self.error.clear()

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        e = self.entries[rows[0].row()]
        self.code.setText(e.code)
        self.code.setEnabled(False)  # the code names the course in records and imports
        self.name_zh.setText(e.name_zh)
        self.name_en.setText(e.name_en)
        self.months.setValue(e.validity_months)
        self.pass_mark.setValue(e.pass_mark)
        self.required.setCurrentIndex(max(self.required.findData(e.required_for), 0))
        self.active.setChecked(e.active)
        self.error.clear()

    def confirm_required(self) -> bool:
        """Ask before a course becomes required for work that agents without a valid pass of it
        then may not do (no new cases; the compliance check flags their contacts)."""
        new = self.code.isEnabled()
        active = True if new else self.active.isChecked()
        with self.database.sessions() as session:
            names, added = unqualified_by(
                session, None if new else self.code.text(), self.required.currentData(), active
            )
        if not names:
            return True
        work = {"phone": _("phone work"), "field": _("field work")}
        text = plural(
            len(names),
            "{count} agent has no valid pass of this course: {names}. Required for {work}, they "
            "count as untrained for it until a pass is recorded: no new cases for that work, "
            "and the compliance check flags their contacts. Save it?",
            "{count} agents have no valid pass of this course: {names}. Required for {work}, "
            "they count as untrained for it until a pass is recorded: no new cases for that "
            "work, and the compliance check flags their contacts. Save it?",
            names=listed(names),
            work=listed([work[k] for k in ("phone", "field") if k in added]),
        )
        return ask_first(self, _("Required course"), text)

    def try_save(self) -> bool:
        """Add the course (new code) or change it (selected); errors show inline. A course that
        leaves agents untrained for work is saved only after a confirmation."""
        if not self.confirm_required():
            return False
        fields = {
            "name_zh": self.name_zh.text(),
            "name_en": self.name_en.text(),
            "validity_months": self.months.value(),
            "pass_mark": self.pass_mark.value(),
            "required_for": self.required.currentData(),
        }
        try:
            with self.database.session(write_lock=True) as session:
                me = session.get(User, self.user.id)
                assert me is not None
                if self.code.isEnabled():
                    add_course(session, me, code=self.code.text(), **fields)
                else:
                    update_course(
                        session, me, self.code.text(), active=self.active.isChecked(), **fields
                    )
        except CasedeskError as error:
            self.error.setText(error.translated())
            return False
        self.changed = True
        self.reload()
        self.clear()
        return True
