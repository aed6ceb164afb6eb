"""The test offices' today: they keep Shanghai's time (create_office's default and the demo's),
and the queue, promises, complaints and reports count that day, not this computer's (a day
behind from 16:00 to 24:00 UTC on a computer on UTC)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def office_today() -> dt.date:
    """Today on a Shanghai office's clock, read when asked (a run may cross midnight)."""
    return dt.datetime.now(SHANGHAI).date()
