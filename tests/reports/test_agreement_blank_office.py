"""An agreement whose office left its address or phone blank (imported its loans before filling
them in) printed an empty line under Party A's name: a paper a borrower signs looked broken. Now a
blank one is a labelled line to fill in by hand, in both languages; one on file prints as before."""

from __future__ import annotations

import pytest

from app.models import AgreementStatus
from tests.reports.test_agreement_pdf import _doc, _pdf


def _party_a(text: str) -> list[str]:
    """The parties table's lines from Party A's name to Party B's heading."""
    lines = text.splitlines()
    start = next(k for k, line in enumerate(lines) if "惠普金融信息服务有限公司" in line)
    end = next(k for k, line in enumerate(lines) if k > start and "乙方" in line)
    return lines[start:end]


@pytest.mark.parametrize(
    ("blank", "label", "kept"),
    [
        ({"lender_address": ""}, "地址 Address：____", "010-12345678"),
        ({"lender_phone": ""}, "电话 Phone：____", "北京市东城区东长安街 1 号"),
    ],
    ids=["address", "phone"],
)
def test_a_blank_detail_is_a_line_to_fill_in(blank: dict[str, str], label: str, kept: str) -> None:
    _bytes, _reader, text = _pdf(_doc(AgreementStatus.APPROVED, **blank))
    party = _party_a(text)
    assert any(line.startswith(label) for line in party), party
    assert any(kept in line for line in party), party


def test_details_on_file_print_as_they_are() -> None:
    _bytes, _reader, text = _pdf(_doc(AgreementStatus.APPROVED))
    party = "\n".join(_party_a(text))
    assert "____" not in party and "Address" not in party and "Phone" not in party
    assert "北京市东城区东长安街 1 号" in party and "010-12345678" in party
