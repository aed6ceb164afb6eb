"""What the office's papers lack, said on the page that prints them (app.office_printed): the
Visits page for the visit sheet's safety contact, the Agreements page for the agreement's address
and phone. The first steps named them only until the first loan was imported; this stays until
they are filled, with Settings… at hand for whoever may fill them in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.auth import Permission, can
from app.i18n import tr as _
from app.models import User
from app.office_printed import missing_notice
from db.store import Database
from ui.colours import set_role
from ui.focus import only_if
from ui.signals import ChangeHub

WATCHES = frozenset({"office", "setting"})  # Settings… › Office announces both


class OfficeDetailsNotice(QWidget):
    """Hidden while `paper` ("visits" or "agreements") has every detail it prints."""

    def __init__(
        self,
        database: Database,
        hub: ChangeHub,
        user: User,
        paper: str,
        parent: QWidget,  # the page: shown before a page took it, it was a window of its own
    ) -> None:
        super().__init__(parent)
        self.database, self.user, self.paper = database, user, paper
        self.setObjectName(f"office_details_notice:{paper}")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.text, "warning_banner")
        self.settings_button = QPushButton(_("Settings…"))
        self.settings_button.clicked.connect(self.open_settings)
        only_if(self.settings_button, can(user, Permission.EDIT_SETTINGS))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignVCenter)
        hub.changed.connect(self._on_changed)
        self.hide()
        self.refresh()

    @Slot(object)
    def _on_changed(self, entities: set[str]) -> None:
        if entities & WATCHES:
            self.refresh()

    def refresh(self) -> None:
        with self.database.sessions() as session:
            me = session.get(User, self.user.id)
            notice = missing_notice(session, me, self.paper) if me is not None else ""
        self.text.setText(notice)
        self.setVisible(bool(notice))

    def open_settings(self) -> None:
        """Settings… as the window's own button opens it, on its first tab, Office."""
        window = self.window()
        if hasattr(window, "open_settings"):
            window.open_settings()
