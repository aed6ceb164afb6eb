"""Every report written to a PDF is audited (kind, days, language, empty or not, the PDF's
fingerprint, the file a command named) and listed newest first by `recent_reports`; a report
that fails to gather or to write records nothing and leaves no file. On the demo office."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zoneinfo

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.audit import verify_chain
from app.auth import authenticate
from app.errors import PermissionDenied, ValidationError
from app.models import AuditEntry
from app.queries.audit_log import audit_rows
from app.reporting.generated import recent_reports, record_report, write_report
from tests.office_day import office_today

# The office's day, not this computer's: east of Shanghai a computer is a day ahead at times,
# and a period ending on its today is refused as after the office's. Read at import: a run
# that crosses midnight in Shanghai asks for a past period, which every test here may.
TODAY = office_today()
START, END = TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=1)


def _stamp_is_office_time(pdf) -> bool:
    """The first page's "Generated 2026-12-02 13:40" (生成于 …) is now in Shanghai, not UTC."""
    text = PdfReader(pdf).pages[0].extract_text()
    found = re.search(r"(?:Generated|生成于) (\d{4}-\d\d-\d\d \d\d:\d\d)", text)
    assert found, text[-300:]
    stamp = dt.datetime.strptime(found.group(1), "%Y-%m-%d %H:%M")
    now = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
    return abs(now - stamp) < dt.timedelta(minutes=5)


def _user(database, name: str = "supervisor"):
    return authenticate(database.sessions, name, "demo")


def _entries(database) -> list[AuditEntry]:
    with database.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "report")))


def _count(database) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_a_written_report_is_audited_and_listed(demo_db, tmp_path) -> None:
    supervisor = _user(demo_db)
    compliance = tmp_path / "c.pdf"
    stages: list[str] = []
    empty = write_report(
        demo_db.sessions, supervisor, "compliance", compliance, "en", START.isoformat(),
        END.isoformat(), stage=stages.append, file_name="c.pdf",
    )  # fmt: skip
    assert not empty and stages == ["Gathering the figures…", "Laying out the PDF…"]
    assert "Compliance report" in PdfReader(compliance).pages[0].extract_text()
    portfolio = tmp_path / "p.pdf"
    write_report(demo_db.sessions, supervisor, "portfolio", portfolio, "zh_CN", START, END, END)
    roster = tmp_path / "r.pdf"
    write_report(demo_db.sessions, supervisor, "training", roster, "en", as_of=TODAY)
    assert not list(tmp_path.glob("*.part"))
    for pdf in (compliance, portfolio, roster):  # the footer's time is the office's clock
        assert _stamp_is_office_time(pdf)

    first, second, third = _entries(demo_db)
    assert (first.action, first.entity_id, first.user_id) == (
        "report.generate", "compliance", supervisor.id,
    )  # fmt: skip
    assert first.changes == {
        "from": START.isoformat(),
        "to": END.isoformat(),
        "language": "en",
        "empty": False,
        "sha256": hashlib.sha256(compliance.read_bytes()).hexdigest(),
        "file": "c.pdf",
    }
    assert second.changes["as_of"] == END.isoformat() and second.changes["language"] == "zh_CN"
    assert "file" not in second.changes  # a temporary file the user did not name
    assert third.entity_id == "training" and third.changes["as_of"] == TODAY.isoformat()
    assert "from" not in third.changes

    with demo_db.session() as s:
        assert verify_chain(s).intact
        listed = recent_reports(s, supervisor)
        zone = zoneinfo.ZoneInfo("Asia/Shanghai")
        rows = audit_rows(s, [first.id, third.id], "zh_CN")
    assert [r.kind for r in listed] == ["training", "portfolio", "compliance"]  # newest first
    newest, middle, oldest = listed
    assert oldest.by == supervisor.display_name and oldest.file == "c.pdf"
    assert oldest.at.tzinfo is not None and oldest.at.utcoffset() == dt.timedelta(hours=8)
    assert abs(oldest.at - dt.datetime.now(zone)) < dt.timedelta(minutes=5)
    assert oldest.dates() == f"{START} – {END}" and oldest.title() == "Compliance report"
    assert middle.dates("zh_CN") == f"{START} – {END}，截至 {END}"
    assert middle.dates() == f"{START} – {END}, as of {END}"
    assert newest.dates() == f"As of {TODAY}" and newest.title("zh_CN") == "培训花名册"
    # The Audit page names the report and reads the days and language in words.
    assert rows[first.id].record() == "合规报告"
    assert f"期间：{START} → {END}" in rows[first.id].words_line("zh_CN")
    assert "语言：English（英文）；期间为空：否；文件：c.pdf" in rows[first.id].words_line("zh_CN")
    assert rows[third.id].record() == "培训花名册"


def test_an_empty_period_is_recorded_as_empty(demo_db, tmp_path) -> None:
    supervisor = _user(demo_db)
    path = tmp_path / "old.pdf"
    assert write_report(
        demo_db.sessions, supervisor, "compliance", path, "en", "2001-01-01", "2001-01-31"
    )
    (entry,) = _entries(demo_db)
    assert entry.changes["empty"] is True
    with demo_db.session() as s:
        assert recent_reports(s, supervisor)[0].empty


def test_a_report_that_fails_records_nothing(demo_db, tmp_path) -> None:
    supervisor, agent = _user(demo_db), _user(demo_db, "agent01")
    before = _count(demo_db)
    bad = tmp_path / "bad.pdf"
    with pytest.raises(ValidationError, match="before it starts"):
        write_report(demo_db.sessions, supervisor, "portfolio", bad, "en", END, START, END)
    nowhere = tmp_path / "no-such-folder" / "c.pdf"
    with pytest.raises(ValidationError, match="there is no folder"):  # before any gathering
        write_report(demo_db.sessions, supervisor, "compliance", nowhere, "en", START, END)
    unwritable = tmp_path / "a-file" / "c.pdf"
    unwritable.parent.write_text("not a folder")
    with pytest.raises(ValidationError, match="there is no folder"):
        write_report(demo_db.sessions, supervisor, "compliance", unwritable, "en", START, END)
    with pytest.raises(PermissionDenied):
        write_report(demo_db.sessions, agent, "training", bad, "en", as_of=END)
    assert _count(demo_db) == before and not list(tmp_path.rglob("*.pdf*"))


def test_a_file_that_cannot_be_written_is_named_as_the_user_named_it(demo_db, tmp_path) -> None:
    taken = tmp_path / "out" / "taken.pdf"
    taken.mkdir(parents=True)  # a folder where the PDF should go: said before gathering
    with pytest.raises(ValidationError, match="is a folder, not a file"):
        write_report(demo_db.sessions, _user(demo_db), "compliance", taken, "en", START, END)
    assert [p.name for p in taken.parent.iterdir()] == ["taken.pdf"] and taken.is_dir()
    folder = tmp_path / "long"
    folder.mkdir()
    long = folder / ("r" * 248 + ".pdf")  # a name the system takes, but not with ".part" after it
    with pytest.raises(OSError) as failed:
        write_report(demo_db.sessions, _user(demo_db), "compliance", long, "en", START, END)
    assert failed.value.filename == str(long)  # not its .part
    assert list(folder.iterdir()) == []


def test_agents_may_neither_record_nor_list_reports(demo_db, tmp_path) -> None:
    agent = _user(demo_db, "agent01")
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4")
    with demo_db.session() as s:
        with pytest.raises(PermissionDenied):
            recent_reports(s, agent)
        with pytest.raises(PermissionDenied):
            record_report(s, agent, "compliance", path, "en", start=START, end=END)
    assert _entries(demo_db) == []


def test_the_list_keeps_the_latest(demo_db, tmp_path) -> None:
    admin = _user(demo_db, "admin")
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4")
    with demo_db.session() as s:
        for day in range(1, 6):
            record_report(s, admin, "training", path, "en", as_of=dt.date(2026, 11, day))
    with demo_db.session() as s:
        latest = recent_reports(s, admin, limit=3)
    assert [r.as_of.day for r in latest if r.as_of] == [5, 4, 3]


def test_every_document_is_stamped_on_the_office_clock(demo_db) -> None:
    """The agreement, the visit sheet and the reports say when they were generated in the
    office's zone (they used the computer's, so a workstation on another zone misdated them)."""
    from app.agreements import list_agreements
    from app.agreements.document import gather_document
    from app.queries.visits import day_sheet
    from app.reporting.compliance import compliance_report
    from app.training.roster import roster_data

    supervisor = _user(demo_db)
    eight = dt.timedelta(hours=8)  # the demo office is in Asia/Shanghai
    with demo_db.session() as s:
        number = list_agreements(s, supervisor)[0].agreement_no
        stamps = [
            gather_document(s, supervisor, number).generated_at,
            day_sheet(s, supervisor, "agent01", TODAY).generated_at,
            compliance_report(s, supervisor, START, END).header.generated_at,
            roster_data(s, supervisor, TODAY).generated_at,
        ]
    assert [stamp.utcoffset() for stamp in stamps] == [eight] * 4


def test_an_unknown_report_is_refused(demo_db, tmp_path) -> None:
    with pytest.raises(ValidationError) as refused:
        write_report(demo_db.sessions, _user(demo_db), "weekly", tmp_path / "w.pdf", "en")
    assert str(refused.value) == (
        "Unknown report weekly; choose one of: compliance, portfolio, training, visit_sheet."
    )
    assert not list(tmp_path.glob("w.pdf*"))


def test_a_device_or_a_pipe_is_never_written_over(demo_db, tmp_path) -> None:
    """A report (or a list export) is written beside its file and moved into place: moved onto
    /dev/null it replaced the device with a plain file (as root), which broke the machine's
    other programs. A pipe stands in for the device here; it is refused and left as it was."""
    import os
    import stat

    from app.export import export_rows

    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    supervisor = _user(demo_db)
    before = _count(demo_db)
    with pytest.raises(ValidationError, match="is not a plain file"):
        write_report(demo_db.sessions, supervisor, "training", pipe, "en", as_of=TODAY)
    with demo_db.sessions() as s, pytest.raises(ValidationError, match="is not a plain file"):
        export_rows(s, supervisor, "queue", pipe, fmt="csv")
    assert stat.S_ISFIFO(pipe.stat().st_mode) and _count(demo_db) == before
