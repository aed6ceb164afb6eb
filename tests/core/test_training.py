"""Training: expiry arithmetic, failed attempts, re-takes, gating, validation, import."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest
from sqlalchemy import func, select

from app.auth import add_user
from app.errors import PermissionDenied, ValidationError
from app.models import TrainingRecord, User
from app.office import create_office
from app.training import CourseStatus, WorkKind, agent_training, check_qualified, record_training
from app.training.importer import import_training, imported_text
from app.training.records import add_course, find_course
from app.training.status import expiry_for

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup")
        add_user(s, admin, "agent01", "agent", "pw-agent", "王芳")
        add_user(s, admin, "agent02", "agent", "pw-agent", "李强")
    return db


def _users(s):
    return {u.username: u for u in s.scalars(select(User))}


def _pass_all(s, who, day, codes=("COMM", "NEGO", "LAW", "SAFE")):
    u = _users(s)
    for code in codes:
        record_training(
            s, u["supervisor"], u[who], find_course(s, code), taken_on=day, score=90, today=TODAY
        )


def test_expiry_boundary_day():
    assert expiry_for(dt.date(2025, 11, 28), 12) == dt.date(2026, 11, 27)
    assert expiry_for(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 27)


def test_status_at_the_boundary(office):
    with office.session() as s:
        _pass_all(s, "agent01", dt.date(2025, 11, 28))
        agent = _users(s)["agent01"]
        last_valid = agent_training(s, agent.id, dt.date(2026, 11, 27))
        day_after = agent_training(s, agent.id, dt.date(2026, 11, 28))
        month_before = agent_training(s, agent.id, dt.date(2026, 10, 28))
        well_before = agent_training(s, agent.id, dt.date(2026, 10, 27))
    assert {c.status for c in last_valid.courses} == {CourseStatus.EXPIRING}
    assert {c.status for c in day_after.courses} == {CourseStatus.LAPSED}
    assert {c.status for c in month_before.courses} == {CourseStatus.EXPIRING}  # 30 days left
    assert {c.status for c in well_before.courses} == {CourseStatus.VALID}  # 31 days left


def test_failed_attempt_does_not_renew_and_retake_does(office):
    with office.session() as s:
        u = _users(s)
        _pass_all(s, "agent01", dt.date(2025, 6, 1))
        law = find_course(s, "LAW")  # pass mark 70
        failed = record_training(
            s,
            u["supervisor"],
            u["agent01"],
            law,
            taken_on=dt.date(2026, 6, 1),
            score=69,
            today=TODAY,
        )
        assert not failed.passed and failed.expires_on is None
        state = {c.code: c for c in agent_training(s, u["agent01"].id, TODAY).courses}
        assert state["LAW"].status is CourseStatus.LAPSED
        assert state["LAW"].last_score == 69 and state["LAW"].expires_on == dt.date(2026, 5, 31)
        record_training(
            s,
            u["supervisor"],
            u["agent01"],
            law,
            taken_on=dt.date(2026, 7, 1),
            score=70,
            today=TODAY,
        )
        state = {c.code: c for c in agent_training(s, u["agent01"].id, TODAY).courses}
        assert state["LAW"].status is CourseStatus.VALID
        assert state["LAW"].expires_on == dt.date(2027, 6, 30)


def test_gating_field_vs_phone(office):
    with office.session() as s:
        u = _users(s)
        _pass_all(s, "agent01", dt.date(2026, 3, 1), codes=("COMM", "NEGO", "LAW"))
        _pass_all(s, "agent01", dt.date(2025, 3, 1), codes=("SAFE",))  # lapsed field safety
        check_qualified(s, u["agent01"].id, WorkKind.PHONE, TODAY)  # phone work still fine
        with pytest.raises(ValidationError, match="Field safety"):
            check_qualified(s, u["agent01"].id, WorkKind.FIELD, TODAY)
        with pytest.raises(ValidationError, match="phone work"):
            check_qualified(s, u["agent02"].id, WorkKind.PHONE, TODAY)  # never trained


@pytest.mark.parametrize(
    "score,day,match",
    [
        (130, dt.date(2026, 1, 1), "0 to 100"),
        (-1, dt.date(2026, 1, 1), "0 to 100"),
        (80, dt.date(2026, 12, 1), "future"),
    ],
)
def test_bad_records_are_refused(office, score, day, match):
    with pytest.raises(ValidationError, match=match), office.session() as s:
        u = _users(s)
        record_training(
            s,
            u["supervisor"],
            u["agent01"],
            find_course(s, "COMM"),
            taken_on=day,
            score=score,
            today=TODAY,
        )
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(TrainingRecord)) == 0


def test_agents_cannot_edit_training(office):
    with pytest.raises(PermissionDenied), office.session() as s:
        u = _users(s)
        record_training(
            s,
            u["agent01"],
            u["agent01"],
            find_course(s, "COMM"),
            taken_on=dt.date(2026, 1, 1),
            score=99,
            today=TODAY,
        )


def test_course_catalogue(office):
    with office.session() as s:
        u = _users(s)
        course = add_course(
            s,
            u["supervisor"],
            code="debt",
            name_zh="债务咨询",
            name_en="Debt advice",
            validity_months=24,
            pass_mark=75,
            required_for="field",
        )
        assert course.code == "DEBT"
        with pytest.raises(ValidationError):
            add_course(
                s,
                u["supervisor"],
                code="DEBT",
                name_zh="x",
                name_en="x",
                validity_months=24,
                pass_mark=75,
                required_for="field",
            )


def _write_csv(path, rows, encoding="utf-8-sig"):
    with open(path, "w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows(rows)


def test_import_with_bad_rows_imports_nothing(office, tmp_path):
    path = tmp_path / "training.csv"
    _write_csv(
        path,
        [
            ["用户名", "课程", "日期", "分数", "培训师"],
            ["agent01", "COMM", "2026-03-01", "88", "张老师"],
            ["ghost", "COMM", "2026-03-01", "88", ""],
            ["agent02", "沟通技巧", "2026/3/2", "130", ""],
            ["agent02", "LAW", "2027-01-01", "80", ""],
            ["", "", "", "", ""],
        ],
        encoding="gb18030",
    )
    with office.session() as s:
        result = import_training(s, _users(s)["supervisor"], path, today=TODAY)
    assert not result.ok and result.imported == 0
    assert [(e.line, e.column) for e in result.errors] == [(3, "agent"), (4, "score"), (5, "date")]
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(TrainingRecord)) == 0


def test_import_xlsx_all_good(office, tmp_path):
    path = tmp_path / "training.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["agent", "course", "date", "score", "trainer", "evidence"])
    sheet.append(["agent01", "COMM", dt.datetime(2026, 3, 1), 88, "Ms Zhang", "cert 1"])
    sheet.append(["agent02", "Negotiation", "2026年3月2日", 61.0, None, None])
    sheet.append([None] * 6)
    book.save(path)
    with office.session() as s:
        dry = import_training(s, _users(s)["supervisor"], path, dry_run=True, today=TODAY)
        assert dry.ok and dry.imported == 0 and len(dry.rows) == 2
    with office.session() as s:
        result = import_training(s, _users(s)["supervisor"], path, today=TODAY)
    assert result.ok and result.imported == 2
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(TrainingRecord)) == 2


def test_update_course_changes_and_audits(office):
    from app.models import AuditEntry
    from app.training.records import update_course

    with office.session() as s:
        u = _users(s)
        course = update_course(s, u["supervisor"], "LAW", validity_months=24, pass_mark=80)
        assert (course.validity_months, course.pass_mark) == (24, 80)
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "course.change"))
        assert entry.changes["old"] == {"validity_months": 12, "pass_mark": 70}
        for bad in (
            {"validity_months": 0},
            {"pass_mark": 101},
            {"required_for": "sometimes"},
            {"name_en": " "},
            {"pass_mark": 80},
        ):
            with pytest.raises(ValidationError):
                update_course(s, u["supervisor"], "LAW", **bad)
        with pytest.raises(PermissionDenied):
            update_course(s, u["agent01"], "LAW", pass_mark=10)


def test_a_file_imported_twice_adds_nothing_the_second_time(office, tmp_path):
    """Found by QA: each import of the same file added the same attempts again. An attempt
    already recorded (agent, course, day, score), or an earlier row of the file, is skipped."""
    path = tmp_path / "training.csv"
    rows = [
        ["agent", "course", "date", "score"],
        ["agent01", "COMM", "2026-03-01", "88"],
        ["agent01", "COMM", "2026-03-01", "88"],  # the same attempt twice in the file
        ["agent01", "COMM", "2026-03-01", "59"],  # another attempt that day: a new record
    ]
    _write_csv(path, rows)
    with office.session() as s:
        first = import_training(s, _users(s)["supervisor"], path, today=TODAY)
    # The repeated row is said apart from one already recorded (found by QA).
    assert (first.imported, first.skipped, first.repeated) == (2, 0, 1)
    assert imported_text(first) == (
        "Imported 2 new training records; 0 training records already in Casedesk were skipped; "
        "1 row repeating an earlier row of the file was skipped."
    )
    with office.session() as s:
        again = import_training(s, _users(s)["supervisor"], path, today=TODAY)
        dry = import_training(s, _users(s)["supervisor"], path, dry_run=True, today=TODAY)
    assert (again.ok, again.imported, again.skipped, again.repeated) == (True, 0, 2, 1)
    assert (len(dry.rows), dry.skipped, dry.repeated) == (0, 2, 1)
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(TrainingRecord)) == 2


def test_every_problem_of_a_row_is_told_at_once(office, tmp_path):
    """Found by QA: the score and the date were checked only when the rest of the row parsed, so
    a fixed file failed again on the next problem."""
    path = tmp_path / "training.csv"
    _write_csv(
        path,
        [
            ["agent", "course", "date", "score"],
            ["agent01", "NOSUCH", "2026-03-01", "101"],
            ["agent02", "COMM", "2027-01-01", "abc"],
        ],
    )
    with office.session() as s:
        result = import_training(s, _users(s)["supervisor"], path, today=TODAY)
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "course"),
        (2, "score"),
        (3, "date"),
        (3, "score"),
    ]


def test_a_trainer_name_past_its_column_is_refused_not_cut(office, tmp_path):
    """QA: a 500-character trainer was taken by `training add` and by an import (SQLite keeps
    it; the column holds 100)."""
    with office.session() as s:
        u = _users(s)
        with pytest.raises(ValidationError, match="too long: 101 characters, at most 100"):
            record_training(
                s,
                u["supervisor"],
                u["agent01"],
                find_course(s, "COMM"),
                taken_on=dt.date(2026, 1, 1),
                score=90,
                trainer="王" * 101,
                today=TODAY,
            )
    path = tmp_path / "training.csv"
    _write_csv(
        path,
        [
            ["agent", "course", "date", "score", "trainer"],
            ["agent01", "COMM", "2026-03-01", "90", "李" * 101],
        ],
    )
    with office.session() as s:
        result = import_training(s, _users(s)["supervisor"], path, today=TODAY)
        assert [(e.line, e.column) for e in result.errors] == [(2, "trainer")]
        assert s.scalar(select(func.count()).select_from(TrainingRecord)) == 0


def test_a_title_row_above_the_header_is_passed_over(office, tmp_path):
    """QA: a workbook with a title row ("2026 年培训记录") above 用户名/课程/… was refused as
    lacking every column; the data imports pass a title over."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["2026 年培训记录"])
    sheet.append([])
    sheet.append(["用户名", "课程", "日期", "分数"])
    sheet.append(["agent01", "COMM", "2026-03-01", 90])
    path = tmp_path / "titled.xlsx"
    book.save(path)
    with office.session() as s:
        result = import_training(s, _users(s)["supervisor"], path, today=TODAY)
        assert result.errors == [] and result.imported == 1
        assert s.scalar(select(func.count()).select_from(TrainingRecord)) == 1


def test_import_reads_the_lists_sheet_and_tab_separated_text(office, tmp_path):
    """As the data imports: a workbook whose first sheet holds notes is read from the sheet that
    holds the list, and a tab-separated text file (a core system's export) is read."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "说明"
    notes.append(["本表由培训系统导出"])
    notes.append(["请勿修改表头"])
    sheet = book.create_sheet("培训记录")
    sheet.append(["用户名", "课程", "日期", "分数"])
    sheet.append(["agent01", "COMM", "2026-03-01", 88])
    workbook = tmp_path / "training.xlsx"
    book.save(workbook)
    text = tmp_path / "training.txt"
    text.write_text("用户名\t课程\t日期\t分数\nagent02\tLAW\t2026-03-02\t90\n", encoding="gb18030")
    for path in (workbook, text):
        with office.session() as s:
            result = import_training(s, _users(s)["supervisor"], path, today=TODAY)
        assert result.ok and result.imported == 1, (path.name, result.errors)
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(TrainingRecord)) == 2
