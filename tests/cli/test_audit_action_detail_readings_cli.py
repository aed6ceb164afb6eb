"""`casedesk audit list --action case.handed_back` (and `export audit --action …`) list exactly
the entries the Audit page's choice of that name lists: a case handed back to the queue, one sent
back with its deactivated agent, a visit's move blocked, apart from "case.assign" and
"visit.blocked"; the help names them, in English and Chinese. QA: "case.assign" listed every
case sent back as an assignment, "visit.blocked" every blocked move as a booking."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from db.store import open_database
from tests.cli.test_agreement_ready_words_cli import _run
from tests.conftest import TEST_KEY
from tests.core.test_audit_action_detail_readings import DEACTIVATED, HANDED_BACK, with_readings
from tests.core.visit_office import PASSWORD, build_visit_office


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """(file, case numbers): the visit office with each reading in its trail, closed."""
    path = Path(shutil.copyfile(template_db, tmp_path / "visits.db"))
    database = open_database(path, TEST_KEY)
    try:
        build_visit_office(database)
        cases = with_readings(database)
    finally:
        database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    return path, cases


def test_the_cli_lists_and_exports_each_reading_apart(  # type: ignore[no-untyped-def]
    office, capsys, tmp_path: Path
) -> None:
    path, cases = office
    db = ("--db", str(path))

    def listed(action: str) -> list[tuple[str, str, str]]:
        code, out, err = _run(capsys, *db, "audit", "list", "--action", action, "--json")
        assert code == 0, err
        return sorted((r["entity_id"], r["action_words"], r["action"]) for r in json.loads(out))

    def exported(action: str) -> list[tuple[str, str, str]]:
        target = tmp_path / f"{action}.csv"
        code, _, err = _run(capsys, *db, "export", "audit", str(target), "--action", action)
        assert code == 0, err
        with open(target, encoding="utf-8-sig", newline="") as handle:
            rows = csv.DictReader(handle)
            return sorted((r["Record id"], r["Action"], r["Action code"]) for r in rows)

    back, deactivated = HANDED_BACK, DEACTIVATED
    expected = {
        "case.assign": [(c, "Case assigned", "case.assign") for c in sorted(cases[2:4])],
        "case.handed_back": [(cases[2], back, "case.assign")],
        "case.agent_deactivated": [(c, deactivated, "case.assign") for c in sorted(cases[2:4])],
    }
    for action, rows in expected.items():
        assert listed(action) == rows, action
        assert exported(action) == rows, action
    for action, words in (
        ("visit.blocked", "Visit booking blocked by a rule"),
        ("visit.move_blocked", "Visit move blocked by a rule"),
    ):
        assert [(w, c) for _, w, c in listed(action)] == [(words, "visit.blocked")]
        assert [(w, c) for _, w, c in exported(action)] == [(words, "visit.blocked")]
    for lang, words in (
        ("en", "case.handed_back: handed back to the queue"),
        ("zh_CN", "visit.move_blocked（被规则拦截的上门改约）"),
    ):
        for command in (("audit", "list"), ("export",)):
            code, out, _ = _run(capsys, "--lang", lang, *command, "--help")
            assert code == 0 and "".join(words.split()) in "".join(out.split()), out
