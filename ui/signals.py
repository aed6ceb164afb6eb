"""The "what changed" hub: use cases announce entity names, pages that show them refresh."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal


class ChangeHub(QObject):
    """Emit `changed({"borrower", "loan", …})` after a commit; pages connect and refresh."""

    changed = Signal(set)
    # Asked before the pages refresh: False when they must not read now (the window's account
    # changed: it is being locked or re-created, ui/account_watch.py).
    guard: Callable[[], bool] | None = None

    def announce(self, *entities: str) -> None:
        """Tell every listening page that these kinds of records changed."""
        if self.guard is not None and not self.guard():
            return
        self.changed.emit(set(entities))
