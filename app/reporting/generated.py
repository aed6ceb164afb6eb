"""Which reports were generated, when, by whom, for which days, in which language: every report
written to a PDF (from the Reports page, the training page or the CLI) leaves an audit entry,
since a document with the office's figures and people's names leaves the database. The Reports
page lists the latest to generate again; `casedesk report recent` prints them. A daily visit
sheet is audited as the Visits page audits it (`visit.sheet`, app/visits/sheet.py), wherever it
was printed, and listed with the reports."""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app import audit
from app.auth import Permission, can, require
from app.errors import ValidationError
from app.i18n import tr
from app.labels import LANGUAGE, REPORT_KIND, label
from app.models import AuditEntry, User
from app.office import office_timezone, office_today
from app.outfile import check_target, drop, kept_if_recorded, partial_of
from app.reporting.period import as_date, as_utc

COMPLIANCE, PORTFOLIO, ROSTER = "compliance", "portfolio", "training"
VISIT_SHEET = "visit_sheet"
PERMISSION = {
    COMPLIANCE: Permission.PRINT_REPORTS,
    PORTFOLIO: Permission.PRINT_REPORTS,
    ROSTER: Permission.PRINT_TRAINING_ROSTER,
    VISIT_SHEET: Permission.BOOK_VISITS,  # whose sheet is the core's to allow (day_sheets)
}
GENERATE = "report.generate"  # the audit action (written literally where recorded)
SHEET = "visit.sheet"  # a visit sheet's audit action (app/visits/sheet.py)


@dataclass(frozen=True)
class GeneratedReport:
    at: dt.datetime  # in the office's time zone
    by: str  # the person's display name
    kind: str  # COMPLIANCE, PORTFOLIO, ROSTER or VISIT_SHEET
    language: str
    start: dt.date | None = None  # the period's first and last day (not for the roster)
    end: dt.date | None = None
    as_of: dt.date | None = None  # the portfolio's ageing date, the roster's date
    empty: bool = False
    file: str = ""  # the file's name when the user named it (the CLI, a Save dialog)
    day: dt.date | None = None  # a visit sheet's day
    agent: str | None = None  # whose visit sheet: a user name, "" for every agent's
    agent_name: str = ""

    def title(self, lang: str | None = None) -> str:
        """The report's name; a visit sheet's says whose: "Daily visit sheet: 王芳"."""
        title = label(REPORT_KIND, self.kind, lang)
        if self.agent is None:
            return title
        whose = self.agent_name or self.agent or tr("every agent", lang)
        return tr("{report}: {agent}", lang, report=title, agent=whose)

    def language_name(self, lang: str | None = None) -> str:
        """The language the PDF was written in, named in `lang`: "English", "中文"."""
        return label(LANGUAGE, self.language, lang)

    def listed_title(self, lang: str | None = None) -> str:
        """The title as the lists show it (the Reports page, `report recent`): one written over
        an empty period says so, "Compliance report (no data)"."""
        return self.title(lang) + (tr(" (no data)", lang) if self.empty else "")

    def dates(self, lang: str | None = None) -> str:
        """The days it covers: "2026-11-01 – 2026-11-30, as of 2026-11-30"."""
        if self.day is not None:
            return f"{self.day:%Y-%m-%d}"
        period = f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}" if self.start and self.end else ""
        if self.as_of is None:
            return period
        day = f"{self.as_of:%Y-%m-%d}"
        if not period:
            return tr("As of {date}", lang, date=day)
        return tr("{period}, as of {date}", lang, period=period, date=day)


def _fingerprint(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def record_report(
    session: Session,
    user: User,
    kind: str,
    path: Path,
    lang: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    as_of: dt.date | None = None,
    empty: bool = False,
    file_name: str | None = None,
) -> AuditEntry:
    """Audit one written report: its kind, days, language, whether the period was empty, the
    PDF's fingerprint and, for a file the user named, its name."""
    require(user, PERMISSION[kind])
    changes: dict[str, Any] = {}
    if start is not None and end is not None:
        changes |= {"from": start, "to": end}
    if as_of is not None:
        changes["as_of"] = as_of
    changes |= {"language": lang, "empty": empty, "sha256": _fingerprint(path)}
    if file_name:
        changes["file"] = file_name
    return audit.record(session, user, "report.generate", "report", kind, changes)


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def recent_reports(session: Session, user: User, limit: int = 20) -> list[GeneratedReport]:
    """The latest reports generated in the office, newest first, of the kinds `user` may
    generate (a supervisor sees everyone's: the office shares its reports), for those who print
    reports: an agent prints their own visit sheet from the Visits page, and lists nothing."""
    kinds = [kind for kind, permission in PERMISSION.items() if can(user, permission)]
    if kinds in ([], [VISIT_SHEET]):
        require(user, Permission.PRINT_REPORTS)  # refused, with the usual message
    zone = zoneinfo.ZoneInfo(office_timezone(session))
    reports = [k for k in kinds if k != VISIT_SHEET]
    wanted = [and_(AuditEntry.action == GENERATE, AuditEntry.entity == "report",
                   AuditEntry.entity_id.in_(reports))]  # fmt: skip
    if VISIT_SHEET in kinds:
        sheets = and_(AuditEntry.action == SHEET, AuditEntry.entity == "user")
        if not can(user, Permission.VIEW_ALL_CASES):
            sheets = and_(sheets, AuditEntry.entity_id == user.username)
        wanted.append(sheets)
    rows = session.execute(
        select(
            AuditEntry.action, AuditEntry.at, AuditEntry.entity_id, AuditEntry.changes,
            User.display_name,
        )
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(or_(*wanted))
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )  # fmt: skip
    found = []
    for action, at, entity_id, changes, name in rows:
        changes = changes or {}
        common: dict[str, Any] = {
            "at": as_utc(at).astimezone(zone),
            "by": name or "",
            "language": str(changes.get("language", "en")),
        }
        if action == SHEET:
            found.append(_sheet_report(session, common, entity_id or "", changes))
            continue
        found.append(
            GeneratedReport(
                kind=entity_id,
                start=_day(changes.get("from")),
                end=_day(changes.get("to")),
                as_of=_day(changes.get("as_of")),
                empty=bool(changes.get("empty")),
                file=str(changes.get("file", "")),
                **common,
            )
        )
    return found


def _sheet_report(
    session: Session, common: dict[str, Any], agent: str, changes: dict[str, Any]
) -> GeneratedReport:
    """A visit sheet's print on the list: its day, whose, empty when it held no visit."""
    name = session.scalar(select(User.display_name).where(User.username == agent)) if agent else ""
    return GeneratedReport(
        kind=VISIT_SHEET,
        day=_day(changes.get("day")),
        agent=agent,
        agent_name=name or "",
        empty=not changes.get("visits"),
        file=str(changes.get("file", "")),
        **common,
    )


def write_report(
    session_factory: Callable[[], Any],
    user: User,
    kind: str,
    path: Path,
    lang: str,
    start: object = None,
    end: object = None,
    as_of: object = None,
    stage: Callable[[str], None] = lambda _text: None,
    file_name: str | None = None,
    wanted: Callable[[], bool] = lambda: True,
    *,
    day: object = None,
    agent: str = "",
) -> bool:
    """Gather, render and audit one report in a session of its own, telling `stage` what it is
    doing; True when the period was empty. The PDF is written beside `path` first and moved
    into place when whole, so a failure never leaves half a file; a report no longer `wanted`
    (cancelled while it was written) is removed and not recorded. A visit sheet is `agent`'s
    (a user name; "" for every agent's) for the office-local `day`."""
    if kind not in PERMISSION:
        raise ValidationError(
            "Unknown report {kind}; choose one of: {choices}.", kind=kind, choices=list(PERMISSION)
        )
    check_target(path)  # a device, a folder, no folder: said before the figures are gathered
    stage(tr("Gathering the figures…"))
    with session_factory() as session:
        if kind == VISIT_SHEET:
            report, render, empty, days = _sheets(session, user, agent, day)
        else:
            report, render, empty, days = _gather(
                session, user, kind, lang, start, end, as_of, stage
            )
        session.rollback()  # no read transaction held while laying out
        stage(tr("Laying out the PDF…"))
        partial = partial_of(path)
        try:
            render(report, partial, lang)
            keep = wanted()
            if keep:
                partial.replace(path)
        except OSError as error:  # named as the user named it, not as the file being written
            raise OSError(error.errno, error.strerror, str(path)) from None
        finally:
            drop(partial)
        if not keep:
            return empty
        with kept_if_recorded(session, path):
            if kind == VISIT_SHEET:  # audited as the Visits page audits a print, once
                from app.visits.sheet import record_sheets

                record_sheets(session, user, agent, days["day"], report, lang, file_name)
            else:
                record_report(
                    session, user, kind, path, lang, empty=empty, file_name=file_name, **days
                )
    return empty


def _gather(
    session: Session,
    user: User,
    kind: str,
    lang: str,
    start: object,
    end: object,
    as_of: object,
    stage: Callable[[str], None],
) -> tuple[Any, Callable[..., None], bool, dict[str, dt.date]]:
    """The report's data, its renderer, whether it is empty and the days it covers."""
    if kind == COMPLIANCE:
        from app.reporting.compliance import compliance_report
        from reports.compliance_report import render_compliance_report

        report = compliance_report(session, user, start, end, lang)
        days = {"start": report.period.start, "end": report.period.end}
        return report, render_compliance_report, report.empty, days
    if kind == PORTFOLIO:
        from app.reporting.portfolio import portfolio_report
        from reports.portfolio import render_portfolio

        folio = portfolio_report(session, user, as_of, start, end, lang, progress=stage)
        days = {"start": folio.period.start, "end": folio.period.end, "as_of": folio.as_of}
        return folio, render_portfolio, folio.empty, days
    from app.training.roster import roster_data
    from reports.roster import render_roster

    if as_of is None:  # the office's today, not this computer's
        day = office_today(session)
    else:
        day = as_of if isinstance(as_of, dt.date) else as_date(as_of, "as-of")
    roster = roster_data(session, user, day, lang)
    return roster, render_roster, not roster.agents, {"as_of": roster.as_of}


def _sheets(
    session: Session, user: User, agent: str, day: object
) -> tuple[Any, Callable[..., None], bool, dict[str, dt.date]]:
    """A day's visit sheets (one agent's or every agent's), as `_gather` gives a report."""
    from app.visits.sheet import day_sheets
    from reports.visit_sheet import render_visit_sheets

    when = day if isinstance(day, dt.date) else as_date(day, "day")
    sheets = day_sheets(session, user, agent, when)
    return sheets, render_visit_sheets, not any(s.visits for s in sheets), {"day": when}
