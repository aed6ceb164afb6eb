"""The "what changed" hub: use cases announce entity names, pages that show them refresh."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeHub(QObject):
    """Emit `changed({"borrower", "loan", …})` after a commit; pages connect and refresh."""

    changed = Signal(set)

    def announce(self, *entities: str) -> None:
        """Tell every listening page that these kinds of records changed."""
        self.changed.emit(set(entities))
