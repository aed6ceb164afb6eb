"""A case closed without a recorded reason (an older or imported record): its story says the
reason was not recorded, in `case show` and the case page's timeline, never "(None)"; a case
closed with one still names it. English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import TEST_KEY


@pytest.fixture
def office(monkeypatch, demo_path: Path) -> tuple[list[str], str, str]:  # type: ignore[no-untyped-def]
    """The demo office with one closed case's reason cleared: (--db args, that case, another
    closed case that keeps its reason)."""
    from app.models import Case, CaseStatus
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    with database.session() as s:
        closed = s.scalars(
            select(Case)
            .where(Case.status == CaseStatus.CLOSED, Case.close_reason.is_not(None))
            .order_by(Case.id)
            .limit(2)
        ).all()
        assert len(closed) == 2, "the demo office has no two closed cases"
        closed[0].close_reason = None
        numbers = closed[0].case_no, closed[1].case_no
    database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)], *numbers


@pytest.mark.parametrize(
    ("lang", "closed", "unknown"),
    [("en", "Case closed (", "Case closed (reason not recorded)"),
     ("zh_CN", "案件结案（", "案件结案（未记录原因）")],
)  # fmt: skip
def test_case_show_says_the_reason_was_not_recorded(cli, office, lang, closed, unknown) -> None:  # type: ignore[no-untyped-def]
    env, without, with_reason = office
    code, out, err = cli("--lang", lang, "case", "show", without, *env)
    assert code == 0, err
    assert unknown in out and "None)" not in out and "None）" not in out, out
    code, out, err = cli("--lang", lang, "case", "show", with_reason, *env)
    assert code == 0, err
    assert closed in out and unknown not in out and "None)" not in out and "None）" not in out, out


def test_the_case_pages_timeline_says_it_too(demo_path: Path, office) -> None:  # type: ignore[no-untyped-def]
    from app.models import User
    from app.queries.case_page import case_detail
    from db.store import open_database

    _env, without, _with = office
    database = open_database(demo_path, TEST_KEY)
    with database.session() as s:
        sup = s.scalar(select(User).where(User.username == "supervisor"))
        titles = [item.title for item in case_detail(s, sup, without, "zh_CN").timeline]
    database.close()
    assert "案件结案（未记录原因）" in titles
