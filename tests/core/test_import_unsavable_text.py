"""An import file whose cells hold a character no one typed — a direction override in a name,
an escape in an employer, a zero-width space in an address — is a problem of that row and
column, and nothing is imported: imports write without the ORM, so the guard every other use
case passes (app.text_guard) did not see them, and 张\u202e三 was kept. A training file's
trainer and evidence are held to the same rule, and its evidence to the notes' length."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from app.importer import import_file
from app.models import Borrower, TrainingRecord, User
from app.training.importer import import_training
from tests.core import importer_files as f
from tests.core.test_import_fullwidth import office as office  # an empty office, admin pw-a

TODAY = dt.date(2026, 11, 28)


def test_a_borrower_file_with_such_characters_imports_nothing(office, tmp_path: Path) -> None:
    rows = f.borrowers(3)
    rows[0][1] = "张\u202e三"
    rows[1][7] = "某\x1b公司"
    rows[2][4] = "幸福路\u200b3号"
    path = f.write_csv(tmp_path / "borrowers.csv", f.BORROWER_ZH, rows, encoding="utf-8")
    with office.session(write_lock=True) as s:
        actor = s.scalar(select(User).where(User.username == "admin"))
        report = import_file(s, actor, "borrowers", path, today=TODAY)
    found = {(p.row, p.column, p.message.split(" holds ")[1].split(",")[0]) for p in report.errors}
    assert found == {
        (2, "姓名", "a text-direction control (U+202E RIGHT-TO-LEFT OVERRIDE)"),
        (3, "工作单位", "a control character (U+001B)"),
        (4, "地址", "an invisible character (U+200B ZERO WIDTH SPACE)"),
    }
    assert not report.imported
    with office.session() as s:
        assert s.scalar(select(func.count(Borrower.id))) == 0


def test_a_training_file_says_which_row_and_column(demo_db, tmp_path: Path) -> None:
    path = tmp_path / "training.csv"
    path.write_text(
        "agent,course,date,score,trainer,evidence\n"
        "agent02,COMM,2026-11-20,88,Tr\x1bainer,certificate 17\n"
        f"agent02,NEGO,2026-11-20,88,Trainer,{'证' * 3000}\n",
        encoding="utf-8",
    )
    with demo_db.session() as s:
        before = s.scalar(select(func.count(TrainingRecord.id)))
        actor = s.scalar(select(User).where(User.username == "admin"))
        result = import_training(s, actor, path, today=TODAY)
    assert [(e.line, e.column) for e in result.errors] == [(2, "trainer"), (3, "evidence")]
    assert "holds a control character (U+001B)" in result.errors[0].message
    assert result.errors[1].message == "The text is too long: 3,000 characters, at most 2,000."
    with demo_db.session() as s:
        assert s.scalar(select(func.count(TrainingRecord.id))) == before
