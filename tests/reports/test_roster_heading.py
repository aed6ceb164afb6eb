"""The roster's "Agents" heading stands on one page with its table's header and first agent:
found by QA, the period reports' headings could end a page alone, and the roster's (a plain
heading) too, once an office's courses filled the summary down to the page's foot."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from app.i18n import tr
from app.models import User
from app.training.records import add_course
from app.training.roster import roster_data
from reports.roster import render_roster
from tests.reports.headed_pages import assert_headed
from tests.reports.test_roster import AS_OF
from tests.reports.test_roster import office as office  # two agents, the four default courses

LONG = "Collection conduct refresher, module {n}: the law, the borrower's dignity and privacy"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_agents_heading_keeps_its_first_rows_as_courses_fill_the_summary(office, lang) -> None:  # type: ignore[no-untyped-def]
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        for n in range(1, 15):  # each a summary row of two or three lines: "Agents" walks down
            name = LONG.format(n=n)
            add_course(
                s,
                admin,
                code=f"REF{n}",
                name_zh=f"催收行为复训模块 {n}：法律、借款人的尊严与隐私" * 2,
                name_en=name,
                validity_months=12,
                pass_mark=60,
                required_for="none",
            )
            buf = io.BytesIO()
            render_roster(roster_data(s, admin, AS_OF, lang), buf, lang)
            agents = tr("Agents", lang=lang)
            assert_headed(buf.getvalue(), {agents: (tr("Agent", lang=lang), "agent01")}, [])
