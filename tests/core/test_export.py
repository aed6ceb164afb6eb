"""Exports: what the page lists (filters, visibility, order), CSV with BOM and XLSX, personal data
masked by role, every export audited, nothing written on a refusal or a cancel."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.errors import PermissionDenied, ValidationError
from app.export import export_rows
from app.export_kinds import KINDS, ComplaintFilter, TextFilter, TrainingFilter
from app.export_safety import csv_cell
from app.models import AuditEntry, Borrower, User
from app.queries.audit_log import AuditFilter, office_day_start
from app.queries.cases import QueueFilter, queue_ids, queue_rows
from app.queries.compliance_log import ComplianceFilter
from tests.office_day import office_today


def _user(session, name: str) -> User:
    return session.scalar(select(User).where(User.username == name))


def _csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def _export(database, username: str, kind: str, path: Path, **options):
    with database.session() as session:
        return export_rows(session, _user(session, username), kind, path, **options)


def test_the_queue_export_is_the_page_filtered_and_ordered(demo_db, tmp_path: Path) -> None:
    flt = QueueFilter(bucket="M1")
    result = _export(demo_db, "supervisor", "queue", tmp_path / "q.csv", filters=flt)
    rows = _csv(tmp_path / "q.csv")
    with demo_db.sessions() as session:
        ids = queue_ids(session, _user(session, "supervisor"), flt)
        expected = queue_rows(session, ids)
    assert result.rows == len(ids) == len(rows) - 1 > 0
    assert rows[0][:4] == ["Case no.", "Loan no.", "Borrower", "ID number"]
    assert [r[0] for r in rows[1:]] == [expected[i].case_no for i in ids]  # the page's order
    assert {r[5] for r in rows[1:]} == {"M1"}
    first = expected[ids[0]]
    assert rows[1][3] == first.masked_id and "*" in rows[1][3]
    assert rows[1][6] == f"{Decimal(first.amount_overdue) / 100:.2f}"


def test_an_agent_exports_only_their_own_cases(demo_db, tmp_path: Path) -> None:
    _export(demo_db, "agent01", "cases", tmp_path / "mine.csv")
    _export(demo_db, "supervisor", "cases", tmp_path / "all.csv")
    mine, everyone = _csv(tmp_path / "mine.csv")[1:], _csv(tmp_path / "all.csv")[1:]
    with demo_db.sessions() as session:
        agent = _user(session, "agent01").display_name
    assert mine and {r[8] for r in mine} == {agent}
    assert len(everyone) > len(mine)
    assert "Closed" in {r[9] for r in everyone}  # cases, unlike the queue, lists closed ones


def test_personal_data_is_masked_unless_the_role_allows_it(demo_db, tmp_path: Path) -> None:
    flt = TextFilter(search="王")
    _export(demo_db, "supervisor", "borrowers", tmp_path / "masked.csv", filters=flt)
    masked = _csv(tmp_path / "masked.csv")
    assert masked[0] == ["No.", "Name", "ID number", "Segment", "Phone", "Loans", "City"]
    assert all("*" in r[2] and "*" in r[4] for r in masked[1:])
    assert all(r[1].startswith("王") for r in masked[1:])

    with pytest.raises(PermissionDenied):
        _export(demo_db, "supervisor", "borrowers", tmp_path / "x.csv", personal_data=True)
    assert not (tmp_path / "x.csv").exists()

    result = _export(
        demo_db,
        "admin",
        "borrowers",
        tmp_path / "full.xlsx",
        filters=flt,
        personal_data=True,
        reason="Court order 2026-88",
    )
    assert not result.masked
    sheet = load_workbook(tmp_path / "full.xlsx")["Borrowers"]  # after the note's sheet
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][2] == "ID number" and len(values) == len(masked)
    with demo_db.sessions() as session:
        borrower = session.scalar(select(Borrower).where(Borrower.borrower_no == values[1][0]))
        assert values[1][2] == borrower.national_id
        assert values[1][4] in {p.number for p in borrower.phones}
    assert "*" not in values[1][2]


def test_xlsx_keeps_numbers_and_dates_typed(demo_db, tmp_path: Path) -> None:
    _export(demo_db, "admin", "loans", tmp_path / "loans.xlsx")
    rows = list(load_workbook(tmp_path / "loans.xlsx").active.iter_rows(values_only=True))
    assert rows[0][0] == "Loan"
    principal, next_due = rows[1][3], rows[1][7]
    assert isinstance(principal, (int, float)) and principal > 0
    assert next_due is None or isinstance(next_due, dt.datetime)


def test_every_list_exports_in_both_formats_in_chinese(demo_db, tmp_path: Path) -> None:
    from app.i18n import set_language

    set_language("zh_CN")
    try:
        for kind in KINDS:
            for fmt in ("csv", "xlsx"):
                path = tmp_path / f"{kind}.{fmt}"
                result = _export(demo_db, "admin", kind, path)
                assert path.exists() and result.format == fmt
                if fmt == "csv":
                    rows = _csv(path)
                    assert len(rows) == result.rows + 1
                    assert any(ord(c) >= 0x2E80 for c in rows[0][0]), kind
    finally:
        set_language(None)


def test_filters_of_each_page_are_honoured(demo_db, tmp_path: Path) -> None:
    every = _export(demo_db, "admin", "complaints", tmp_path / "c1.csv", filters=ComplaintFilter())
    closed_too = _export(
        demo_db, "admin", "complaints", tmp_path / "c2.csv", filters=ComplaintFilter(False)
    )
    assert closed_too.rows > every.rows
    _export(demo_db, "admin", "training", tmp_path / "t.csv", filters=TrainingFilter("lapsed"))
    lapsed = _csv(tmp_path / "t.csv")
    assert lapsed[1:] and {r[2] for r in lapsed[1:]} <= {"Lapsed", "Missing"}
    _export(demo_db, "admin", "audit", tmp_path / "a.csv", filters=AuditFilter(action="user"))
    assert {r[6].split(".")[0] for r in _csv(tmp_path / "a.csv")[1:]} == {"user"}
    _export(
        demo_db,
        "admin",
        "compliance",
        tmp_path / "l.csv",
        filters=ComplianceFilter(verdict="blocked"),
    )
    logged = _csv(tmp_path / "l.csv")[1:]
    assert {r[6] for r in logged} == {"Blocked"}  # the page's words, as its other columns
    # What was refused: a contact's channel, or a visit's booking or move (the demo has both).
    actions = {"Call", "SMS", "Letter", "Visit", "Visit booking", "Visit reschedule"}
    assert {r[3] for r in logged} <= actions
    # A refused visit booking or move gives the slot it asked for; a contact none.
    visits = [r for r in logged if r[3] in ("Visit booking", "Visit reschedule")]
    assert visits and all(
        re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d–\d\d:\d\d", r[4]) for r in visits
    )
    assert all(r[4] == "" for r in logged if r[3] not in ("Visit booking", "Visit reschedule"))
    assert {r[5] for r in logged} <= {
        "Borrower",
        "Guarantor",
        "Relative",
        "Employer",
        "Other person",
    }
    header, *complaints = _csv(tmp_path / "c2.csv")
    assert {r[9] for r in complaints} <= {"Borrower", "Relative", "Regulator", "Other"}
    assert {r[8] for r in complaints} <= {"Open", "Investigating", "Resolved", "Rejected"}
    # Who investigates, as the page's column: named for every complaint past Open.
    assert header[6] == "Investigator"
    assert all(r[6] for r in complaints if r[8] != "Open") and any(r[6] for r in complaints)
    with pytest.raises(ValidationError, match="Unknown training filter"):
        _export(demo_db, "admin", "training", tmp_path / "t2.csv", filters=TrainingFilter("x"))
    with pytest.raises(ValidationError, match="Wrong filter"):
        _export(demo_db, "admin", "training", tmp_path / "t3.csv", filters=QueueFilter())


def test_exports_are_audited_and_refusals_write_nothing(demo_db, tmp_path: Path) -> None:
    _export(demo_db, "supervisor", "queue", tmp_path / "q.csv", filters=QueueFilter(bucket="M2"))
    with demo_db.sessions() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry.action == "list.export" and entry.entity_id == "queue"
        assert entry.user_id == _user(session, "supervisor").id
        assert entry.changes["filters"] == {"bucket": "M2"}
        assert entry.changes["rows"] == len(_csv(tmp_path / "q.csv")) - 1
        assert entry.changes["personal_data"] is False
    with pytest.raises(PermissionDenied):
        _export(demo_db, "agent01", "audit", tmp_path / "audit.csv")
    with pytest.raises(ValidationError, match="csv or xlsx"):
        _export(demo_db, "admin", "queue", tmp_path / "q.pdf")
    with pytest.raises(ValidationError, match="Unknown list"):
        _export(demo_db, "admin", "payments", tmp_path / "p.csv")
    with pytest.raises(ValidationError, match="No folder"):
        _export(demo_db, "admin", "queue", tmp_path / "missing" / "q.csv")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo")) == ["q.csv"]


def test_a_cancelled_export_leaves_no_file_and_no_entry(demo_db, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []

    def cancel(done: int, total: int) -> bool:
        seen.append((done, total))
        return False

    with demo_db.sessions() as session:
        before = session.query(AuditEntry).count()
    with pytest.raises(ValidationError, match="cancelled"):
        _export(demo_db, "admin", "borrowers", tmp_path / "b.xlsx", progress=cancel)
    assert seen and seen[0][1] > 0
    assert [p for p in tmp_path.iterdir() if not p.name.startswith("demo")] == []
    with demo_db.sessions() as session:
        assert session.query(AuditEntry).count() == before


def test_the_audit_export_gives_each_change_whole_as_recorded(demo_db, tmp_path: Path) -> None:
    """The page shortens a long change and says it in words; the export keeps the JSON whole."""
    from app import audit

    long_reason = "借款人失联，" * 60  # 360 characters, past the page's one-line text
    with demo_db.session(write_lock=True) as s:
        boss = _user(s, "supervisor")
        audit.record(
            s, boss, "loan.legal", "loan", "LN-X", {"reason": long_reason, "outstanding": 1234567}
        )
    _export(demo_db, "admin", "audit", tmp_path / "a.csv", filters=AuditFilter(action="loan"))
    rows = _csv(tmp_path / "a.csv")
    (row,) = [r for r in rows[1:] if r[8] == "LN-X"]
    assert row[6] == "loan.legal"  # the code, as recorded
    assert json.loads(row[9]) == {"reason": long_reason, "outstanding": 1234567}


def test_a_compliance_export_refuses_an_unknown_verdict_or_rule(demo_db, tmp_path: Path) -> None:
    from app.cli.cmd_export import build_filter
    from app.cli.main import build_parser

    parser = build_parser()
    for option, message in (
        ("--verdict", "Unknown verdict nope; choose one of: warning, needs_override, blocked."),
        ("--rule", "Unknown rule nope; the rules are: "),
    ):
        args = parser.parse_args(["export", "compliance", str(tmp_path / "c.csv"), option, "nope"])
        with demo_db.session() as session, pytest.raises(ValidationError) as refused:
            flt = build_filter(session, "compliance", args)
            export_rows(session, _user(session, "supervisor"), "compliance", args.file, filters=flt)
        assert str(refused.value).startswith(message)
        assert "quiet_hours" in str(refused.value) or option == "--verdict"
    assert not (tmp_path / "c.csv").exists()
    with demo_db.sessions() as session:
        exports = select(AuditEntry).where(AuditEntry.entity_id == "compliance")
        assert session.scalars(exports).first() is None
    # A known rule the log has never met is a filter like any other: an empty list, exported.
    result = _export(
        demo_db, "supervisor", "compliance", tmp_path / "c.csv",
        filters=ComplianceFilter(rule="weekly_call_cap"),
    )  # fmt: skip
    assert result.rows == 0 and len(_csv(tmp_path / "c.csv")) == 1


@pytest.mark.parametrize(
    ("lang", "titles"), [("en", ("Loans", "Compliance log")), ("zh_CN", ("贷款", "合规日志"))]
)
def test_an_xlsx_sheet_is_named_after_its_page(demo_db, tmp_path: Path, lang, titles) -> None:
    from app.i18n import set_language

    set_language(lang)
    try:
        for kind, title in zip(("loans", "compliance"), titles, strict=True):
            _export(demo_db, "admin", kind, tmp_path / f"{kind}.xlsx")
            assert load_workbook(tmp_path / f"{kind}.xlsx").sheetnames == [title]
    finally:
        set_language(None)
    assert all(KINDS[k].title for k in KINDS)


def test_only_an_admin_exports_the_audit_list(demo_db, tmp_path: Path) -> None:
    """A supervisor sees the Audit page but may not take the trail out of the database, as
    `audit export` refuses: the list export (CLI and the page's Export…) is the admin's too."""
    from app.export import check_may_export

    for fmt in ("csv", "xlsx"):
        with pytest.raises(PermissionDenied, match="may not export the audit trail"):
            _export(demo_db, "supervisor", "audit", tmp_path / f"a.{fmt}")
    assert [p for p in tmp_path.iterdir() if not p.name.startswith("demo")] == []
    with demo_db.sessions() as session:
        supervisor, admin = _user(session, "supervisor"), _user(session, "admin")
        exports = select(AuditEntry).where(AuditEntry.entity_id == "audit")
        assert session.scalars(exports).first() is None  # a refusal is not an export
        with pytest.raises(PermissionDenied):
            check_may_export(supervisor, "audit")
        check_may_export(supervisor, "compliance")  # the other logs stay theirs to export
        assert check_may_export(admin, "audit").name == "audit"
    result = _export(demo_db, "admin", "audit", tmp_path / "a.xlsx")
    assert result.rows > 0 and (tmp_path / "a.xlsx").exists()


def _trail(database, username: str, path: Path, **options):
    from app.export import export_audit_trail

    today = office_today()  # the trail's days are the office's
    with database.session() as session:
        return export_audit_trail(
            session, _user(session, username), today - dt.timedelta(days=400), today, path,
            **options,
        )  # fmt: skip


def test_the_audit_trail_exports_to_csv_or_a_real_workbook(demo_db, tmp_path: Path) -> None:
    """`audit export -o FILE.xlsx` wrote CSV text under the .xlsx name: now a workbook with the
    CSV's rows, cell for cell; another suffix is refused, as `export`'s."""
    # The window _trail exports: the demo's trail holds older entries too (flagged contacts).
    today = office_today()
    with demo_db.sessions() as session:
        since = office_day_start(session, today - dt.timedelta(days=400))
        before = session.query(AuditEntry).filter(AuditEntry.at >= since).count()
    as_csv = _trail(demo_db, "admin", tmp_path / "trail.csv")
    as_xlsx = _trail(demo_db, "admin", tmp_path / "trail.xlsx")
    assert (as_csv.format, as_xlsx.format) == ("csv", "xlsx")
    assert as_csv.rows == before and as_xlsx.rows == before + 1  # the first export is in it
    rows = _csv(tmp_path / "trail.csv")
    assert rows[0] == [
        "id", "at_utc", "user", "action", "entity", "entity_id", "changes", "prev_hash", "hash",
        "action_words", "record_words", "changes_words",
    ]  # fmt: skip
    book = load_workbook(tmp_path / "trail.xlsx")
    assert book.sheetnames == ["Audit"]
    cells = list(book.active.iter_rows(values_only=True))
    assert list(cells[0]) == rows[0]
    assert len(cells) == len(rows) + 1
    for text, typed in zip(rows[1:], cells[1:], strict=False):
        # The CSV writes text Excel would read as a number ="…" (the first prev_hash, 64 zeros)
        assert [str(v) if v is not None else "" for v in typed] == [csv_cell(t) for t in text]
    assert rows[1][7] == f'="{"0" * 64}"'
    assert isinstance(cells[1][0], int) and json.loads(cells[2][6]) == json.loads(rows[2][6])

    with demo_db.sessions() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last.action == "audit.export"
        assert last.changes["format"] == "xlsx" and last.changes["entries"] == before + 1

    with pytest.raises(ValidationError, match="choose csv or xlsx"):
        _trail(demo_db, "admin", tmp_path / "trail.pdf")
    with pytest.raises(PermissionDenied, match="may not export the audit trail"):
        _trail(demo_db, "supervisor", tmp_path / "s.xlsx")
    assert _trail(demo_db, "admin", tmp_path / "named", fmt="xlsx").format == "xlsx"
    with open(tmp_path / "named", "rb") as handle:  # a workbook whatever its name, asked for one
        assert load_workbook(handle).sheetnames == ["Audit"]
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo"))
    assert left == ["named", "trail.csv", "trail.xlsx"]
