"""`casedesk agreement list --status ready` lists those made ready for signing and `--status
approved` only those a supervisor approved, as the window's filter does; `--json` says which
(ready_for_signing). QA: `--status approved` listed both and `ready` was refused."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_agreement_ready_words_cli import _run, office

__all__ = ["office"]


def test_the_cli_lists_ready_for_signing_apart_from_approved(  # type: ignore[no-untyped-def]
    office, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, (own, _, checked) = office
    db = ("--db", str(path))
    assert _run(capsys, *db, "agreement", "approve", own)[0] == 0
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-sup")
    assert _run(capsys, *db, "agreement", "approve", checked)[0] == 0

    def listed(status: str) -> list[dict]:  # type: ignore[type-arg]
        code, out, err = _run(capsys, *db, "agreement", "list", "--status", status, "--json")
        assert code == 0, err
        return list(json.loads(out))

    assert [(r["agreement_no"], r["ready_for_signing"]) for r in listed("ready")] == [(own, True)]
    assert [(r["agreement_no"], r["ready_for_signing"]) for r in listed("approved")] == [
        (checked, False)
    ]
    code, out, _ = _run(capsys, *db, "--lang", "zh_CN", "agreement", "list", "--status", "ready")
    assert code == 0 and own in out and "定稿待签" in out and checked not in out, out
    code, _, err = _run(capsys, *db, "agreement", "list", "--status", "readied")
    assert code != 0 and "draft, approved, ready, signed" in err, err
