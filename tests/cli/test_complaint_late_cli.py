"""A complaint answered after its deadline says so in `complaint show` (text and --json) and in
`complaint list --all` ("Left"), in English and Chinese, as the audit, the case story and the
compliance report do (QA s46 #4); one answered in time says nothing of the kind."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import Case, CaseStatus, Complaint
from app.office import office_today
from db.store import open_database
from tests.conftest import TEST_KEY


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def _today_and_case(path: Path) -> tuple[dt.date, str]:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            case_no = s.scalar(
                select(Case.case_no)
                .where(Case.status.in_((CaseStatus.NEW, CaseStatus.CONTACTED)))
                .order_by(Case.id)
                .limit(1)
            )
            return office_today(s), str(case_no)
    finally:
        database.close()


def _deadline(path: Path, number: str) -> dt.date:
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            found = s.scalar(select(Complaint.deadline_on).where(Complaint.complaint_no == number))
            assert found is not None
            return found
    finally:
        database.close()


def _closed(cli, office: Path, case_no: str, received: dt.date) -> str:  # type: ignore[no-untyped-def]
    """A complaint received on `received`, then rejected today by the supervisor."""
    as_supervisor = ("--db", office, "--user", "supervisor")
    code, out, err = cli(
        "complaint", "record", "--case", case_no, "--source", "borrower", "--channel", "phone",
        "--category", "harassment", "--description", "Called me names.",
        "--received", received.isoformat(), *as_supervisor, "--json",
    )  # fmt: skip
    assert code == 0, err
    number = json.loads(out)["complaint"]
    code, _out, err = cli("complaint", "assign", number, "supervisor", *as_supervisor)
    assert code == 0, err
    code, _out, err = cli(
        "complaint", "resolve", number, "--outcome", "Not borne out by the recordings.",
        "--not-upheld", *as_supervisor,
    )  # fmt: skip
    assert code == 0, err
    return number


def test_a_late_answer_is_shown_as_late(office: Path, cli) -> None:
    today, case_no = _today_and_case(office)
    late = _closed(cli, office, case_no, today - dt.timedelta(days=60))
    days = (today - _deadline(office, late)).days
    assert days > 1
    as_supervisor = ("--db", office, "--user", "supervisor")

    code, out, err = cli("complaint", "show", late, *as_supervisor)
    assert code == 0, err
    answer_by = next(line for line in out.splitlines() if line.startswith("  Answer by: "))
    assert f"· Answered late ({days} days after the deadline)" in answer_by

    code, out, err = cli("complaint", "show", late, *as_supervisor, "--json")
    shown = json.loads(out)
    assert (shown["answered_late"], shown["days_late"]) == (True, days)
    assert shown["closed_on"] == today.isoformat() and shown["days_left"] is None  # kept

    code, out, err = cli("complaint", "list", "--all", *as_supervisor)
    row = next(line for line in out.splitlines() if line.startswith(late))
    assert f"Answered late ({days} days after the deadline)" in row

    code, out, err = cli("complaint", "list", "--all", *as_supervisor, "--json")
    listed = next(r for r in json.loads(out) if r["complaint"] == late)
    assert (listed["answered_late"], listed["days_late"]) == (True, days)
    assert listed["closed_on"] == today.isoformat()

    code, out, err = cli("--lang", "zh_CN", "complaint", "show", late, *as_supervisor)
    assert f"逾期答复（超过期限 {days} 天）" in out
    code, out, err = cli("--lang", "zh_CN", "complaint", "list", "--all", *as_supervisor)
    row = next(line for line in out.splitlines() if line.startswith(late))
    assert f"逾期答复（超过期限 {days} 天）" in row


def test_an_answer_in_time_or_an_open_one_is_not_late(office: Path, cli) -> None:
    today, case_no = _today_and_case(office)
    in_time = _closed(cli, office, case_no, today)
    as_supervisor = ("--db", office, "--user", "supervisor")
    code, out, err = cli("complaint", "show", in_time, *as_supervisor)
    assert code == 0 and "Answered late" not in out, err
    code, out, err = cli("complaint", "show", in_time, *as_supervisor, "--json")
    assert (json.loads(out)["answered_late"], json.loads(out)["days_late"]) == (False, None)
    code, out, err = cli("complaint", "list", "--all", *as_supervisor, "--json")
    rows = json.loads(out)
    assert all(r["answered_late"] is None for r in rows if r["status"] in ("open", "investigating"))
    row = next(r for r in rows if r["complaint"] == in_time)
    assert (row["answered_late"], row["days_late"]) == (False, None)


def _read(path: Path) -> list[list[object]]:
    if path.suffix == ".csv":
        import csv

        return [list(r) for r in csv.reader(path.read_bytes().decode("utf-8-sig").splitlines())]
    from openpyxl import load_workbook

    return [list(r) for r in load_workbook(path).worksheets[-1].iter_rows(values_only=True)]


def test_the_export_says_a_late_answer_was_late(office: Path, cli, tmp_path: Path) -> None:
    """`export complaints --all`'s "Days left" says how late a late answer came, in the words of
    the page and `complaint list` (QA s46: it was blank); an open one keeps its number and one
    answered in time stays blank. The window's Export writes the same kind (app/export_kinds)."""
    today, case_no = _today_and_case(office)
    late = _closed(cli, office, case_no, today - dt.timedelta(days=60))
    in_time = _closed(cli, office, case_no, today)
    days = (today - _deadline(office, late)).days
    as_supervisor = ("--db", office, "--user", "supervisor")
    code, out, err = cli("complaint", "list", *as_supervisor, "--json")
    open_left = {r["complaint"]: r["days_left"] for r in json.loads(out)}
    assert open_left and late not in open_left
    words = {
        "en": f"Answered late ({days} days after the deadline)",
        "zh_CN": f"逾期答复（超过期限 {days} 天）",
    }
    for lang, late_words in words.items():
        for fmt in ("csv", "xlsx"):
            path = tmp_path / f"complaints-{lang}.{fmt}"
            code, _out, err = cli(
                "--lang", lang, "export", "complaints", path, "--all", *as_supervisor
            )
            assert code == 0, err
            header, *rows = _read(path)
            assert header[3] == {"en": "Days left", "zh_CN": "剩余天数"}[lang]
            by_no = {r[0]: r for r in rows}
            assert by_no[late][3] == late_words, (lang, fmt)
            assert by_no[in_time][3] in ("", None), (lang, fmt)
            # An open one's days stay a number (typed in the workbook).
            left = {no: by_no[no][3] for no in open_left}
            expected = open_left if fmt == "xlsx" else {k: str(v) for k, v in open_left.items()}
            assert left == expected, (lang, fmt)
