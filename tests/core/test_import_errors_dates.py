"""The rejected rows' file writes an Excel date cell as the date alone (found by QA: "2025-02-10
00:00:00"), a time of day as it was, so a clerk corrects and imports the file back as it was."""

from __future__ import annotations

import csv
import datetime as dt

from app.importer import write_errors_csv
from app.importer.report import ImportReport, Problem


def test_an_excel_date_is_written_as_the_date(tmp_path) -> None:
    report = ImportReport("payments", ["p.xlsx"], dry_run=False)
    report.headers["p.xlsx"] = ["loan_no", "paid_on", "amount", "at"]
    report.errors.append(Problem("p.xlsx", 2, "amount", "Not an amount: ¥800"))
    at = dt.datetime(2025, 2, 10, 9, 30)
    report.rejected["p.xlsx"] = {2: ["L1", dt.datetime(2025, 2, 10), "¥800", at]}
    out = write_errors_csv(report, tmp_path / "rejected.csv")
    lines = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    assert lines[1][3:] == ["L1", "2025-02-10", "¥800", "2025-02-10 09:30:00"]
