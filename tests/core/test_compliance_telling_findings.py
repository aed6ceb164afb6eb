"""The reasons a compliance log row (the page and `export compliance`) gives: an allowed finding
(severity info) is left out beside one that refused, warned or needed an override (QA s45 finding
4), and kept on a row that has nothing else to say."""

from __future__ import annotations

from app.compliance.model import telling_findings
from app.queries.compliance_rows import _reasons

ALLOWED = {
    "rule": "quiet_hours",
    "severity": "info",
    "key": "Within quiet hours ({start}–{end}), allowed because the borrower agreed.",
    "params": {"start": "22:00", "end": "08:00"},
}
REFUSED = {
    "rule": "stop_contact_refused",
    "severity": "blocked",
    "key": "The borrower refused further contact (stop flag).",
    "params": {},
}


def test_an_allowed_finding_is_left_out_beside_a_refusal() -> None:
    assert telling_findings([ALLOWED, REFUSED]) == [REFUSED]
    assert telling_findings([{"rule": "x", "key": "y"}, ALLOWED]) == [{"rule": "x", "key": "y"}]
    rules, reasons, _ = _reasons([ALLOWED, REFUSED], "en")
    assert rules == "stop_contact_refused"
    assert reasons == "The borrower refused further contact (stop flag)."
    rules, reasons, _ = _reasons([REFUSED, ALLOWED], "zh_CN")
    assert reasons == "借款人已拒绝继续联系（停止联系标记）。"


def test_a_row_with_only_an_allowed_finding_keeps_its_words() -> None:
    assert telling_findings([ALLOWED]) == [ALLOWED]
    assert telling_findings(None) == []
    rules, reasons, _ = _reasons([ALLOWED], "en")
    assert rules == "" and "allowed because the borrower agreed" in reasons
