"""The first-run wizard: when Casedesk starts with no database in the data folder it creates the
office (name, currency, time zone, rule set) and its admin, shows the recovery key to print or
copy, and — once the user confirms they kept it — creates the database through app.setup (the
same door as `casedesk init`) and logs the admin in."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path

from PySide6.QtGui import QCloseEvent, QShowEvent, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.auth import MAX_USERNAME, check_username
from app.errors import CasedeskError, ValidationError
from app.i18n import tr as _
from app.models import User
from app.office import office_zones
from app.setup import (
    CURRENCIES,
    MAX_OFFICE_NAME,
    SUGGESTED_ZONES,
    check_admin_password,
    check_office_choices,
    create_office_database,
    currency_for,
    keep_key,
    new_key,
    password_strength,
    zone_for,
)
from db.keystore import recovery_key
from db.store import Database, open_database
from ui import std_buttons
from ui.colours import set_role
from ui.dialogs.settings_fields import JURISDICTION_NAMES
from ui.discard import Fields, field_values, may_close
from ui.recovery_sheet import RecoverySheet
from ui.screen_fit import fit_on_screen
from ui.widgets import ERROR_ROLE

STRENGTH = ("Too short", "Weak", "Fair", "Good", "Strong")
STRENGTH_ROLES = "error error soon ok_pass ok".split()
DEFAULT_ZONE = "Asia/Shanghai"


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    set_role(label, ERROR_ROLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


# The office name's example, a town of the chosen rule set's country.
OFFICE_NAME_EXAMPLES = {
    "cn": "e.g. Chengdu branch",
    "uk": "e.g. Leeds branch",
    "us": "e.g. Columbus branch",
}


class OfficePage(QWizardPage):
    """The office: name, rule set, currency and time zone (both follow the rule set)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your office"))
        self.setSubTitle(_("Casedesk keeps one office's cases in one encrypted file."))
        self.name = QLineEdit()
        self.name.setObjectName("office_name")
        self.name.setMaxLength(MAX_OFFICE_NAME)  # as the core holds it: typing stops there
        self.rules = QComboBox()
        for code, name in JURISDICTION_NAMES:
            self.rules.addItem(_(name), code)
        self.currency = QComboBox()
        self.currency.addItems(list(CURRENCIES))
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(office_zones())
        self.timezone.setCurrentText(DEFAULT_ZONE)
        self.rules.currentIndexChanged.connect(self._rules_changed)
        self._show_example()
        self.error = _error_label()
        form = QFormLayout()
        form.addRow(_("Office name:"), self.name)
        form.addRow(_("Compliance rule set:"), self.rules)
        form.addRow(_("Currency:"), self.currency)
        form.addRow(_("Time zone:"), self.timezone)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def _show_example(self) -> None:
        """The office name's example: a town of the chosen rule set's country."""
        example = OFFICE_NAME_EXAMPLES.get(self.rules.currentData(), OFFICE_NAME_EXAMPLES["cn"])
        self.name.setPlaceholderText(_(example))

    def _rules_changed(self) -> None:
        rules = self.rules.currentData()
        self._show_example()
        self.currency.setCurrentText(currency_for(rules))
        if self.timezone.currentText().strip() in SUGGESTED_ZONES:  # a suggestion, not a choice
            self.timezone.setCurrentText(zone_for(rules))

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            check_office_choices(
                self.name.text(),
                self.currency.currentText(),
                self.timezone.currentText().strip(),
                self.rules.currentData(),
            )
        except CasedeskError as error:
            self.error.setText(error.translated())
            self.error.show()
            return False
        self.error.hide()
        return True


class AdminPage(QWizardPage):
    """The first admin: user name and a password typed twice, its strength shown as typed."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("The administrator"))
        self.setSubTitle(
            _("The admin manages users, settings and backups. Choose a password only you know.")
        )
        self.username = QLineEdit("admin")
        self.username.setObjectName("admin_name")
        self.username.setMaxLength(MAX_USERNAME)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat")
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = QLabel()
        self.strength.setObjectName("strength")
        self.error = _error_label()
        self.password.textChanged.connect(self._show_strength)
        for field in (self.username, self.password, self.repeat):
            field.textChanged.connect(lambda _text: self.error.hide())
        form = QFormLayout()
        form.addRow(_("User name:"), self.username)
        form.addRow(_("Password:"), self.password)
        form.addRow("", self.strength)
        form.addRow(_("Repeat the password:"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_intro(_("At least 8 characters; mix letters with digits or symbols.")))
        layout.addWidget(self.error)
        layout.addStretch(1)
        self._show_strength("")

    def _show_strength(self, text: str) -> None:
        score = password_strength(text)
        self.strength.setText(_("Strength: {level}", level=_(STRENGTH[score])))
        set_role(self.strength, STRENGTH_ROLES[score])

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            if not self.username.text().strip():
                raise ValidationError("The admin needs a user name.")
            check_username(self.username.text())  # said here, not after the recovery key
            check_admin_password(self.password.text(), self.repeat.text(), self.username.text())
        except CasedeskError as error:
            self.error.setText(error.translated())
            self.error.show()
            return False
        self.error.hide()
        return True


class KeyPage(QWizardPage):
    """The recovery key, to print or copy; Finish waits for "I have written it down"."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self.setup = wizard
        self.setTitle(_("Your recovery key"))
        self.setSubTitle(
            _(
                "The database is encrypted. Without this key nobody — not even you — can open it "
                "on another computer or after the keychain is lost."
            )
        )
        self.recovery = recovery_key(wizard.key)
        self.sheet = RecoverySheet(
            self.recovery,
            lambda: self.setup.office.name.text().strip(),
            str(wizard.path),
            self.printed_on,
        )
        self.key, self.print_button = self.sheet.key, self.sheet.print_button
        self.copy_button, self.copied = self.sheet.copy_button, self.sheet.copied
        self.written = QCheckBox(_("I have written it down or printed it, and keep it safe"))
        self.written.setObjectName("written_down")
        self.written.toggled.connect(self.completeChanged)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheet)
        layout.addWidget(
            _intro(
                _(
                    "Casedesk also keeps the key in this computer's keychain, so you will not "
                    "type it every day."
                )
            )
        )
        layout.addWidget(self.written)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self.written.isChecked()

    def copy(self) -> None:
        self.sheet.copy()

    def printed_on(self) -> dt.date:
        """Today on the office's clock, in the zone chosen for it (the computer's may differ)."""
        try:
            zone = zoneinfo.ZoneInfo(self.setup.office.timezone.currentText().strip())
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            return dt.date.today()  # the office page refuses such a zone before this page
        return dt.datetime.now(zone).date()

    def document(self) -> QTextDocument:
        """The printed sheet: office, date, the key, what to do with it."""
        return self.sheet.document()

    def print_to(self, printer: QPrinter) -> None:
        self.sheet.print_to(printer)

    def print_dialog(self) -> None:
        self.sheet.print_dialog()


class SetupWizard(QWizard):
    """Office → admin → recovery key; Finish creates the database and logs the admin in.

    Cancel, Escape and the close button ask "Discard what you typed?" once something was typed,
    as every form does (found by QA: one Escape quit Casedesk and lost the office's details)."""

    fields_shown: Fields | None = None  # as first shown: ui/discard.py reads what changed since

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.key, self.key_from_env = new_key()
        self.database: Database | None = None
        self.user: User | None = None
        self.kept = ""  # where the key was kept once the office is made (app.setup.keep_key)
        self.setObjectName("SetupWizard")
        self.setWindowTitle(_("Set up Casedesk"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.office = OfficePage()
        self.admin = AdminPage()
        self.key_page = KeyPage(self)
        for page in (self.office, self.admin, self.key_page):
            self.addPage(page)
        texts = {
            QWizard.WizardButton.NextButton: _("Next >"),
            QWizard.WizardButton.BackButton: _("< Back"),
            QWizard.WizardButton.FinishButton: _("Create the office"),
            QWizard.WizardButton.CancelButton: _("Cancel"),
        }
        for button, text in texts.items():
            self.setButtonText(button, text)
        cancel = self.button(QWizard.WizardButton.CancelButton)
        cancel.clicked.disconnect()  # QWizard's own reject(), which would not ask
        cancel.clicked.connect(self.cancel)
        fit_on_screen(self, 680, 500)

    def create_office(self) -> bool:
        """Create the database, keep the key, log in; on a refusal say why and stay open."""
        o, a = self.office, self.admin
        try:
            create_office_database(
                self.path,
                self.key,
                office=o.name.text().strip(),
                admin=a.username.text().strip(),
                password=a.password.text(),
                currency=o.currency.currentText(),
                timezone=o.timezone.currentText().strip(),
                jurisdiction=o.rules.currentData(),
                make_folder=True,
            )
            self.kept = keep_key(self.path, self.key, self.key_from_env)
            self.database = open_database(self.path, self.key)
            from app.auth import authenticate

            self.user = authenticate(
                self.database.sessions, a.username.text().strip(), a.password.text()
            )
        except CasedeskError as error:
            self.key_page.error.setText(error.translated())
            self.key_page.error.show()
            return False
        return True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self.fields_shown is None:
            self.fields_shown = field_values(self)
        super().showEvent(event)

    def cancel(self) -> None:
        """Cancel: reject, after asking when something was typed (Escape asks through
        ui/dialog_keys.py; reject() itself, the program's, does not ask)."""
        if may_close(self):
            self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.isVisible() and self.database is None and not may_close(self):
            event.ignore()  # kept: the wizard stays, as it was
            return
        super().closeEvent(event)

    def accept(self) -> None:
        if self.database is None:
            if not self.create_office():
                return
            if self.kept == "none":  # the page said the keychain keeps it: say it does not
                no_keychain = _(
                    "This computer has no keychain, so the key was not kept on it: Casedesk "
                    "will ask for the recovery key at each start. Keep it at hand, and locked "
                    "away."
                )
                std_buttons.warning(self, _("Your recovery key"), no_keychain)
        super().accept()

    @classmethod
    def run_setup(cls, parent: QWidget | None, path: Path) -> tuple[Database, User] | None:
        """Run the wizard; the new database and its logged-in admin, or None when cancelled."""
        wizard = cls(path, parent)
        accepted = wizard.exec() == QDialog.DialogCode.Accepted
        result = (wizard.database, wizard.user) if accepted else None
        wizard.deleteLater()
        if result is None or result[0] is None or result[1] is None:
            return None
        return result[0], result[1]
