"""The names QSettings files are kept under; loaded by the start before the window's modules."""

from __future__ import annotations

ORGANISATION = "Casedesk"
APPLICATION = "Casedesk"
