"""The visit dialog's first step (信息核实 verify): who the borrower is, where the visit goes and
that the phone reaches them. Its words follow the office and the place: the ID number as the
office's country names it (a US office's: Social Security number), and a visit at the borrower's
place of work confirms the workplace's address, not the home's."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import Words
from app.i18n import tr as _
from app.id_labels import id_label
from ui.tab_order import opens_here

# At the borrower's place of work → what step 1 asks to confirm, and the address row's name.
INTRO = {
    False: "Before booking, confirm who the borrower is, where they live and that the phone "
    "number reaches them. Each check is recorded.",
    True: "Before booking, confirm who the borrower is, where they work and that the phone "
    "number reaches them. Each check is recorded.",
}
ADDRESS_ROW = {False: "Address:", True: "Workplace:"}
NO_ADDRESS = {False: "No address on file", True: "No workplace address on file"}


class VerifyPage(QWidget):
    """Step 1's checks. `home` and `work`: the addresses the visit would go to; `choose_place`:
    the place may still be chosen (no visit requested yet: a request fixes its address)."""

    def __init__(self, country: str, home: str, work: str, choose_place: bool) -> None:
        super().__init__()
        self.addresses = {False: home, True: work}
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.identity = QCheckBox(
            _(
                "Identity confirmed (name and {id_number} match the contract)",
                id_number=Words(id_label(country)),
            )
        )
        self.address = QCheckBox(_("Address confirmed"))
        self.phone = QCheckBox(_("Phone number confirmed"))
        self.at_work = QCheckBox(_("The visit is at the borrower's place of work"))
        self.at_work.setVisible(choose_place)
        self.address_label = QLabel()
        self.address_label.setWordWrap(True)  # an address of 300 characters made it 3,500 px wide
        self.address_name = QLabel()
        form = QFormLayout()
        form.addRow(self.address_name, self.address_label)
        form.addRow("", self.at_work)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.intro)
        for box in (self.identity, self.address, self.phone):
            self.layout_.addWidget(box)
        # Above the checks, and Tab reads it first (ui/tab_order.py); the dialog opens in the
        # first check, what step 1 needs: the place may be left as it is.
        self.layout_.insertLayout(1, form)
        opens_here(self.identity)
        self.layout_.addStretch(1)
        self.at_work.toggled.connect(self.place_words)
        self.place_words()

    def place_words(self) -> None:
        """The intro and the address follow the place: the home, or the workplace."""
        at_work = self.at_work.isChecked()
        self.intro.setText(_(INTRO[at_work]))
        self.address_name.setText(_(ADDRESS_ROW[at_work]))
        self.address_label.setText(escape(self.addresses[at_work]) or _(NO_ADDRESS[at_work]))

    def visit_address(self) -> str | None:
        """The address to request the visit at: the workplace's when ticked, else the home's
        (None: the request's own choice)."""
        return self.addresses[True] if self.at_work.isChecked() else None
