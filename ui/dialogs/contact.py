"""Log a contact attempt: whom, how, when (the borrower's local time), the outcome and an optional
promise, with the compliance verdict re-checked live as the fields change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import cast
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from app.compliance.model import Verdict
from app.contacts import (
    OUTCOMES,
    PARTY_OF_RELATION,
    ContactResult,
    carries_promise,
    check_contact,
    log_contact,
)
from app.errors import CasedeskError
from app.i18n import tr as _
from app.labels import CHANNEL, OUTCOME, PARTY, RELATION, capital, label
from app.models import Channel, ContactAttempt, Outcome, Party, Relationship, User
from app.notes import MAX_NOTES
from app.queries.contact_targets import ContactTargets, PersonTarget, contact_targets
from db.store import Database
from ui.colours import set_role
from ui.dialogs.base import run_modal
from ui.dialogs.checked import CheckedDialog
from ui.dialogs.contact_confirm import ConfirmHeldNumber
from ui.dialogs.contact_letter import letter_addresses
from ui.dialogs.contact_numbers import fill_numbers
from ui.dialogs.visit_repeated import RepeatedHourChoice
from ui.screen_fit import fit_on_screen
from ui.signals import ChangeHub
from ui.typed_money import typed_money
from ui.widgets import (
    date_edit,
    day_of,
    office_day,
    row,
    select_data,
    shows_placeholder,
    zoned_edit,
)

CHANNELS = (Channel.CALL, Channel.SMS, Channel.LETTER)


def combo(items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    for text, value in items:
        box.addItem(text, value)
    return box


def party_combo(persons: Sequence[PersonTarget]) -> QComboBox:
    """The parties to choose from, Guarantor greyed out when no related person is recorded as
    one: saving would only be told to name one (app.contacts_whom), and the check would stay on
    "Cannot check yet".

    Its items are made here, not read back from the ones addItem makes: an item Qt made is not
    told when Qt deletes it (ui/table_fill.cell_text), and replacing one (setItem) leaves
    PySide holding the replaced item's Python object after Qt deleted the item."""
    box = QComboBox()
    model = cast(QStandardItemModel, box.model())
    guarantor = any(PARTY_OF_RELATION[Relationship(p.relation)] is Party.GUARANTOR for p in persons)
    for party in Party:
        item = QStandardItem(capital(label(PARTY, party)))
        item.setData(party.value, Qt.ItemDataRole.UserRole)
        if party is Party.GUARANTOR and not guarantor:
            item.setEnabled(False)
            item.setToolTip(_("No guarantor is recorded among the borrower's related persons."))
        model.appendRow(item)
    return box


class ContactDialog(CheckedDialog):
    """Record one call, SMS or letter on a case; a block or a needed override keeps it open."""

    def __init__(
        self,
        database: Database,
        user: User,
        case_no: str,
        parent: QWidget | None = None,
        hub: ChangeHub | None = None,
    ) -> None:
        super().__init__(database, user, parent, hub)
        self.attempt: ContactAttempt | None = None
        self.last: ContactResult | None = None
        with database.sessions() as session:
            self.targets: ContactTargets = contact_targets(session, user, case_no)
        self.case_no = self.targets.case_no
        self.zone = ZoneInfo(self.targets.timezone)
        self.setWindowTitle(
            _(
                "Log a contact on {case} ({borrower})",
                case=self.case_no,
                borrower=self.targets.borrower_name,
            )
        )
        self.channel = combo([(label(CHANNEL, c), c.value) for c in CHANNELS])
        self.party = party_combo(self.targets.persons)
        self.person = QComboBox()  # the related people the party can be (_party_changed)
        self.number = QComboBox()
        # Beneath it while the verdict holds the number as found wrong, for those who may confirm.
        self.confirm_number = ConfirmHeldNumber(
            database, user, lambda: self.targets, self._number_confirmed
        )
        # A letter has no number: it goes to an address, shown in the number's place.
        self.address = QLabel()
        self.address.setObjectName("letterAddress")
        self.address.setTextFormat(Qt.TextFormat.PlainText)
        self.address.setWordWrap(True)
        self.at = zoned_edit(self.targets.timezone)
        # Beneath it on the nights the borrower's clocks change: which reading of the hour that
        # comes twice, or that the time typed is one the clocks skip.
        self.at_clock = RepeatedHourChoice(self.at, self.zone, whose="borrower")
        self.set_time(dt.datetime.now(self.zone))
        self.opened_at = self.contact_time()
        zone = QLabel(_("borrower's local time ({zone})", zone=self.targets.timezone))
        set_role(zone, "muted")
        self.outcome = QComboBox()  # the outcomes the channel can have (_channel_changed)
        self._channel_changed()
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(_("What was said, what was agreed"))
        self.notes.setFixedHeight(70)
        self.notes.setTabChangesFocus(True)  # Tab goes on to the promise, as in every field
        self._typed = (0, 0)  # where the last edit put text in, and how much (_limit_notes)
        self.notes.document().contentsChange.connect(self._note_typed)
        self.notes.textChanged.connect(self._limit_notes)
        self.promise = QCheckBox(_("Promise to pay"))
        self.promise_amount = QLineEdit()
        self.promise_amount.setPlaceholderText(_("Amount, e.g. 500.00"))
        self.promise_amount.setMinimumWidth(shows_placeholder(self.promise_amount))
        # A week from the office's today, the day the core judges the promise on.
        self.promise_due = date_edit(office_day(database) + dt.timedelta(days=7))
        # The amount and its day under the box, so the amount has the form's width to show in.
        promise = QVBoxLayout()
        promise.addWidget(self.promise)
        promise.addLayout(row((self.promise_amount, 1), QLabel(_("due by")), self.promise_due))
        self.form = form = QFormLayout()
        form.addRow(_("Channel:"), self.channel)
        form.addRow(_("Party:"), self.party)
        form.addRow(_("Related person:"), self.person)
        form.addRow(_("Number:"), self.number)
        form.addRow("", self.confirm_number)
        form.setRowVisible(self.confirm_number, False)
        form.addRow(_("Address:"), self.address)
        form.addRow(_("Date and time:"), row(self.at, (zone, 1)))
        self.at_clock.add_to(form)
        form.addRow(_("Outcome:"), self.outcome)
        form.addRow(_("Notes:"), self.notes)
        form.addRow(_("Promise:"), promise)
        self.save_button = QPushButton(_("Save"))
        self.save_button.clicked.connect(lambda: self.try_save())
        layout = QVBoxLayout(self)
        layout.addLayout(self.beside_panel(form), 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(self.button_row(self.save_button, self.override_button))
        self.party.currentIndexChanged.connect(self._party_changed)
        self.person.currentIndexChanged.connect(self._fill_numbers)
        self.channel.currentIndexChanged.connect(self._channel_changed)
        self.channel.currentIndexChanged.connect(self._fill_numbers)
        for signal in (
            self.channel.currentIndexChanged,
            self.party.currentIndexChanged,
            self.person.currentIndexChanged,
            self.number.currentIndexChanged,
            self.outcome.currentIndexChanged,
            self.at.dateTimeChanged,
            self.at_clock.changed,
        ):
            signal.connect(self.schedule_check)
        self.promise.toggled.connect(self._promise_toggled)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self._outcome_changed()
        self._party_changed()
        self._promise_toggled(False)
        fit_on_screen(self, 960, 450)
        self.refresh_verdict()

    # --- fields ---------------------------------------------------------------------------
    def set_time(self, local: dt.datetime) -> None:
        """Set the contact time from an aware datetime (shown in the borrower's zone; in the hour
        that comes twice, with the reading it is chosen)."""
        self.at_clock.set_time(local)

    def contact_time(self) -> dt.datetime:
        """The time as chosen, on the borrower's clock: the second reading of the hour that comes
        twice when chosen; a time the clocks skip as typed (the core refuses it, the note under
        the field says why)."""
        return self.at_clock.time()

    def _channel_changed(self) -> None:
        """Offer the outcomes the channel can have; keep the chosen one if it still fits."""
        chosen = self.outcome.currentData()
        outcomes = OUTCOMES[Channel(self.channel.currentData())]
        self.outcome.blockSignals(True)
        self.outcome.clear()
        self.outcome.addItem(_("— choose —"), None)
        for outcome in outcomes:
            self.outcome.addItem(capital(label(OUTCOME, outcome)), outcome.value)
        self.outcome.setCurrentIndex(max(self.outcome.findData(chosen), 0))
        self.outcome.blockSignals(False)
        if self.outcome.currentData() != chosen:
            self.outcome.currentIndexChanged.emit(self.outcome.currentIndex())

    def _party_changed(self) -> None:
        """Offer the related people the party can be: the party follows the person's relation."""
        party = Party(self.party.currentData())
        self.person.blockSignals(True)
        self.person.clear()
        if party is not Party.BORROWER:
            for p in self.targets.persons:
                if PARTY_OF_RELATION[Relationship(p.relation)] is party:
                    self.person.addItem(
                        _("{name} ({relation})", name=p.name, relation=label(RELATION, p.relation)),
                        p.id,
                    )
        self.person.setEnabled(self.person.count() > 0)
        self.person.blockSignals(False)
        self._fill_numbers()

    def _fill_numbers(self) -> None:
        self.number.blockSignals(True)
        borrower = Party(self.party.currentData()) is Party.BORROWER
        sms = self.channel.currentData() == Channel.SMS.value  # landlines greyed
        phones = self.targets.phones if borrower else None
        fill_numbers(self.number, phones, self.selected_person(), sms)
        letter = self.channel.currentData() == Channel.LETTER.value
        self.number.setEnabled(not letter)
        self.number.blockSignals(False)
        self.address.setText(letter_addresses(self.targets, Party(self.party.currentData())))
        self.form.setRowVisible(self.number, not letter)
        self.form.setRowVisible(self.address, letter)

    def selected_person(self) -> PersonTarget | None:
        if Party(self.party.currentData()) is Party.BORROWER or self.person.count() == 0:
            return None
        chosen = self.person.currentData()
        return next((p for p in self.targets.persons if p.id == chosen), None)

    def _outcome_changed(self) -> None:
        """A promise is made in a conversation: only a connected contact can carry one."""
        chosen = self.outcome.currentData()
        talked = chosen is not None and carries_promise(Outcome(chosen))
        if not talked:
            self.promise.setChecked(False)
        self.promise.setEnabled(talked)
        self.promise.setToolTip("" if talked else _("A promise to pay is made in a conversation."))

    def _note_typed(self, position: int, _removed: int, added: int) -> None:
        self._typed = (position, added)

    def _limit_notes(self) -> None:
        """The notes stop at MAX_NOTES characters, as the core takes them: what was typed or
        pasted past the limit is dropped from the end of the insertion (like a line edit's
        maximum length), the rest of the text kept."""
        length = self.notes.document().characterCount() - 1  # UTF-16 units, never fewer
        over = length - MAX_NOTES
        if over <= 0:
            return
        position, added = self._typed
        end = min(position + added, length)
        if end - position < over:  # not all from the last edit: cut the tail
            end = length
        start = end - over
        cursor = self.notes.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        self.notes.setTextCursor(cursor)

    def _promise_toggled(self, on: bool) -> None:
        self.promise_amount.setEnabled(on)
        self.promise_due.setEnabled(on)

    def fields(self) -> dict[str, object]:
        """The contact as the core takes it (outcome None while none is chosen). Whether it
        reaches the borrower at work (the employer, a work number) the core derives."""
        person = self.selected_person()
        number = self.number.currentData() if self.number.isEnabled() else None
        return {
            "channel": self.channel.currentData(),
            "party": Party(self.party.currentData()).value,
            "at": self.contact_time(),
            "outcome": self.outcome.currentData(),
            "phone_number": number,
            "related_person_id": person.id if person else None,
        }

    def promise_value(self) -> tuple[int, dt.date] | None:
        if not self.promise.isChecked():
            return None
        amount = typed_money(self.database, self.promise_amount.text().strip() or "0")
        return amount, day_of(self.promise_due)

    # --- the live check and saving --------------------------------------------------------
    def check(self, session: Session, actor: User) -> Verdict:
        return check_contact(session, actor, self.case_no, **self.fields())  # type: ignore[arg-type]

    def verdict_shown(self, verdict: Verdict | None) -> None:
        number = self.number.currentData() if self.number.isEnabled() else None
        held = self.confirm_number.follow(verdict, number)
        self.form.setRowVisible(self.confirm_number, held)

    def _number_confirmed(self, number: str) -> None:
        """Judge again on the number confirmed, what was typed kept: it no longer reads invalid,
        and the time the dialog opened with (untouched) is now, after the confirmation (a contact
        made before it is judged by what was known then)."""
        with self.database.sessions() as session:
            self.targets = contact_targets(session, self.user, self.case_no)
        chosen = self.number.currentData()
        self._fill_numbers()
        select_data(self.number, chosen)
        if self.contact_time() == self.opened_at:
            self.set_time(dt.datetime.now(self.zone))
        if self.hub is not None:
            self.hub.announce("borrower", "phone")
        self.refresh_verdict()

    def try_save(self, override_by: User | None = None, override_reason: str | None = None) -> bool:
        """Log through the core; saved → accept; blocked / needs override → say so, stay open."""
        self.timer.stop()
        self.show_status("")
        fields = self.fields()
        if fields["outcome"] is None:
            self.show_error(_("Choose the outcome of the contact."))
            return False
        try:
            promise = self.promise_value()  # a bad amount is refused before the write lock
        except CasedeskError as error:
            self.show_error(error.translated())
            return False

        def log(session: Session, actor: User, boss: User | None) -> ContactResult:
            return log_contact(
                session,
                actor,
                self.case_no,
                notes=self.notes.toPlainText(),
                promise=promise,
                override_by=boss,
                override_reason=override_reason,
                **fields,  # type: ignore[arg-type]
            )

        result = self.save_checked(log, override_by)
        if result is None:
            return False
        if result.saved:
            self.attempt = result.attempt
            self.override_button.setEnabled(False)
        return self.settle(
            result,
            ("contact", "case", *(["promise"] if result.promise else [])),
            _("Not saved: blocked (the block is recorded)."),
            _("Not saved: this contact needs a supervisor's override."),
        )

    @classmethod
    def log(
        cls,
        parent: QWidget | None,
        database: Database,
        user: User,
        case_no: str,
        hub: ChangeHub | None = None,
    ) -> ContactResult | None:
        """Run the dialog; what the core saved (the contact and any promise taken in it, announced
        on `hub`), or None."""
        dialog = cls(database, user, case_no, parent, hub)
        dialog.outcome.setFocus()
        return run_modal(dialog, lambda: dialog.last if dialog.attempt is not None else None)
