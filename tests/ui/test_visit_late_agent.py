"""The dashboard's late check-outs tile, clicked by an agent in the window, opens the Visits page
with the late check-out banner listing their own late visits (not another team's, and without
Resolve…); a supervisor's banner lists both. `casedesk visit alerts` is scoped the same way."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from app.models import Visit
from app.visits import check_in, late_visits
from tests.core.test_visits import come_due
from tests.core.visit_office import book, case_nos, login, slot, verified_visit
from tests.ui.test_visit_reschedule_dialog import database  # noqa: F401 (fixture)
from tests.ui.test_visits_page import grab

pytestmark = pytest.mark.gui


def _late(db, case_index: int, team: tuple[str, str]) -> str:
    """A visit of `team` checked in and now two hours past its end, with no check-out."""
    number = verified_visit(db, case_nos(db)[case_index])  # agent01's cases, booked by them
    assert book(db, number, agents=team, start=slot(10)).saved
    come_due(db, number)
    user = login(db, team[0])
    with db.session() as s:
        check_in(s, s.get(type(user), user.id), number)
    ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    with db.session() as s:
        s.execute(
            update(Visit)
            .where(Visit.visit_no == number)
            .values(scheduled_start=ago - dt.timedelta(hours=1), scheduled_end=ago)
        )
    return number


def _window(qtbot, db, username: str):  # type: ignore[no-untyped-def]  # noqa: F811
    from ui.main_window import MainWindow

    window = MainWindow(db, login(db, username))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_an_agent_clicking_the_late_tile_sees_their_own_late_check_outs(
    qtbot,
    database,  # noqa: F811
    screenshot_dir,
):
    mine = _late(database, 0, ("agent01", "agent02"))
    theirs = _late(database, 1, ("agent03", "agent02"))
    window = _window(qtbot, database, "agent01")
    window.dashboard.refresh()
    qtbot.waitUntil(lambda: window.dashboard.figures is not None, timeout=5000)
    assert window.dashboard.figures.visits_late_checkout == 1  # the tile counts agent01's own
    window.dashboard.tiles["late_checkouts"].clicked.emit()
    page = window.visits
    assert window.stack.currentWidget() is page
    assert page.banner.isVisible()
    assert mine in page.banner_text.text() and theirs not in page.banner_text.text()
    assert page.resolve_button.isHidden()  # resolving stays a supervisor's
    grab(window, screenshot_dir / "visits_late_banner_agent.png")
    boss = _window(qtbot, database, "supervisor")
    boss.open_list("visits", "late")
    text = boss.visits.banner_text.text()
    assert mine in text and theirs in text and boss.visits.resolve_button.isVisible()
    with database.sessions() as s:
        assert [v.visit_no for v in late_visits(s, viewer=login(database, "agent03"))] == [theirs]
        assert {v.visit_no for v in late_visits(s, viewer=login(database, "agent02"))} == {
            mine,
            theirs,
        }


def test_the_late_check_out_tile_tells_each_reader_their_part(
    qtbot,
    database,  # noqa: F811
) -> None:
    """A supervisor reading "alert the supervisor" was told nothing to do: they are told to call
    the team; an agent, that the supervisor is alerted. (Its own late visit: the demo office
    has one only when built after a team's morning visit ran late, never in the small hours.)"""
    _late(database, 0, ("agent01", "agent02"))
    for username, words in (("supervisor", "call the team"), ("agent01", "alert the supervisor")):
        window = _window(qtbot, database, username)
        window.dashboard.refresh()
        qtbot.waitUntil(lambda w=window: w.dashboard.figures is not None, timeout=5000)
        tile = window.dashboard.tiles["late_checkouts"]
        assert tile.value.text() == "1"
        assert tile.detail.text().startswith(f"1 past its end without check-out: {words}"), (
            tile.detail.text()
        )
        window.close()
