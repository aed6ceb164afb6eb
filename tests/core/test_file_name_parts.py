"""A file name Casedesk proposes from a user name (the visit sheet's "visit-sheet-AGENT-DAY.pdf")
is one every system can hold: a user name may hold any character but a space, and "li:1" made
"visit-sheet-li:1-….pdf", which Casedesk itself then refused as a name Windows cannot hold (on
NTFS ":" writes a hidden stream), so the sheet of that agent could not even be previewed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.paths import name_part, refuse_windows_name


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("agent01", "agent01"),
        ("li:1", "li_1"),
        ("wang/li", "wang_li"),
        ('a<b>c"d|e?f*g\\h', "a_b_c_d_e_f_g_h"),
        ("张伟", "张伟"),
        ("con", "_con"),
        ("NUL.x", "_NUL.x"),
        ("lpt1", "_lpt1"),
        ("zhang.", "zhang"),
        ("...", "_"),
    ],
)
def test_a_name_part_is_fit_for_every_system(text: str, part: str) -> None:
    assert name_part(text) == part
    refuse_windows_name(Path(part))  # never refused
    refuse_windows_name(Path(f"visit-sheet-{name_part(text)}-20261207.pdf"))
