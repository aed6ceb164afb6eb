"""Visits whose team must be staffed anew, some with their booked start passed and some to come
(s46's note): the Visits page's banner and `visit alerts` said "its time can stay" of them all,
though a passed start cannot be kept. The advice now asks a new time where the start passed.
English and Chinese; the visits are built as the banner reads them, a day either side of now."""

from __future__ import annotations

import datetime as dt

import pytest

from app.i18n import set_language
from app.visits.team_gone import GoneTeamVisit, restaff_advice
from ui.pages.visits_gone import gone_banner_text

ZONE = dt.UTC
NOW = dt.datetime.now(dt.UTC)


def _visit(number: str, days: int) -> GoneTeamVisit:
    start = NOW + dt.timedelta(days=days)
    return GoneTeamVisit(
        number, "C1", "王芳", ("agent01", "agent02"), ("张伟", "李强"), ("agent02",), start,
        start + dt.timedelta(hours=1),
    )  # fmt: skip


MIXED = {
    "en": "and a new time where its booked start has passed",
    "zh_CN": "原定开始时间已过的还要选择新的时间",
}
STAYS = {"en": "its time can stay", "zh_CN": "时间可以不变"}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_banner_asks_a_new_time_where_the_start_passed(lang) -> None:
    set_language(lang)
    try:
        mixed = gone_banner_text([_visit("V1", -1), _visit("V2", 1)], ZONE)
        assert MIXED[lang] in mixed and STAYS[lang] not in mixed
        to_come = gone_banner_text([_visit("V2", 1), _visit("V3", 2)], ZONE)
        assert STAYS[lang] in to_come and MIXED[lang] not in to_come
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_visit_alerts_words_for_a_mixed_list(lang) -> None:
    """The words `visit alerts` prints above such a list (app/cli/cmd_visit_lists.py)."""
    words = restaff_advice(lang, count=2, passed=False, some_passed=True)
    assert STAYS[lang] not in words
    assert (
        "and a new time where its booked start has passed" if lang == "en" else "改到新的时间"
    ) in words
    assert STAYS[lang] in restaff_advice(lang, count=2)
