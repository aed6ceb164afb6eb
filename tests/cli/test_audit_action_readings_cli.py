"""`casedesk export audit --action agreement.ready` writes exactly the approvals that made an
agreement ready for signing, `--action agreement.approve` exactly a supervisor's approvals, as
the Audit page's two choices list them; the help names both, in English and Chinese. QA: one
action, "agreement.approve", listed a drafter's own step as an approval."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.cli.test_agreement_ready_words_cli import _run, office

__all__ = ["office"]


def test_export_tells_an_approval_from_made_ready(  # type: ignore[no-untyped-def]
    office, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, (own, _, checked) = office
    db = ("--db", str(path))
    assert _run(capsys, *db, "agreement", "approve", own)[0] == 0  # agent01's own: made ready
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-sup")
    assert _run(capsys, *db, "agreement", "approve", checked)[0] == 0
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-admin")

    def exported(action: str) -> list[tuple[str, str, str]]:
        target = tmp_path / f"{action}.csv"
        code, _, err = _run(capsys, *db, "export", "audit", str(target), "--action", action)
        assert code == 0, err
        with open(target, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        return [(r["Record id"], r["Action"], r["Action code"]) for r in rows]

    assert exported("agreement.ready") == [
        (own, "Agreement made ready for signing", "agreement.approve")
    ]
    assert exported("agreement.approve") == [(checked, "Agreement approved", "agreement.approve")]
    for lang, words in (("en", "agreement.ready: agreements made ready for signing"),
                        ("zh_CN", "agreement.ready（已定稿待签的协议）")):  # fmt: skip
        code, out, _ = _run(capsys, "--lang", lang, "export", "--help")
        assert code == 0 and "".join(words.split()) in "".join(out.split()), out  # as wrapped
