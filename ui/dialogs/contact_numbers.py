"""The numbers the contact dialog offers: the borrower's on file (kind, invalid), or the related
person's. With SMS chosen a landline is greyed, saying it cannot receive SMS
(app.country_data.takes_no_sms, the test the core refuses it by), and the first number that takes
SMS is chosen."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox

from app.country_data import takes_no_sms
from app.i18n import tr as _
from app.labels import KIND, label
from app.queries.contact_targets import PersonTarget, PhoneTarget


def _item(text: str, number: str | None, landline: bool) -> QStandardItem:
    """One number; a landline greyed (an SMS cannot reach it) with the reason.

    Made here, not by addItem (see ui.dialogs.contact.party_combo)."""
    if landline:
        text += " · " + _("landline")
    item = QStandardItem(text)
    item.setData(number, Qt.ItemDataRole.UserRole)
    if landline:
        item.setEnabled(False)
        item.setToolTip(_("A landline cannot receive SMS."))
    return item


def fill_numbers(
    box: QComboBox, phones: list[PhoneTarget] | None, person: PersonTarget | None, sms: bool
) -> None:
    """Fill `box` with the borrower's `phones` (None: the related `person`'s number), landlines
    greyed when `sms`; the first enabled number chosen (a greyed one when nothing else is on file,
    for the check to say why)."""
    box.clear()
    model = cast(QStandardItemModel, box.model())
    if phones is not None:
        for phone in phones:
            text = f"{phone.masked} · {label(KIND, phone.kind)}"
            if not phone.valid:
                text += " · " + _("invalid")
            model.appendRow(
                _item(text, phone.number, sms and takes_no_sms(phone.number, phone.kind))
            )
    elif person is not None and person.phone:
        landline = sms and takes_no_sms(person.phone)
        model.appendRow(_item(person.masked_phone, person.phone, landline))
    if box.count() == 0:
        model.appendRow(_item(_("No number on file"), None, False))
    enabled = [
        i for i in range(box.count()) if model.flags(model.index(i, 0)) & Qt.ItemFlag.ItemIsEnabled
    ]
    box.setCurrentIndex(enabled[0] if enabled else 0)
