"""The test offices' today: they keep Shanghai's time (create_office's default and the demo's),
and the queue, promises, complaints and reports count that day, not this computer's (a day
behind from 16:00 to 24:00 UTC on a computer on UTC)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from app.loans.schedule import add_months

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def office_today() -> dt.date:
    """Today on a Shanghai office's clock, read when asked (a run may cross midnight)."""
    return dt.datetime.now(SHANGHAI).date()


def months_ago(months: int, day: int) -> dt.date:
    """The `day` of the month `months` before the office's current month. A test loan of twelve
    monthly instalments disbursed `months_ago(11, 10)` has ten or eleven instalments due and one
    or two still to come on whatever day the tests run: one disbursed on a fixed 2026-01-10 was
    wholly due from 2027-01-10, and paying its arrears then paid it off and closed its case."""
    return add_months(office_today().replace(day=1), -months).replace(day=day)
