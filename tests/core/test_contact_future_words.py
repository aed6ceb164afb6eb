"""A contact timed later than now is refused with the time as the agent typed it, on the clock
they typed it on ("2026-12-06 22:30"), not as Python prints a datetime ("2026-12-06
22:30:00+08:00", seconds and offset the contact window never shows)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from app.errors import ValidationError
from app.i18n import tr
from tests.core import test_contacts

office = test_contacts.office  # a small office: agent01's one case, a borrower in Shanghai


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_contact_in_the_future_is_refused_in_the_words_of_the_form(office, lang) -> None:
    tonight = (dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")) + dt.timedelta(hours=3)).replace(
        second=0, microsecond=0
    )
    with pytest.raises(ValidationError) as refused:
        test_contacts._log(office, at=tonight, outcome="no_answer")
    shown = tonight.strftime("%Y-%m-%d %H:%M")
    assert refused.value.translated(lang) == tr(
        "A contact cannot be logged in the future: {time}.", lang, time=shown
    )
    assert test_contacts._counts(office) == (0, 0)
