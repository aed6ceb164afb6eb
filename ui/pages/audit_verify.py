"""The Audit page's Verify the chain: the chain recomputed and checked against its anchors, off
the GUI thread (a large trail takes seconds)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.i18n import tr as _
from app.models import User
from ui.dialogs.worker import ActingWorker


class VerifyWorker(ActingWorker):
    """Runs app.audit_anchor.verify_trail in its own session; succeeded(TrailCheck)."""

    def work(self, session: Session, actor: User) -> Any:
        from app.audit_anchor import verify_trail
        from app.auth import Permission, require

        require(actor, Permission.VIEW_AUDIT)
        target = self.database.url if self.database.url is not None else self.database.path
        return verify_trail(session, target)

    def failure(self, error: str) -> str:
        return _("The audit chain could not be verified: {error}", error=error)
