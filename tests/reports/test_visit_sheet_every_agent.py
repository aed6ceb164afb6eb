"""Every agent's visit sheets printed in one PDF (the Reports page's "Every agent"): each sheet
starts on a new page so the supervisor can hand it out, and every page's running header names the
agent whose sheet it is. Found by QA at a month end on a big office: an agent's second page said
only "Every agent · 2026-12-03" above its visits (the borrowers' names, addresses and phones), so
a page that came apart from the first could not be told whose it was."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from pypdf import PdfReader

from app.i18n import tr
from app.models import VisitStatus
from app.queries.visits import SheetVisit, VisitSheet
from reports.visit_sheet import render_visit_sheets

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 12, 3)
# Six visits fill more than a page; the second agent's visits are numbered from 101.
AGENTS = (("agent12", "周峰", range(1, 7)), ("agent13", "薛柳", range(101, 102)))


def _visit(n: int) -> SheetVisit:
    start = dt.datetime.combine(DAY, dt.time(8 + n % 100), ZONE)
    return SheetVisit(
        visit_no=f"V2026-{n:06d}",
        case_no=f"C2026-{n:06d}",
        start=start,
        end=start + dt.timedelta(hours=1),
        status=VisitStatus.BOOKED,
        borrower=f"借款人{n}",
        masked_id="110101********1234",
        address="北京市朝阳区建国路1号院",
        phone="+8613812345678",
        amount_overdue=100_000 * n,
        partners=("李强",),
        consent_to_enter=True,
    )


def _sheets() -> list[VisitSheet]:
    at = dt.datetime(2026, 12, 1, 9, 30, tzinfo=ZONE)
    return [
        VisitSheet("示范营业部", "值班主管 400-800-0000", user, name, "", DAY, "Asia/Shanghai", at,
                   [_visit(n) for n in visits], ("CN 2026.7",))
        for user, name, visits in AGENTS
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_every_page_of_every_agents_sheets_names_its_agent(lang: str) -> None:
    out = io.BytesIO()
    render_visit_sheets(_sheets(), out, lang)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages]
    said = {
        user: tr("{name} ({username})", lang, name=name, username=user) + f" · {DAY}"
        for user, name, _visits in AGENTS
    }
    # The first agent's sheet runs onto a second page (a visit is never cut across pages); the
    # second agent's starts on a page of its own.
    assert len(pages) >= 3 and "V2026-000101" in pages[-1] and "V2026-000006" in pages[-2]
    for text in pages:
        whose = "agent13" if "V2026-000101" in text else "agent12"
        other = "agent12" if whose == "agent13" else "agent13"
        lines = text.splitlines()
        assert any(line.endswith(said[whose]) for line in lines), (whose, lines[:3])
        assert not any(line.endswith(said[other]) for line in lines), (other, lines[:3])
        assert tr("Every agent", lang) not in text
