"""Training history, certifications expiring soon, correcting a record, the import template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.auth import add_user
from app.errors import NotFound, PermissionDenied, ValidationError
from app.models import AuditEntry, TrainingRecord, User
from app.office import create_office
from app.training import CourseStatus, agent_training, record_training
from app.training.history import (
    add_record,
    check_record,
    course_options,
    expiring_soon,
    import_template,
    record_row,
    training_history,
    update_record,
)
from app.training.importer import preview
from app.training.records import find_course

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def office(db):
    with db.session() as s:
        _, admin = create_office(
            s, name="Office", admin_username="admin", admin_password="pw-admin"
        )
        add_user(s, admin, "supervisor", "supervisor", "pw-sup", "张主管")
        add_user(s, admin, "agent01", "agent", "pw-agent", "王芳")
        add_user(s, admin, "agent02", "agent", "pw-agent", "李强")
    return db


def _users(s) -> dict[str, User]:
    return {u.username: u for u in s.scalars(select(User))}


def _record(s, who: str, code: str, day: dt.date, score: int = 90) -> TrainingRecord:
    u = _users(s)
    return record_training(
        s,
        u["supervisor"],
        u[who],
        find_course(s, code),
        taken_on=day,
        score=score,
        trainer="李老师",
        evidence="证书 A-1",
        today=TODAY,
    )


def test_history_newest_first_with_course_names(office):
    with office.session() as s:
        _record(s, "agent01", "COMM", dt.date(2025, 3, 1))
        _record(s, "agent01", "COMM", dt.date(2026, 3, 1), score=40)
        _record(s, "agent01", "SAFE", dt.date(2026, 5, 2))
        _record(s, "agent02", "LAW", dt.date(2026, 5, 2))
        agent = _users(s)["agent01"]
        rows = training_history(s, agent.id)
    assert [(r.course_code, r.taken_on) for r in rows] == [
        ("SAFE", dt.date(2026, 5, 2)),
        ("COMM", dt.date(2026, 3, 1)),
        ("COMM", dt.date(2025, 3, 1)),
    ]
    failed = rows[1]
    assert (failed.score, failed.passed, failed.expires_on) == (40, False, None)
    assert rows[0].expires_on == dt.date(2027, 5, 1)
    assert (rows[0].trainer, rows[0].evidence, rows[0].name_en) == (
        "李老师",
        "证书 A-1",
        "Field safety",
    )
    assert rows[0].course_name("zh_CN") == "外勤安全"


def test_history_of_untrained_agent_is_empty(office):
    with office.session() as s:
        assert training_history(s, _users(s)["agent02"].id) == []


def test_expiring_soon_window_and_order(office):
    with office.session() as s:
        _record(s, "agent01", "COMM", dt.date(2025, 12, 20))  # last day 2026-12-19: 21 days
        _record(s, "agent02", "LAW", dt.date(2025, 12, 5))  # last day 2026-12-04: 6 days
        _record(s, "agent02", "NEGO", dt.date(2025, 12, 29))  # last day 2026-12-28: 30 days
        _record(s, "agent02", "SAFE", dt.date(2025, 12, 30))  # 31 days: not yet
        _record(s, "agent01", "LAW", dt.date(2025, 11, 1))  # lapsed already: not listed
        _record(s, "agent01", "NEGO", dt.date(2025, 12, 1))  # expiring, but renewed below
        _record(s, "agent01", "NEGO", dt.date(2026, 11, 1))
        found = expiring_soon(s, TODAY)
        week = expiring_soon(s, TODAY, days=7)
    assert [(e.username, e.name_en, e.expires_on) for e in found] == [
        (
            "agent02",
            "Legal compliance (Civil Code, personal information protection)",
            dt.date(2026, 12, 4),
        ),
        ("agent01", "Communication", dt.date(2026, 12, 19)),
        ("agent02", "Negotiation", dt.date(2026, 12, 28)),
    ]
    assert found[0].display_name == "李强" and found[0].name_zh.startswith("法律合规")
    assert [e.username for e in week] == ["agent02"]


def test_update_record_revalidates_and_audits(office):
    with office.session() as s:
        rec = _record(s, "agent01", "SAFE", dt.date(2024, 6, 1), score=50)  # failed, pass mark 70
        agent = _users(s)["agent01"]
        assert agent_training(s, agent.id, TODAY).courses[3].status is CourseStatus.MISSING
        updated = update_record(
            s,
            _users(s)["supervisor"],
            rec.id,
            taken_on=dt.date(2026, 6, 1),
            score=85,
            trainer=" 王律师 ",
            evidence="scan 7",
            today=TODAY,
        )
        assert (updated.passed, updated.expires_on, updated.trainer) == (
            True,
            dt.date(2027, 5, 31),
            "王律师",
        )
        assert agent_training(s, agent.id, TODAY).courses[3].status is CourseStatus.VALID
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.entity, entry.entity_id) == (
            "training.update",
            "training_record",
            str(rec.id),
        )
        assert entry.changes["score"] == {"old": 50, "new": 85}
        assert entry.changes["taken_on"] == {"old": "2024-06-01", "new": "2026-06-01"}
        assert entry.changes["expires_on"] == {"old": None, "new": "2027-05-31"}
        assert entry.changes["agent"] == "agent01" and entry.changes["course"] == "SAFE"
        assert "evidence" in entry.changes
        assert record_row(s, rec.id).score == 85


def test_update_record_refuses_bad_values_and_changes_nothing(office):
    with office.session() as s:
        rec_id = _record(s, "agent01", "COMM", dt.date(2026, 1, 10)).id
        audits = s.query(AuditEntry).count()
    for kwargs in (
        {"taken_on": dt.date(2026, 12, 1), "score": 80},  # in the future
        {"taken_on": dt.date(2026, 1, 10), "score": 130},
        {"taken_on": dt.date(2026, 1, 10), "score": -1},
    ):
        with pytest.raises(ValidationError), office.session() as s:
            update_record(
                s, _users(s)["supervisor"], rec_id, trainer="x", evidence="y", today=TODAY, **kwargs
            )
    with office.session() as s:
        row = record_row(s, rec_id)
        assert (row.taken_on, row.score, row.trainer) == (dt.date(2026, 1, 10), 90, "李老师")
        assert s.query(AuditEntry).count() == audits


def test_update_record_needs_permission_and_a_record(office):
    with office.session() as s:
        rec_id = _record(s, "agent01", "COMM", dt.date(2026, 1, 10)).id
        with pytest.raises(PermissionDenied):
            update_record(
                s,
                _users(s)["agent01"],
                rec_id,
                taken_on=dt.date(2026, 1, 10),
                score=100,
                trainer="",
                evidence="",
                today=TODAY,
            )
        with pytest.raises(NotFound):
            update_record(
                s,
                _users(s)["supervisor"],
                9999,
                taken_on=dt.date(2026, 1, 10),
                score=100,
                trainer="",
                evidence="",
                today=TODAY,
            )
        with pytest.raises(NotFound):
            record_row(s, 9999)


def test_unchanged_update_writes_no_audit(office):
    with office.session() as s:
        rec = _record(s, "agent01", "COMM", dt.date(2026, 1, 10))
        before = s.query(AuditEntry).count()
        update_record(
            s,
            _users(s)["supervisor"],
            rec.id,
            taken_on=rec.taken_on,
            score=rec.score,
            trainer=rec.trainer,
            evidence=rec.evidence,
            today=TODAY,
        )
        assert s.query(AuditEntry).count() == before


def test_course_options_and_check_record(office):
    with office.session() as s:
        options = course_options(s)
        assert [o.code for o in options] == ["COMM", "NEGO", "LAW", "SAFE"]
        safe = options[3]
        assert safe.name("zh_CN") == "外勤安全" and safe.pass_mark == 70
        assert check_record(s, safe.course_id, dt.date(2026, 1, 10), 70, TODAY) == (
            True,
            dt.date(2027, 1, 9),
        )
        assert check_record(s, safe.course_id, dt.date(2026, 1, 10), 69, TODAY) == (False, None)
        with pytest.raises(ValidationError):
            check_record(s, safe.course_id, TODAY + dt.timedelta(days=1), 90, TODAY)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_import_template_headers_read_back(office, tmp_path: Path, lang: str):
    text = import_template(lang)
    assert text.count(",") == 5
    assert ("用户名" in text) == (lang == "zh_CN")
    path = tmp_path / "training.csv"
    path.write_text(text + "agent01,SAFE,2026-03-01,88,李老师,证书\r\n", encoding="utf-8-sig")
    with office.session() as s:
        result = preview(s, _users(s)["supervisor"], path, today=TODAY)
    assert result.ok and len(result.rows) == 1
    assert result.rows[0]["trainer"] == "李老师" and result.rows[0]["score"] == 88


def test_add_record_by_ids(office):
    with office.session() as s:
        u = _users(s)
        safe = course_options(s)[3]
        rec = add_record(
            s,
            u["supervisor"],
            u["agent02"].id,
            safe.course_id,
            taken_on=dt.date(2026, 11, 1),
            score=75,
            trainer="赵",
            today=TODAY,
        )
        assert (rec.passed, rec.expires_on) == (True, dt.date(2027, 10, 31))
        with pytest.raises(PermissionDenied):
            add_record(
                s,
                u["agent01"],
                u["agent02"].id,
                safe.course_id,
                taken_on=dt.date(2026, 11, 1),
                score=75,
                today=TODAY,
            )
        with pytest.raises(NotFound):
            add_record(
                s, u["supervisor"], 999, safe.course_id, taken_on=TODAY, score=75, today=TODAY
            )
