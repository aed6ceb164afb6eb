"""Whether this computer's clock keeps the office's time. Casedesk dates the day's work (the
queue, days past due, promises, payments, agreements, training) and shows stored times on the
office's clock; a computer left on another zone (a new machine on UTC or on its maker's zone)
shows other dates and times than Casedesk's for hours each day, which misleads whoever types a
time by it; the window and `db status` say so."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.i18n import tr
from app.office import get_office


def utc_offset(offset: dt.timedelta) -> str:
    """An offset as people read it: UTC+08:00, UTC-05:00, UTC+05:45."""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


@dataclass(frozen=True)
class Clocks:
    office_zone: str
    office: dt.timedelta  # the office zone's offset from UTC now
    computer: dt.timedelta  # this computer's

    @property
    def agree(self) -> bool:
        return self.office == self.computer

    def short(self, lang: str | None = None) -> str:
        """One line for a status bar or `db status`."""
        if self.agree:
            return tr(
                "This computer keeps the office's time ({zone}).", lang, zone=self.office_zone
            )
        return tr(
            "This computer's clock is on {computer}, the office's on {office}.",
            lang,
            computer=utc_offset(self.computer),
            office=utc_offset(self.office),
        )

    def advice(self, lang: str | None = None) -> str:
        """What goes wrong and what to do, for the details box."""
        return tr(
            "This computer's clock is set to {computer}; the office's time zone, {zone}, is "
            "{office}. Casedesk dates the day's work and shows every time on the office's clock, "
            "so for part of each day its dates and times differ from this computer's clock (file "
            "names keep this computer's). Set this computer's time zone to the office's; if the "
            "office's time zone is the wrong one, an admin corrects it in Settings.",
            lang,
            computer=utc_offset(self.computer),
            zone=self.office_zone,
            office=utc_offset(self.office),
        )


def clocks(session: Session, now: dt.datetime | None = None) -> Clocks | None:
    """This computer's offset from UTC beside the office zone's, at `now` (default: now); None
    before an office exists."""
    office = get_office(session)
    if office is None:
        return None
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    zone = zoneinfo.ZoneInfo(office.timezone)
    computer = moment.astimezone().utcoffset() or dt.timedelta()
    return Clocks(office.timezone, moment.astimezone(zone).utcoffset() or dt.timedelta(), computer)
