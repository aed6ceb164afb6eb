"""Import files a lender would really have, made in the tests: GB18030 CSV as Chinese Excel saves
it, XLSX with a merged title and header cells and formatted empty rows at the bottom."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from app.demo.people import resident_id
from app.loans.schedule import add_months, build_schedule
from app.models import ScheduleType

AREAS = ("110105", "310101", "110108", "310104", "120101")
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴婷")
BORROWER_ZH = ["借款人编号", "姓名", "身份证号", "手机号", "地址", "城市", "省份", "工作单位"]
BORROWER_EN = ["borrower_no", "name", "id_number", "mobile", "address", "city", "province"]
LOAN_ZH = ["贷款编号", "借款人编号", "产品", "本金", "年利率", "期数", "放款日期", "同意上门"]
SCHEDULE_ZH = ["贷款编号", "期次", "应还日期", "应还本金", "应还利息", "费用"]
PAYMENT_ZH = ["贷款编号", "还款日期", "还款金额", "流水号", "还款方式"]


def national_id(n: int) -> str:
    born = dt.date(1960, 1, 1) + dt.timedelta(days=(n * 379) % 14000)
    return resident_id(AREAS[n % len(AREAS)], born, (n * 7) % 999)


def mobile(n: int) -> str:
    return f"13{(n % 10)}{(n * 7919) % 100_000_000:08d}"


def borrowers(count: int, start: int = 1) -> list[list[Any]]:
    """Rows (without header) in BORROWER_ZH order."""
    return [
        [
            f"B{n:06d}",
            NAMES[n % len(NAMES)],
            national_id(n),
            mobile(n),
            f"幸福路{n}号",
            "北京市",
            "北京市",
            "某某科技有限公司" if n % 2 else "",
        ]
        for n in range(start, start + count)
    ]


def loans(
    count: int, *, start: int = 1, disbursed: dt.date = dt.date(2025, 1, 10)
) -> list[list[Any]]:
    """Rows in LOAN_ZH order; principal with a thousands separator, as Excel shows it."""
    return [
        [
            f"L{n:06d}",
            f"B{n:06d}",
            "PCL",
            f"{12_000 + n * 100:,}.00",
            "12%",
            12,
            disbursed.isoformat(),
            "是" if n % 2 else "否",
        ]
        for n in range(start, start + count)
    ]


def schedule(
    count: int, *, start: int = 1, disbursed: dt.date = dt.date(2025, 1, 10)
) -> list[list[Any]]:
    """Rows in SCHEDULE_ZH order for loans(count), equal instalments at 12%."""
    rows: list[list[Any]] = []
    for n in range(start, start + count):
        plan = build_schedule(
            (12_000 + n * 100) * 100,
            1200,
            12,
            ScheduleType.EQUAL_INSTALMENT,
            add_months(disbursed, 1),
        )
        for p in plan:
            rows.append(
                [
                    f"L{n:06d}",
                    p.seq,
                    p.due_on.strftime("%Y/%m/%d").replace("/0", "/"),
                    f"{p.principal / 100:,.2f}",
                    f"{p.interest / 100:.2f}",
                    "0",
                ]
            )
    return rows


def write_csv(
    path: Path, header: list[str], rows: list[list[Any]], encoding: str = "gb18030"
) -> Path:
    """Chinese Excel's 'CSV' is GB18030 without a BOM and with CRLF line ends."""
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(
    path: Path,
    header: list[str],
    rows: list[list[Any]],
    *,
    title: str | None = None,
    merged_header: bool = False,
    empty_rows: int = 0,
    id_as_number: int | None = None,
) -> Path:
    """A workbook as a lender's clerk keeps it: a merged title row, a two-level header with
    merged cells, empty formatted rows at the bottom; `id_as_number` stores that data row's ID
    as a number (Excel keeps 15 significant digits)."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    r = 1
    if title:
        sheet.cell(r, 1, title).font = Font(bold=True, size=14)
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(header))
        r += 1
    if merged_header:
        # A group row above the header: "借款人信息" over the first columns, merged across, and
        # the first header cell merged down over both rows.
        sheet.cell(r, 1, header[0])
        sheet.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=1)
        sheet.cell(r, 2, "借款人信息")
        sheet.merge_cells(start_row=r, start_column=2, end_row=r, end_column=len(header))
        r += 1
        for c, name in enumerate(header[1:], start=2):
            sheet.cell(r, c, name)
    else:
        for c, name in enumerate(header, start=1):
            sheet.cell(r, c, name)
    r += 1
    for i, row in enumerate(rows):
        for c, value in enumerate(row, start=1):
            if (
                id_as_number == i
                and isinstance(value, str)
                and len(value) == 18
                and value[:17].isdigit()
            ):
                value = float(value[:17] + ("0" if value[17] == "X" else value[17]))
            sheet.cell(r, c, value)
        r += 1
    fill = PatternFill("solid", fgColor="FFF2CC")
    for _ in range(empty_rows):  # formatted but empty: openpyxl reads them back as rows of None
        for c in range(1, len(header) + 1):
            sheet.cell(r, c).fill = fill
        r += 1
    book.save(path)
    return path
