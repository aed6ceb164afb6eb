"""The Rules page's line on records retention, for a supervisor or admin: how many closed cases
are past the period the records_retention rule keeps their records, with a link that lists them
(case, closed on, last activity, kept until, the borrower and whether their personal data were
erased; a double-click opens the case); `casedesk rules retention` lists the same cases. An admin
selects rows and erases their borrowers' personal data (ui/dialogs/erase_personal.py); the case
records themselves are never deleted."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.auth import Permission, can
from app.i18n import current_language, plural
from app.i18n import tr as _
from app.models import User
from app.retention import PastRetention, retention_listing
from app.retention_erasable import active_loans, erasure_refusals, personal_data_words
from db.store import Database
from ui import labels
from ui.colours import set_role
from ui.std_buttons import message_box

if TYPE_CHECKING:
    from ui.dialogs.dashboard_list import ListDialog
    from ui.dialogs.erase_personal import ErasePersonalDataDialog

NOTE_ROLE = "note_banner"
SHOW = "show"  # the link's target
HEADERS = ("Case no.", "Closed on", "Last activity", "Kept until", "Borrower no.", "Personal data")


class RetentionLine(QLabel):
    """One line: the closed cases past their retention under the rule in force."""

    open_case = Signal(int)  # a case chosen in the list (its id)
    erased = Signal()  # borrowers' personal data were erased from the list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        set_role(self, NOTE_ROLE)
        # Always rich text: without the link Qt took the escaped line for plain text and showed
        # "the case&#x27;s closure".
        self.setTextFormat(Qt.TextFormat.RichText)
        self.found: PastRetention | None = None
        self.database: Database | None = None
        self.user: User | None = None
        self.list_dialog: QWidget | None = None
        self.erase_dialog: QWidget | None = None
        # The link is reached with Tab and followed with Enter, as a button is.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.linkActivated.connect(lambda _target: self.show_cases())

    def refresh(self, database: Database, user: User) -> None:
        """Count again (one query; supervisors and admins: the line stays hidden for agents)."""
        self.database, self.user = database, user
        with database.sessions() as session:
            self.found = retention_listing(session, user, listed=False)
        lang = current_language()
        text = escape(self.found.text(lang))
        if self.found.count:
            text += f' <a href="{SHOW}">{escape(_("Show them…"))}</a>'
        self.setText(text)
        if self.found.rule is not None:
            self.setToolTip(_("Citation: {citation}", citation=self.found.rule.citation_in(lang)))
        self.setVisible(True)

    def show_cases(self) -> QWidget | None:
        """The cases past their retention, read now, in a list whose double-click opens one."""
        from app.erased import case_borrowers
        from ui.dialogs.dashboard_list import ListDialog

        if self.database is None or self.user is None:
            return None
        with self.database.sessions() as session:
            found = retention_listing(session, self.user)
            borrowers = case_borrowers(session, [c.case_id for c in found.cases])
            kept = active_loans(session, [c.case_id for c in found.cases])
        cases = found.cases
        rows = [
            [
                c.case_no,
                labels.day(c.closed_on),
                labels.day(c.last_activity),
                labels.day(c.kept_until),
                borrowers[c.case_id][0],
                personal_data_words(borrowers[c.case_id][1], kept.get(c.case_id)),
            ]
            for c in cases
        ]
        erasing = can(self.user, Permission.ERASE_PERSONAL_DATA)
        dialog = ListDialog(
            _("Closed cases past their records retention"),
            [_(h) for h in HEADERS],
            rows,
            0,
            lambda _case_no: None,
            (),
            self.window(),
            on_open=lambda row: self.open_case.emit(cases[row].case_id),
            hint=plural(
                len(rows),
                "{count} case; double-click it or press Enter to open it, or select it and erase "
                "its borrower's personal data. The case records stay.",
                "{count} cases; double-click one or press Enter to open it, or select some and "
                "erase their borrowers' personal data. The case records stay.",
            )
            if erasing
            else plural(
                len(rows),
                "{count} case; double-click it or press Enter to open it. Casedesk deletes none "
                "of them.",
                "{count} cases; double-click one or press Enter to open it. Casedesk deletes "
                "none of them.",
            ),
            wrap=False,
        )
        if erasing:
            self._erase_button(dialog, [c.case_no for c in cases])
        if self.list_dialog is not None:
            self.list_dialog.close()
        self.list_dialog = dialog
        dialog.show()
        _fit_columns(dialog)
        return dialog

    def _erase_button(self, dialog: ListDialog, case_nos: list[str]) -> None:
        """The admin's "Erase personal data…" for the rows selected (several at once)."""
        dialog.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        button = QPushButton(_("Erase personal data…"))
        button.setObjectName("erase_personal_data")
        button.setToolTip(
            _("Erase the personal data of the selected cases' borrowers (your password is asked).")
        )
        button.setEnabled(False)
        dialog.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        selection = dialog.table.selectionModel()
        selection.selectionChanged.connect(
            lambda *_args: button.setEnabled(bool(selection.selectedRows()))
        )
        button.clicked.connect(
            lambda: self.erase_selected([case_nos[i.row()] for i in selection.selectedRows()])
        )
        dialog.erase_button = button  # type: ignore[attr-defined]

    def erase_selected(self, case_nos: list[str]) -> QWidget | None:
        """Ask to erase the personal data of these cases' borrowers (those not erased yet);
        the count and the list are read again once done."""
        from app.erasure import borrowers_of_cases
        from ui.dialogs.erase_personal import ErasePersonalDataDialog

        if self.database is None or self.user is None or not case_nos:
            return None
        with self.database.sessions() as session:
            numbers = borrowers_of_cases(session, case_nos, not_erased=True)
            refused = erasure_refusals(session, numbers) if numbers else {}
        parent = self.list_dialog or self.window()
        if refused:  # said before the confirmation, which counts only the others (found by QA)
            box = message_box(
                QMessageBox.Icon.Information,
                _("Erase personal data…"),
                _("These borrowers' personal data cannot be erased now:"),
                parent=parent,
            )
            box.setInformativeText("\n".join(why.translated() for why in refused.values()))
            box.exec()
            numbers = [n for n in numbers if n not in refused]
        if not numbers:
            return None
        confirm = ErasePersonalDataDialog(self.database, self.user, numbers, parent)
        confirm.finished.connect(lambda _result: self._after_erase(confirm))
        self.erase_dialog = confirm
        confirm.open()
        return confirm

    def _after_erase(self, confirm: ErasePersonalDataDialog) -> None:
        if confirm.run is None or not confirm.run.erased:
            return
        self.erased.emit()
        if self.database is not None and self.user is not None:
            self.refresh(self.database, self.user)
            self.show_cases()


def _fit_columns(dialog: ListDialog) -> None:
    """Widen the shown list to its columns as laid out (a short hint, as the Chinese one, left
    the dialog at its least width and the last column clipped behind a scroll bar)."""
    from ui.screen_fit import fit_on_screen

    table = dialog.table
    extra = table.viewport().width() - table.width()  # the frame and the scroll bar (negative)
    wanted = dialog.width() + table.horizontalHeader().length() + 4 - (table.width() + extra)
    if wanted > dialog.width():
        fit_on_screen(dialog, wanted, dialog.height())
