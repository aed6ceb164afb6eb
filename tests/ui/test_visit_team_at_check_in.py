"""A visit's team is checked again at check-in (found by QA): a partner whose account was
deactivated after the booking, or an agent whose field training lapsed since, stops the visit
from starting, with what to do (a supervisor staffs it anew); the core, the Visits page and the
command line say the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.accounts import deactivate_user
from app.errors import ValidationError
from app.i18n import set_language
from app.models import TrainingRecord, User, Visit, VisitStatus
from app.visits import check_in
from tests.core.test_visits import come_due
from tests.core.visit_office import book, case_nos, login, verified_visit
from tests.office_day import office_today
from tests.ui.test_visit_reschedule_zone import database  # noqa: F401 (a fixture)
from tests.ui.test_visits_page import grab, visits_page

pytestmark = pytest.mark.gui
GONE = "Visit {number} cannot start: a deactivated account is on its team (李强)."
UNTRAINED = "Visit {number} cannot start: no valid field training on {day} for 李强."


def _due(db, n: int = 0) -> str:  # type: ignore[no-untyped-def]
    """A visit of agent01 and agent02 (李强) on the office's n-th case, begun five minutes ago."""
    number = verified_visit(db, case_nos(db)[n])
    assert book(db, number, ("agent01", "agent02")).saved
    come_due(db, number, dt.timedelta(minutes=5))
    return number


def _check_in(db, number: str) -> None:  # type: ignore[no-untyped-def]
    user = login(db, "agent01")
    with db.session() as s:
        check_in(s, s.get(User, user.id), number)


def _status(db, number: str) -> VisitStatus:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return s.scalar(select(Visit.status).where(Visit.visit_no == number))


def test_a_deactivated_partner_stops_the_check_in(database) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = _due(database)
    admin = login(database, "admin")
    with database.session() as s:
        deactivate_user(s, s.get(User, admin.id), "agent02")
    with pytest.raises(ValidationError) as refused:
        _check_in(database, number)
    assert refused.value.translated("en").startswith(GONE.format(number=number))
    assert "A supervisor staffs the visit anew" in refused.value.translated("en")
    assert "已停用" in refused.value.translated("zh_CN")
    assert _status(database, number) is VisitStatus.BOOKED


def test_training_lapsed_since_the_booking_stops_the_check_in(database) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = _due(database)
    today = office_today()
    with database.session() as s:
        agent = s.scalar(select(User.id).where(User.username == "agent02"))
        s.execute(
            update(TrainingRecord)
            .where(TrainingRecord.agent_id == agent)
            .values(expires_on=today - dt.timedelta(days=1))
        )
    with pytest.raises(ValidationError) as refused:
        _check_in(database, number)
    said = refused.value.translated("en")
    assert said.startswith(UNTRAINED.format(number=number, day=today.isoformat())), said
    assert _status(database, number) is VisitStatus.BOOKED
    with database.session() as s:  # trained again: the same visit starts
        s.execute(
            update(TrainingRecord)
            .where(TrainingRecord.agent_id == agent)
            .values(expires_on=today + dt.timedelta(days=200))
        )
    _check_in(database, number)
    assert _status(database, number) is VisitStatus.IN_PROGRESS


def test_the_visits_page_says_why(qtbot, database, screenshot_dir) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    number = _due(database)
    admin = login(database, "admin")
    with database.session() as s:
        deactivate_user(s, s.get(User, admin.id), "agent02")
    set_language("zh_CN")
    try:
        page = visits_page(qtbot, database, "agent01")
        page.show_week(office_today())
        page.select(number)
        assert not page.checkin_button.isEnabled()  # off, the core's reason its tip
        tip = page.checkin_button.toolTip()
        assert "已停用" in tip and number in tip
        assert page.check_in_selected() is False  # the core refuses it anyway
        assert page.message.isVisible() and "已停用" in page.message.text()
        assert number in page.message.text()
        grab(page, Path(screenshot_dir) / "visit_team_check_in_zh_CN.png")
    finally:
        set_language("en")
    assert _status(database, number) is VisitStatus.BOOKED
