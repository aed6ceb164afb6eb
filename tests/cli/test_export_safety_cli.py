"""`casedesk export`, `audit export` and `import … --errors` on a real office file: they refuse to
write over the open database (and the files beside it) or a file being imported, a name whose
ending contradicts the format, and keep each imported file's rows under their own headers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.conftest import ADMIN_PASSWORD
from tests.core import importer_files as f

PERIOD = ["--from", "2020-01-01", "--to", "2099-12-31"]


@pytest.fixture
def db(office: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def _csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _intact(cli, db: list[str]) -> None:
    """The office still opens and its audit chain is whole."""
    code, out, err = cli("audit", "verify", *db)
    assert code == 0 and "Audit trail intact" in out, err


def test_no_command_writes_over_the_open_database(cli, db, office: Path, tmp_path) -> None:
    """`export queue X.db --format csv` and friends replaced the office with their file."""
    b = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(2))
    db_wal, lock = Path(f"{office}-wal"), Path(f"{office}.lock")
    commands = [
        ("export", "queue", office, "--format", "csv"),
        ("export", "queue", office),
        ("export", "audit", db_wal, "--format", "xlsx"),
        ("export", "queue", lock, "--format", "csv"),
        ("audit", "export", *PERIOD, "-o", office),
        ("audit", "export", *PERIOD, "-o", Path(f"{office}-shm"), "--format", "csv"),
        ("import", "borrowers", b, "--errors", office),
        ("import", "borrowers", b, "--errors", Path(f"{office}-journal")),
    ]
    for command in commands:
        size = office.stat().st_size
        code, out, err = cli(*command, *db)
        target = next(a for a in command if str(a).startswith(str(office)))
        assert (code, out) == (1, ""), command
        assert err == (
            f"casedesk: Not writing over {target}: it is the open database or one of its "
            "files. Choose another file name.\n"
        ), command
        assert office.stat().st_size >= size  # still the office (verified below), not a CSV
        assert not lock.exists() or lock.stat().st_size < 64  # a pid at most, never an export
        _intact(cli, db)
    code, out, err = cli("--lang", "zh_CN", "export", "queue", office, "--format", "csv", *db)
    zh = f"casedesk: 不会覆盖 {office}：它是当前打开的数据库或其附属文件。请另选文件名。\n"
    assert (code, err) == (1, zh)
    code, out, err = cli("export", "borrowers", tmp_path / "after.csv", *db)
    assert code == 0 and len(_csv(tmp_path / "after.csv")) == 1  # nothing was imported


def test_the_rejected_rows_never_go_over_an_imported_file(cli, db, tmp_path) -> None:
    """`import borrowers b.csv --errors b.csv` replaced the file being imported."""
    good = f.write_csv(tmp_path / "good.csv", f.BORROWER_ZH, f.borrowers(3))
    rows = f.borrowers(2, start=10)
    rows[1][3] = "12345"
    bad = f.write_csv(tmp_path / "bad.csv", f.BORROWER_ZH, rows)
    loans = f.write_csv(tmp_path / "loans.csv", f.LOAN_ZH, f.loans(1))
    plan = f.write_csv(tmp_path / "plan.csv", f.SCHEDULE_ZH, f.schedule(1))
    kept = {p: p.read_bytes() for p in (good, bad, loans, plan)}
    for command in (
        ("borrowers", good, "--errors", good),  # a good file: refused before it is imported
        ("borrowers", bad, "--errors", tmp_path / "x" / ".." / "bad.csv"),
        ("loans", loans, "--schedule", plan, "--dry-run", "--errors", plan),
        ("loans", loans, "--schedule", plan, "--errors", loans, "--json"),
    ):
        code, out, err = cli("import", *command, *db)
        assert (code, out) == (1, ""), command
        assert err.endswith(": it is a file being imported. Choose another file name.\n"), err
        assert err.count("\n") == 1
    assert {p: p.read_bytes() for p in kept} == kept
    code, _, err = cli("--lang", "zh_CN", "import", "borrowers", good, "--errors", good, *db)
    assert code == 1 and "正在导入的文件" in err
    code, out, err = cli("export", "borrowers", tmp_path / "after.csv", *db)
    assert code == 0 and len(_csv(tmp_path / "after.csv")) == 1  # nothing was imported


def test_the_name_and_the_format_agree(cli, db, tmp_path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    b = f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH, f.borrowers(2))
    refused = {
        ("export", "queue", out_dir / "q1.csv", "--format", "xlsx"): (
            "q1.csv ends in .csv but the format asked for is xlsx; make them agree."
        ),
        ("export", "queue", out_dir / "q1"): (
            "q1 does not end in .csv or .xlsx, which says the file's format; add one."
        ),
        ("audit", "export", *PERIOD, "-o", out_dir / "a1"): (
            "a1 does not end in .csv or .xlsx, which says the file's format; add one."
        ),
        ("audit", "export", *PERIOD, "-o", out_dir / "a1.xlsx", "--format", "csv"): (
            "a1.xlsx ends in .xlsx but the format asked for is csv; make them agree."
        ),
        ("import", "borrowers", b, "--errors", out_dir / "rej.xlsx"): (
            "The rejected rows are written as CSV: name the file .csv, not rej.xlsx."
        ),
        ("import", "borrowers", b, "--errors", out_dir / "rej"): (
            "The rejected rows are written as CSV: name the file .csv, not rej."
        ),
    }
    for command, message in refused.items():
        assert cli(*command, *db) == (1, "", f"casedesk: {message}\n"), command
    assert list(out_dir.iterdir()) == []
    code, _, err = cli(
        "--lang", "zh_CN", "export", "queue", out_dir / "q1.csv", "--format", "xlsx", *db
    )
    assert code == 1 and "请使两者一致" in err
    code, _, err = cli("--lang", "zh_CN", "audit", "export", *PERIOD, "-o", out_dir / "a1", *db)
    assert code == 1 and "无法判断文件格式" in err
    code, _, err = cli("--lang", "zh_CN", "import", "borrowers", b, "--errors", out_dir / "r", *db)
    assert code == 1 and "文件名须以 .csv 结尾" in err
    assert list(out_dir.iterdir()) == []
    code, _, err = cli("export", "queue", out_dir / "q1.xlsx", "--format", "xlsx", *db)
    assert code == 0 and load_workbook(out_dir / "q1.xlsx").active.max_row == 1, err


def test_loans_and_schedule_rejected_rows_keep_their_own_headers(cli, db, tmp_path) -> None:
    """`import loans l2.csv --schedule s2.csv --dry-run --errors rejl2.csv` put the schedule's
    rows under the loans file's headers."""
    assert cli("import", "borrowers", f.write_csv(tmp_path / "b.csv", f.BORROWER_ZH,
                                                  f.borrowers(2)), *db)[0] == 0  # fmt: skip
    loans = f.loans(2)
    loans[0][6] = "2025-13-40"  # no such date
    plan = f.schedule(2)
    plan[20][2] = '=HYPERLINK("http://x","a")'  # loan 2's ninth due date
    loans_file = f.write_csv(tmp_path / "l2.csv", f.LOAN_ZH, loans)
    plan_file = f.write_csv(tmp_path / "s2.csv", f.SCHEDULE_ZH, plan)
    rejected = tmp_path / "rejl2.csv"
    code, out, err = cli(
        "import", "loans", loans_file, "--schedule", plan_file, "--dry-run", "--errors", rejected,
        *db,
    )  # fmt: skip
    assert code == 1 and f"The rejected rows are in {rejected}." in err
    lines = _csv(rejected)
    blank = lines.index([])
    loans_part, plan_part = lines[:blank], lines[blank + 1 :]
    assert loans_part[0] == ["File", "Row", "Problems", *f.LOAN_ZH]
    assert plan_part[0] == ["File", "Row", "Problems", *f.SCHEDULE_ZH]
    assert [r[:2] for r in loans_part[1:]] == [["l2.csv", "2"]]
    assert dict(zip(loans_part[0], loans_part[1], strict=True))["放款日期"] == "2025-13-40"
    assert [r[:2] for r in plan_part[1:]] == [["s2.csv", "22"]]
    row = dict(zip(plan_part[0], plan_part[1], strict=True))
    assert (row["贷款编号"], row["期次"]) == ("L000002", "9")
    assert row["应还日期"] == '\'=HYPERLINK("http://x","a")'  # text, never a live formula


def test_the_rejected_rows_keep_a_file_already_there_unless_forced(cli, db, tmp_path) -> None:
    """QA s44: `import payments bad.csv --errors keep.csv` wrote over keep.csv without asking."""
    rows = f.borrowers(2, start=20)
    rows[1][3] = "12345"
    bad = f.write_csv(tmp_path / "bad.csv", f.BORROWER_ZH, rows)
    keep = tmp_path / "keep.csv"
    keep.write_text("keep me\n", encoding="utf-8")
    code, out, err = cli("import", "borrowers", bad, "--errors", keep, *db)
    assert (code, out) == (1, "")
    assert err == f"casedesk: A file is already at {keep}; add --force to replace it.\n"
    assert keep.read_text(encoding="utf-8") == "keep me\n"
    code, _, err = cli("--lang", "zh_CN", "import", "borrowers", bad, "--errors", keep, *db)
    assert code == 1 and "已存在文件；如要替换，请加 --force" in err, err
    code, _, err = cli("import", "borrowers", bad, "--errors", keep, "--force", *db)
    assert code == 1 and f"The rejected rows are in {keep}." in err
    assert _csv(keep)[1][:2] == ["bad.csv", "3"]
    code, out, err = cli("export", "borrowers", tmp_path / "after.csv", *db)
    assert code == 0 and len(_csv(tmp_path / "after.csv")) == 1  # nothing was imported
