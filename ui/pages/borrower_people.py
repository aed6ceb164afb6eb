"""The Add…, Edit… and Remove… beside Related persons, on the borrower pane and on the case page
(ui/dialogs/related_person.py, app/related_persons.py): shown to whoever records contacts while
the borrower's data are kept, enabled for whoever works the borrower's case (app.borrower_scope);
Edit… and Remove… act on the selected person."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QPushButton, QTableWidget, QWidget

from app.auth import Permission, can
from app.borrower_scope import holds
from app.errors import CasedeskError
from app.i18n import tr as _
from app.models import User
from app.queries.borrowers import BorrowerDetail, RelatedInfo
from db.store import Database
from ui.confirm import ask_first
from ui.dialogs.related_person import RelatedPersonDialog
from ui.flow import flow_bar


def _button(text: str, name: str, on_click: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(lambda: on_click())
    return button


def heading(title: QLabel, *buttons: QPushButton) -> QLayout:
    """A section title with its buttons right beside it, wrapping under each other when the pane
    is narrow: in a row, Related persons' Add…, Edit… and Remove… held the case page's summary
    pane 345 px wide in English, its score past the edge of a 1024-px window's 290-px pane."""
    line = QHBoxLayout()
    tallest = max((b.sizeHint().height() for b in buttons), default=0)
    title.setMinimumHeight(max(title.minimumHeight(), tallest))  # level with the first row
    line.addWidget(title, 0, Qt.AlignmentFlag.AlignTop)
    line.addWidget(flow_bar(*buttons), 1)
    return line


class PeopleButtons:
    """`said(text, error)` reports a removal or a refusal; `changed()` follows every save."""

    def __init__(
        self,
        parent: QWidget,
        table: QTableWidget,
        said: Callable[[str, bool], None],
        changed: Callable[[], None],
    ) -> None:
        self.parent, self.table, self.said, self.changed = parent, table, said, changed
        self.add_button = _button(_("Add…"), "add_person", lambda: self.add())
        self.edit_button = _button(_("Edit…"), "edit_person", lambda: self.edit())
        self.remove_button = _button(_("Remove…"), "remove_person", lambda: self.remove())
        self.database: Database | None = None
        self.user: User | None = None
        self.detail: BorrowerDetail | None = None
        table.itemSelectionChanged.connect(self.update)

    @property
    def buttons(self) -> tuple[QPushButton, ...]:
        return self.add_button, self.edit_button, self.remove_button

    def show_for(
        self, database: Database | None, user: User | None, detail: BorrowerDetail | None
    ) -> None:
        self.database, self.user, self.detail = database, user, detail
        self.update()

    def update(self) -> None:
        d, user = self.detail, self.user
        live = d is None or d.erased_on is None
        visible = live and user is not None and can(user, Permission.RECORD_CONTACTS)
        held = user is not None and (d is None or holds(user, d.agents))
        tip = (
            ""
            if held
            else _(
                "Only the agent working this borrower's case, or a supervisor, can record their "
                "related persons: none of their cases is assigned to you."
            )
        )
        chosen = self.selected() is not None
        for button in self.buttons:
            button.setVisible(visible)
            button.setToolTip(tip)
        self.add_button.setEnabled(held and d is not None)
        self.edit_button.setEnabled(held and chosen)
        self.remove_button.setEnabled(held and chosen)

    def selected(self) -> RelatedInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.detail else []
        if not rows or self.detail is None or rows[0].row() >= len(self.detail.related):
            return None
        return self.detail.related[rows[0].row()]

    def add(self) -> bool:
        """The dialog for a new related person; True (and `changed`) when added."""
        if self.detail is None or self.database is None or self.user is None:
            return False
        if RelatedPersonDialog.add(self.parent, self.database, self.user, self.detail) is None:
            return False
        self.changed()
        return True

    def edit(self) -> bool:
        """The dialog for the selected person; True (and `changed`) when saved."""
        person = self.selected()
        if person is None or self.detail is None or self.database is None or self.user is None:
            return False
        d = self.detail
        if RelatedPersonDialog.edit(self.parent, self.database, self.user, d, person) is None:
            return False
        self.changed()
        return True

    def remove(self, ask: bool = True) -> bool:
        """Remove the selected person, once asked; True (and `changed`) when removed."""
        from app.related_persons import remove_person

        person = self.selected()
        if person is None or self.detail is None or self.database is None or self.user is None:
            return False
        question = _(
            "Remove {person} from the persons related to {name}? They are kept for their history "
            "but no longer listed nor offered for a contact.",
            person=person.name,
            name=self.detail.name,
        )
        if ask and not ask_first(self.parent, _("Remove related person"), question):
            return False
        try:
            with self.database.session(write_lock=True) as session:
                actor = session.get(User, self.user.id)
                assert actor is not None
                remove_person(session, actor, self.detail.borrower_no, person.person_id)
        except CasedeskError as error:
            self.said(error.translated(), True)
            return False
        self.changed()  # first: a page that reloads on it clears its message line
        self.said(
            _(
                "{person} removed: kept for their history, no longer listed nor offered for a "
                "contact.",
                person=person.name,
            ),
            False,
        )
        return True
