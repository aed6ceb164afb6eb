"""The Compliance log page: a contact logged after the fact (a call recorded today for 23:00
twenty days ago, refused) says beside its time when it was recorded, and its tooltip says so, as
the compliance report's row does (QA s47 K finding 1); a contact recorded at its time says nothing
more; the export's last column gives when each entry was recorded. English and Chinese, real
widgets, a real database; screenshots."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from app.contacts import log_contact
from app.export import export_rows
from app.i18n import set_language, tr
from app.models import BlockedAttempt, Case, User
from app.wall_clock import wall_time
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.visit_office import build_visit_office, case_nos, login
from tests.office_day import office_today
from ui.pages.compliance_log import COLUMNS

pytestmark = pytest.mark.gui
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _night() -> dt.datetime:
    day = office_today() - dt.timedelta(days=20)
    return dt.datetime.combine(day, dt.time(23, 0), SHANGHAI)


@pytest.fixture
def office(template_db: Path, tmp_path: Path, qapp: QApplication) -> Iterator[Any]:
    from ui.app import application

    application()
    database = open_database(shutil.copyfile(template_db, tmp_path / "c.db"), TEST_KEY)
    build_visit_office(database)
    first = case_nos(database)[0]
    with database.session(write_lock=True) as s:
        s.execute(update(Case).values(opened_on=office_today() - dt.timedelta(days=60)))
    with database.session(write_lock=True) as s:
        boss = s.get_one(User, login(database, "supervisor").id)
        result = log_contact(
            s, boss, first, channel="call", party="borrower", at=_night(), outcome="no_answer"
        )
        assert result.attempt is None  # refused: quiet hours
    with database.session() as s:
        made = s.scalars(select(BlockedAttempt.created_at).order_by(BlockedAttempt.id)).all()
    yield database, first, wall_time(made[-1], SHANGHAI)
    database.close()
    set_language("en")


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_back_dated_contact_says_when_it_was_recorded(
    qtbot, office, lang, screenshot_dir, tmp_path
) -> None:
    from ui.main_window import MainWindow

    database, case_no, recorded = office
    set_language(lang)
    window = MainWindow(database, login(database, "supervisor"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(window.compliance_log)
    model = window.compliance_log.model
    titles = [c.header for c in COLUMNS]
    when, case = titles.index("When"), titles.index("Case no.")
    rows = [r for r in range(model.rowCount()) if model.data(model.index(r, case)) == case_no]
    texts = [model.data(model.index(r, when)) for r in rows]
    stated = f"{_night():%Y-%m-%d %H:%M}"
    assert tr("{when} (recorded {recorded})", lang, when=stated, recorded=recorded) in texts
    row = rows[
        texts.index(tr("{when} (recorded {recorded})", lang, when=stated, recorded=recorded))
    ]
    tip = model.data(model.index(row, when), Qt.ItemDataRole.ToolTipRole)
    assert tr("Recorded {when}, later than the time it gives.", lang, when=recorded) in tip
    window.grab().save(str(screenshot_dir / f"compliance_log_recorded_later_{lang}.png"))
    # The export's last column: when each entry was recorded (today, for the back-dated call).
    with database.session() as s:
        export_rows(
            s, s.get(User, login(database, "supervisor").id), "compliance", tmp_path / "l.csv"
        )
    with open(tmp_path / "l.csv", encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[0][-1] == tr("Recorded", lang)
    [line] = [r for r in table[1:] if r[0].startswith(stated)]
    assert line[-1].startswith(recorded), line
