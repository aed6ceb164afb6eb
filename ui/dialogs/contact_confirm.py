"""The contact dialog's "Confirm number…": under the number while the verdict holds it by the
rule number_found_invalid and the user may confirm numbers (a supervisor or admin; the core
checks EDIT_BORROWERS again). It opens the borrower pane's ConfirmNumberDialog on that number;
an agent has the finding's advice only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QSizePolicy

from app.auth import Permission, can
from app.compliance.model import Verdict
from app.i18n import tr as _
from app.labels import KIND, label
from app.models import User
from app.phone_confirm import numbers_to_confirm
from app.queries.contact_targets import ContactTargets
from db.store import Database
from ui.dialogs.confirm_number import ConfirmNumberDialog

RULE = "number_found_invalid"


class ConfirmHeldNumber(QPushButton):
    """Offered for the number a verdict holds; `confirmed(number)` once the borrower's
    confirmation of it is saved."""

    def __init__(
        self,
        database: Database,
        user: User,
        targets: Callable[[], ContactTargets],
        confirmed: Callable[[str], object],
    ) -> None:
        super().__init__(_("Confirm number…"))
        self.setObjectName("confirm_number")
        # At its words' width under the number, as the form's other buttons, not the field's.
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setToolTip(_("Record that the borrower confirmed this number is theirs."))
        self.database, self.user = database, user
        self.targets, self.confirmed = targets, confirmed
        self.may = can(user, Permission.EDIT_BORROWERS)
        self.held: str | None = None  # the number offered, while a verdict holds it
        self.clicked.connect(lambda: self.confirm())

    def follow(self, verdict: Verdict | None, number: str | None) -> bool:
        """Offer to confirm `number` when `verdict` holds it by the rule and the user may;
        whether it is offered."""
        held = verdict is not None and any(f.rule == RULE for f in verdict.findings)
        self.held = number if self.may and held and number else None
        return self.held is not None

    def confirm(self) -> str | None:
        """The confirmation dialog on the held number; the number when confirmed, else None."""
        number, targets = self.held, self.targets()
        if number is None:
            return None
        with self.database.sessions() as session:
            actor = session.get(User, self.user.id)
            assert actor is not None
            numbers = numbers_to_confirm(session, actor, targets.borrower_no)
        if all(shown != number for shown, _words in numbers):
            # Held though marked valid (a wrong number from before the rule): offered all the same.
            phone = next(p for p in targets.phones if p.number == number)
            numbers.insert(0, (number, f"{phone.masked} · {label(KIND, phone.kind)}"))
        done = ConfirmNumberDialog.run(
            self.window(),
            self.database,
            self.user,
            targets.borrower_no,
            targets.borrower_name,
            numbers,
            number,
        )
        if done is not None:
            self.confirmed(done)
        return done
