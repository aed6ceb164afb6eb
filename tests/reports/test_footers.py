"""Every Casedesk PDF names, on every page, the office, its period or day, when it was generated
and the rule-set version in force ("CN 2026.7" as the compliance report names it), with "page X
of Y": the agreement, the compliance and portfolio reports, the training roster and the daily
visit sheet, in English and Chinese, parsed back from the PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
import zoneinfo
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.agreements import gather_document
from app.compliance.versions import change_parameters
from app.models import Agreement, RuleSetVersion, User, Visit, VisitStatus
from app.office import get_office, office_timezone, office_today
from app.reporting.generated import write_report
from app.reporting.period import version_label, versions_on_day
from reports.agreement import render_agreement

SAYS = {  # the footer's words for the version and the page, as reports/base.py writes them
    "en": ("Rule set {version}", "Page {page} of {pages}"),
    "zh_CN": ("规则集 {version}", "第 {page} 页，共 {pages} 页"),
}


def _user(session, name: str) -> User:
    return session.scalar(select(User).where(User.username == name))


def _edited(session) -> str:
    """A new CN version stored now (an admin's edit): the label the footers must name."""
    row = change_parameters(session, _user(session, "admin"), "daily_attempt_cap", {"max": 5})
    session.commit()
    return version_label(row.jurisdiction, row.version)


def _visit_day(session) -> dt.date:
    """The office-local day of the demo's first visit still booked (today or later)."""
    start = session.scalar(
        select(Visit.scheduled_start)
        .where(Visit.status == VisitStatus.BOOKED, Visit.scheduled_start.is_not(None))
        .order_by(Visit.scheduled_start)
    )
    assert start is not None
    zone = zoneinfo.ZoneInfo(office_timezone(session))
    return start.replace(tzinfo=dt.UTC).astimezone(zone).date()


def _framed(text: str, lang: str, version: str, page: int, pages: int, office: str) -> None:
    words, page_words = SAYS[lang]
    # A period's footer lists every version in force in it: the edited one last.
    said = words.format(version="")
    line = next(line for line in text.splitlines() if said in line)
    assert line.endswith(version) or f"{version} " in line, line
    assert page_words.format(page=page, pages=pages) in text
    assert office in text
    assert ("Generated " if lang == "en" else "生成于 ") in text


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_pdf_names_the_rule_set_on_its_first_and_last_page(demo_db, tmp_path, lang) -> None:
    with demo_db.sessions() as s:
        version = _edited(s)
        today = office_today(s)
        office = get_office(s).name
        visit_day = _visit_day(s)
        supervisor = _user(s, "supervisor")
        # Not signed: a signed one names the version of its signing day, before the edit.
        number = s.scalar(
            select(Agreement.agreement_no)
            .where(Agreement.signed_on.is_(None))
            .order_by(Agreement.id)
        )
        agreement = io.BytesIO()
        render_agreement(gather_document(s, supervisor, number), agreement)
        s.commit()
    period = (today - dt.timedelta(days=30), today)
    files: dict[str, tuple[Path, str]] = {}  # the file and the days its header names
    for kind, extra, days in [
        ("compliance", {"start": period[0], "end": period[1]}, f"{period[0]} {period[1]}"),
        ("portfolio", {"start": period[0], "end": period[1], "as_of": today}, f"{today}"),
        ("training", {"as_of": today}, f"{today}"),
        ("visit_sheet", {"day": visit_day, "agent": ""}, f"{visit_day}"),
    ]:
        path = tmp_path / f"{kind}-{lang}.pdf"
        write_report(demo_db.sessions, supervisor, kind, path, lang, **extra)
        files[kind] = (path, days)
    readers = {kind: (PdfReader(path), days) for kind, (path, days) in files.items()}
    readers["agreement"] = (PdfReader(io.BytesIO(agreement.getvalue())), number)
    for kind, (reader, days) in readers.items():
        pages = len(reader.pages)
        numbers = _sheet_numbers(reader) if kind == "visit_sheet" else None
        for page in sorted({1, pages}):
            text = reader.pages[page - 1].extract_text()
            assert all(day in text for day in days.split()), (kind, page)
            if kind == "agreement":  # bilingual: both languages' footers, whatever `lang`
                for one in SAYS:
                    _framed(text, one, version, page, pages, office)
            else:
                number, of = numbers[page - 1] if numbers else (page, pages)
                _framed(text, lang, version, number, of, office)


def _sheet_numbers(reader: PdfReader) -> list[tuple[int, int]]:
    """Every agent's sheets number each agent's pages on their own (the header names whose)."""
    whose = [re.findall(r"[(（](agent\d+)[)）]", page.extract_text())[0] for page in reader.pages]
    return [(whose[: k + 1].count(agent), whose.count(agent)) for k, agent in enumerate(whose)]


def test_a_day_long_document_names_the_version_in_force_on_its_day(demo_db, tmp_path) -> None:
    """The roster as of a day before an admin's edit names the version then in force, not the
    edited one; as of today, the edited one; a visit sheet for a day to come, the one in force."""
    with demo_db.sessions() as s:
        today = office_today(s)
        zone = zoneinfo.ZoneInfo(office_timezone(s))

        def noon(days_ago: int) -> dt.datetime:
            return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(12), zone)

        before = s.scalar(select(RuleSetVersion).where(RuleSetVersion.active))
        old = version_label(before.jurisdiction, before.version)
        before.created_at = noon(40)  # stored long ago, as an office's first version is
        new = _edited(s)
        s.scalar(select(RuleSetVersion).where(RuleSetVersion.active)).created_at = noon(10)
        s.commit()
        assert versions_on_day(s, today - dt.timedelta(days=20)) == (old,)
        assert versions_on_day(s, today - dt.timedelta(days=10)) == (old, new)  # edited that day
        assert versions_on_day(s, today + dt.timedelta(days=3)) == (new,)
        supervisor = _user(s, "supervisor")
    for days_ago, lang, says, not_said in [
        (20, "en", f"Rule set {old}", new),  # the new label starts with the old one
        (10, "zh_CN", f"规则集 {old}、{new}", None),
        (0, "zh_CN", f"规则集 {new}", f"{old}、"),
    ]:
        as_of = today - dt.timedelta(days=days_ago)
        path = tmp_path / f"roster-{days_ago}-{lang}.pdf"
        write_report(demo_db.sessions, supervisor, "training", path, lang, as_of=as_of)
        reader = PdfReader(path)
        for page in (reader.pages[0], reader.pages[-1]):
            text = page.extract_text()
            assert says in text
            assert not_said is None or not_said not in text
    sheet = tmp_path / "sheet.pdf"
    day = today + dt.timedelta(days=3)
    write_report(demo_db.sessions, supervisor, "visit_sheet", sheet, "en", day=day, agent="agent01")
    text = PdfReader(sheet).pages[-1].extract_text()
    assert f"Rule set {new}" in text and f"{day}" in text
