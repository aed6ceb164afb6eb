"""The Settings dialog: the office (details, rule set, priority weights, visit defaults, backups,
security) saved through app.office_settings in one audited transaction, and the user's own
language. A refused value is shown under its field, on its tab, and nothing is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import settings as office_settings
from app.auth import Permission, can
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import Office, User
from app.office import get_office, office_zones
from app.office_settings import (
    FieldError,
    OfficeDetails,
    Saved,
    SettingsChange,
    save_settings,
    set_user_language,
)
from app.paper import PAPER_KEY as PAPER
from db.store import Database
from ui.colours import set_role
from ui.confirm import ask_ruleset_switch
from ui.dialogs.settings_colours import ColoursSection
from ui.dialogs.settings_fields import (
    JURISDICTION_NAMES,
    SCHEDULE_NAMES,
    ErrorForm,
    choices_box,
    country_paper_said,
    editor,
    get_value,
    keys,
    language_choices,
    paper_box,
    set_value,
    setting_label,
)
from ui.dialogs.settings_workstation import FIELD, WorkstationSection
from ui.discard import AsksBeforeDiscard
from ui.screen_fit import fit_on_screen
from ui.std_buttons import button_box
from ui.widgets import ERROR_ROLE

OFFICE_FIELDS = (
    ("name", "Office name:"),
    ("address", "Address:"),
    ("phone", "Phone:"),
    ("safety_contact", "Safety contact for field visits:"),
)
TABS = (
    ("office", "Office"),
    ("rules", "Rules and priority"),
    ("queue", "Work queue"),
    ("visits", "Visits"),
    ("agreements", "Agreements"),
    ("backups", "Backups"),
    ("security", "Security"),
    ("language", "Language"),
    ("workstation", "This workstation"),
)


@dataclass
class SettingsResult:
    changed: list[str] = field(default_factory=list)
    language_changed: bool = False
    language: str | None = None
    idle_minutes: float = 10
    workstation_changed: bool = False  # the database the window opens next time (this computer)
    # Agreements a lowered waiver threshold sent back to wait for a supervisor (their numbers).
    lapsed: tuple[str, ...] = ()


class SettingsDialog(AsksBeforeDiscard):
    """Tabs of settings; only what the user may change is enabled (the core checks again)."""

    def __init__(self, database: Database, user: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.user = user
        self.result_: SettingsResult | None = None
        self.setWindowTitle(_("Settings"))
        self.setObjectName("SettingsDialog")
        self.may_edit = can(user, Permission.EDIT_SETTINGS)
        self.may_rules = can(user, Permission.EDIT_RULESET)
        backups = getattr(Permission, "MANAGE_BACKUPS", None)
        self.may_backups = backups is not None and can(user, backups)
        with database.sessions() as session:
            office = get_office(session)
            assert office is not None
            values = office_settings.get_all(session)
            me = session.get(User, user.id)
            self.language_before = me.language if me else None
        self.forms: dict[str, ErrorForm] = {}
        self.tabs = QTabWidget()
        # Every tab in view, never behind scroll arrows: the dialog is as wide as its titles,
        # their Alt+letters too ("本工作站(&W)"), which 720 px no longer held.
        self.tabs.setUsesScrollButtons(False)
        self.fields: dict[str, QWidget] = {}
        self._office_tab(office, values)
        self._rules_tab(office, values)
        self._queue_tab(values)
        self._numbers_tab("visits", "visit.", values)
        self._numbers_tab("agreements", "agreement.", values)
        self._backups_tab(values)
        self._security_tab(values)
        self._language_tab()
        self.workstation = WorkstationSection(self._tab("workstation"), database, self)
        self.colours = ColoursSection(self.forms["workstation"])
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        set_role(self.error, ERROR_ROLE)
        self.error.hide()
        self.buttons = button_box(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._save_clicked)
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        fit_on_screen(self, 720, 560)

    # --- tabs -----------------------------------------------------------------------------
    def _tab(self, key: str, enabled: bool = True) -> ErrorForm:
        page = QWidget()
        form = ErrorForm()
        page.setLayout(form)
        title = dict(TABS)[key]
        self.tabs.addTab(page, _(title))
        page.setObjectName(f"tab:{key}")
        self.forms[key] = form
        if not enabled:
            form.note(_("Only supervisors and admins change office settings."))
        return form

    def _office_tab(self, office: Office, values: dict[str, Any]) -> None:
        form = self._tab("office", self.may_edit)
        for name, label in OFFICE_FIELDS:
            edit = QLineEdit(getattr(office, name))
            self.fields[name] = form.add(name, _(label), edit)
            edit.setEnabled(self.may_edit)
        zone = QComboBox()
        zone.setEditable(True)
        zone.addItems(office_zones())
        zone.setCurrentText(office.timezone)
        zone.setEnabled(self.may_edit)
        self.fields["timezone"] = form.add("timezone", _("Time zone:"), zone)
        currency = QLabel(office.currency)
        currency.setToolTip(_("The currency is fixed when the office is created."))
        form.addRow(_("Currency:"), currency)
        paper = paper_box(office.jurisdiction)
        set_value(paper, PAPER, values.get(PAPER))
        paper.setEnabled(self.may_edit)
        self.fields[PAPER] = form.add(PAPER, setting_label(PAPER) + _(":"), paper)
        form.note(_("Every PDF is laid out on this paper: reports, agreements, visit sheets."))

    def _rules_tab(self, office: Office, values: dict[str, Any]) -> None:
        form = self._tab("rules", self.may_edit)
        rules = choices_box(JURISDICTION_NAMES, translate=True)
        rules.setCurrentIndex(max(rules.findData(office.jurisdiction), 0))
        self.jurisdiction = office.jurisdiction  # as stored: a switch is asked first on Save
        rules.setEnabled(self.may_rules)
        if not self.may_rules:
            rules.setToolTip(_("Only an admin switches the rule set."))
        self.fields["jurisdiction"] = form.add("jurisdiction", _("Compliance rule set:"), rules)
        paper = self.fields[PAPER]
        rules.currentIndexChanged.connect(
            lambda _i: country_paper_said(paper, rules.currentData())  # type: ignore[arg-type]
        )
        form.note(_("Priority weights: the points a factor gives at its full value."))
        self._numbers(form, "priority.weight.", values)
        form.note(_("Full value: where a factor gives its whole weight."))
        self._numbers(form, "priority.full.", values)

    def _queue_tab(self, values: dict[str, Any]) -> None:
        """The queue's date, its field stage and assigning by capacity (`settings set` has them)."""
        form = self._tab("queue", self.may_edit)
        for key in keys("queue.") + keys("assign."):
            widget = editor(key)
            set_value(widget, key, values.get(key))
            widget.setEnabled(self.may_edit)
            self.fields[key] = form.add(key, setting_label(key) + _(":"), widget)
        form.note(
            _(
                "The queue date is the day days past due are counted to: Today, unless you are "
                "looking back at a day that has passed."
            )
        )

    def _numbers_tab(self, tab: str, prefix: str, values: dict[str, Any]) -> None:
        form = self._tab(tab, self.may_edit)
        self._numbers(form, prefix, values)

    def _numbers(self, form: ErrorForm, prefix: str, values: dict[str, Any]) -> None:
        for key in keys(prefix):
            if not isinstance(office_settings.DEFAULTS[key], int):
                continue
            widget = editor(key)
            set_value(widget, key, values.get(key))
            widget.setEnabled(self.may_edit)
            self.fields[key] = form.add(key, setting_label(key) + _(":"), widget)

    def _security_tab(self, values: dict[str, Any]) -> None:
        """How accounts are protected is the admin's, as in the core (app.office_settings)."""
        form = self._tab("security", self.may_edit)
        self._numbers(form, "security.", values)
        may = can(self.user, Permission.MANAGE_USERS)
        if not may:
            form.note(_("Only an admin changes how accounts are protected."))
        for key in keys("security."):
            if key in self.fields:
                self.fields[key].setEnabled(self.may_edit and may)

    def _backups_tab(self, values: dict[str, Any]) -> None:
        form = self._tab("backups", self.may_edit)
        if "backup.folder" in office_settings.DEFAULTS:
            folder = QLineEdit(values.get("backup.folder") or "")
            folder.setPlaceholderText(_("Default: the backups folder next to the data"))
            browse = QPushButton(_("Choose…"))
            browse.clicked.connect(lambda: self._choose_folder(folder))
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(folder, 1)
            line.addWidget(browse)
            for widget in (folder, browse):
                widget.setEnabled(self.may_backups)
            self.fields["backup.folder"] = folder
            form.add("backup.folder_row", _("Backup folder:"), row)
            form.errors["backup.folder"] = form.errors["backup.folder_row"]
        if "backup.schedule" in office_settings.DEFAULTS:
            schedule = choices_box(SCHEDULE_NAMES, translate=True)
            schedule.setCurrentIndex(max(schedule.findData(values.get("backup.schedule")), 0))
            schedule.setEnabled(self.may_backups)
            self.fields["backup.schedule"] = form.add(
                "backup.schedule", _("Automatic backup:"), schedule
            )
        if not self.may_backups:
            form.note(_("Only an admin chooses the backup folder, schedule and how many are kept."))
        if self.database.url is not None:
            form.note(
                _(
                    "Backups of a server database are made on the server (pg_dump), not by "
                    "Casedesk; restore them there."
                )
            )
        self._numbers(form, "backup.", values)
        for key in keys("backup."):  # how many are kept: the admin's too
            if key in self.fields:
                self.fields[key].setEnabled(self.may_backups)

    def _language_tab(self) -> None:
        form = self._tab("language")
        combo = choices_box(language_choices(), translate=False)
        combo.setCurrentIndex(max(combo.findData(self.language_before or ""), 0))
        self.fields["language"] = form.add("language", _("Language of the window:"), combo)
        form.note(
            _(
                "Your own choice, kept with your account; the window switches at once. The "
                "command line follows CASEDESK_LANG or the system."
            )
        )

    def _choose_folder(self, edit: QLineEdit) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Backup folder"), edit.text())
        if chosen:
            edit.setText(chosen)

    # --- saving ---------------------------------------------------------------------------
    def change(self) -> SettingsChange:
        """What the form holds, as a change for the core."""
        f = self.fields
        text = {name: f[name].text() for name, _l in OFFICE_FIELDS}  # type: ignore[attr-defined]
        zone = f["timezone"].currentText().strip()  # type: ignore[attr-defined]
        details = OfficeDetails(
            text["name"], text["address"], text["safety_contact"], zone, text["phone"]
        )
        values: dict[str, Any] = {}
        for key, widget in f.items():
            if key in office_settings.DEFAULTS and not key.startswith("backup."):
                values[key] = get_value(widget, key)
            elif key.startswith("backup.keep_") and self.may_backups:
                values[key] = get_value(widget, key)
        if self.may_backups and "backup.folder" in f:
            values["backup.folder"] = f["backup.folder"].text().strip() or None  # type: ignore[attr-defined]
        if self.may_backups and "backup.schedule" in f:
            values["backup.schedule"] = f["backup.schedule"].currentData()  # type: ignore[attr-defined]
        jurisdiction = f["jurisdiction"].currentData() if self.may_rules else None  # type: ignore[attr-defined]
        return SettingsChange(details, jurisdiction, values)

    def language(self) -> str | None:
        return self.fields["language"].currentData() or None  # type: ignore[attr-defined]

    def clear_errors(self) -> None:
        self.error.hide()
        for form in self.forms.values():
            for label in form.errors.values():
                label.hide()

    def show_error(self, error: CasedeskError) -> None:
        """Under its field on its tab when the error names one, else below the tabs."""
        name = getattr(error, "field", None)
        for index, (tab, _title) in enumerate(TABS):
            label = self.forms[tab].errors.get(name or "")
            if label is not None:
                label.setText(error.translated())
                label.show()
                self.tabs.setCurrentIndex(index)
                return
        self.error.setText(error.translated())
        self.error.show()

    def try_save(self) -> SettingsResult | None:
        """Save through the core in one transaction; on a refusal say why and save nothing.

        This workstation's choice (a file on this computer) is written last inside the office's
        transaction: when it cannot be written, the office's changes are rolled back with it."""
        self.clear_errors()
        if not self.workstation.check():  # refused: say so on its tab and save nothing
            self.tabs.setCurrentIndex(len(TABS) - 1)
            return None
        rules = self.fields["jurisdiction"].currentData()  # type: ignore[attr-defined]
        if self.may_rules and not ask_ruleset_switch(self, rules, self.jurisdiction):
            return None  # asked as the Rules page asks; No saves nothing, the dialog stays
        language = self.language()
        written = False
        try:
            with self.database.session(write_lock=True) as session:
                changed = Saved()
                if self.may_edit:
                    changed = save_settings(session, self.user, self.change())
                language_changed = set_user_language(session, self.user, language)
                idle = office_settings.get(session, "security.idle_lock_minutes")
                written = self._save_workstation()
        except CasedeskError as error:
            if written:  # only the commit can fail after the choice was written: say so
                error = CasedeskError(
                    "{problem} This workstation's database choice was saved; the office "
                    "settings were not.",
                    problem=error.translated(),
                )
            self.show_error(error)
            return None
        if language_changed:
            self.user.language = language
        self.colours.save()  # this computer's, once the office's changes are in
        self.result_ = SettingsResult(
            changed, language_changed, language, float(idle or 0), written, changed.lapsed
        )
        return self.result_

    def _save_workstation(self) -> bool:
        """Write this workstation's choice; a failure is said under its field as nothing saved."""
        try:
            return self.workstation.save()
        except CasedeskError as error:
            raise FieldError(
                FIELD, "{problem} Nothing was saved.", problem=error.translated()
            ) from None

    def _save_clicked(self) -> None:
        if self.try_save() is not None:
            self.accept()

    @classmethod
    def edit(cls, parent: QWidget | None, database: Database, user: User) -> SettingsResult | None:
        """Run the dialog; what was saved, or None when cancelled."""
        dialog = cls(database, user, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.result_ if accepted else None
        dialog.workstation.wait()
        dialog.deleteLater()
        return result


__all__ = ["FieldError", "SettingsDialog", "SettingsResult"]
