"""The daily visit sheet names a complaint's pause on a booked visit's case, in the reader's
language, under the visit's heading; a visit on a case without one says nothing of it."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.models import VisitStatus
from app.queries.visits import SheetVisit, VisitSheet
from reports.visit_sheet import render_visit_sheet

SHOTS = Path(os.environ.get("CASEDESK_SHOTS", "/tmp/visits-shots"))


def _sheet() -> VisitSheet:
    start = dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))

    def visit(n: int, paused_by: tuple[str, ...]) -> SheetVisit:
        return SheetVisit(
            f"V2026-00000{n}",
            f"C2026-00000{n}",
            start + dt.timedelta(hours=4 * (n - 1)),
            start + dt.timedelta(hours=4 * (n - 1), minutes=90),
            VisitStatus.BOOKED,
            ("张伟", "欧阳明华")[n - 1],
            "110101********1234",
            ("北京市朝阳区建国路1号院3单元", "深圳市南山区科技园2号楼")[n - 1],
            "+8613812345678",
            1_234_567,
            ("李强",),
            n == 2,
            paused_by,
        )

    now = dt.datetime(2026, 12, 3, 1, tzinfo=dt.UTC)
    return VisitSheet(
        "东城网点",
        "值班主管 陈静 400-800-1234",
        "agent01",
        "王芳",
        "",
        start.date(),
        "Asia/Shanghai",
        now,
        [visit(1, ("CP2026-000007",)), visit(2, ())],
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "Contact paused: complaint CP2026-000007 is open; do not go until a supervisor lifts "
            "the pause.",
        ),
        ("zh_CN", "暂停联系：投诉 CP2026-000007 尚未办结；主管解除暂停前请勿上门。"),
    ],
)
def test_a_paused_visit_says_so_on_the_sheet(lang, said):
    """QA: the sheet listed a booked visit on a paused case with no mention of the pause."""
    buf = io.BytesIO()
    render_visit_sheet(_sheet(), buf, lang)
    data = buf.getvalue()
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / f"visit_sheet_paused_{lang}.pdf"
    target.write_bytes(data)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    flat = "".join(text.split())  # the warning wraps across the row's width
    assert "".join(said.split()) in flat
    assert flat.count("CP2026-000007") == 1  # the first visit only
    # Under the first visit's heading, before its borrower row.
    first = flat.index("V2026-000001")
    assert first < flat.index("CP2026-000007") < flat.index("V2026-000002")
    if shutil.which("pdftoppm"):  # a picture to look at
        png = str(SHOTS / f"visit_sheet_paused_{lang}")
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(target), png], check=True)
