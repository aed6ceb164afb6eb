"""A training export imports again (QA s47): `casedesk export training` (CSV or XLSX, Chinese or
English) read by `casedesk import training` and `casedesk training import`. Its 催收员/Agent
column (the agent's name) beside 用户名/User name no longer reads as a repeated column, its
最近培训日期/Last taken is the date, and a course an agent never took (缺失/Missing, no date, no
score) is nothing to import. A dry run reads every row; an import of the unchanged export adds
nothing. On a copy of the demo office, with a course no one has taken yet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from tests.conftest import TEST_KEY


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, demo_path: Path) -> list[str]:
    from app.models import Role, User
    from app.training.records import add_course
    from db.store import open_database

    database = open_database(demo_path, TEST_KEY)
    try:
        with database.session() as s:
            admin = s.scalar(select(User).where(User.role == Role.ADMIN).limit(1))
            add_course(
                s,
                admin,
                code="FIRSTAID",
                name_zh="急救",
                name_en="First aid",
                validity_months=12,
                pass_mark=60,
                required_for="none",
            )
    finally:
        database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path), "--user", "admin"]


def _records(db: list[str]) -> int:
    from app.models import TrainingRecord
    from db.store import open_database

    database = open_database(Path(db[1]), TEST_KEY)
    try:
        with database.sessions() as s:
            return s.scalar(select(func.count()).select_from(TrainingRecord))
    finally:
        database.close()


def _run(capsys, *args: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def _body(path: Path) -> tuple[list[str], list[list[object]]]:
    """The export's header and rows, as written."""
    if path.suffix == ".csv":
        rows: list[list[object]] = list(csv.reader(path.read_text("utf-8-sig").splitlines()))
    else:
        import openpyxl

        book = openpyxl.load_workbook(path)
        rows = [list(r) for r in book.worksheets[-1].iter_rows(values_only=True)]
    return [str(h) for h in rows[0]], rows[1:]


@pytest.mark.parametrize(("lang", "suffix"), [("zh_CN", "xlsx"), ("en", "csv"), ("zh_CN", "csv")])
def test_an_exported_training_list_imports_again(
    capsys, env: list[str], tmp_path: Path, lang: str, suffix: str
) -> None:
    from app.i18n import tr

    path = tmp_path / f"training.{suffix}"
    code, said = _run(capsys, "export", "training", str(path), "--lang", lang, *env)
    assert code == 0, said
    header, body = _body(path)
    assert header[:2] == (["催收员", "用户名"] if lang == "zh_CN" else ["Agent", "User name"])
    assert header[5] == ("最近培训日期" if lang == "zh_CN" else "Last taken")
    never = [r for r in body if r[3] in ("急救", "First aid")]
    assert never and all(r[5] in ("", None) for r in never)  # a course no one has taken
    taken = len(body) - len(never)
    before = _records(env)
    checked = tr(
        "{rows} rows checked: {new} new, {unchanged} already imported; "
        "nothing was saved (dry run).",
        lang,
        rows=f"{taken:,}",
        new="0",
        unchanged=f"{taken:,}",
    )
    code, said = _run(capsys, "import", "training", str(path), "--dry-run", "--lang", lang, *env)
    # Its own columns are known: none is "Not read" (QA s47 O #3: Agent, Overall, Status and
    # Valid until were, with a sentence about borrowers and loans); both commands say the same.
    assert code == 0 and said.strip() == checked, said
    code, again = _run(capsys, "training", "import", str(path), "--dry-run", "--lang", lang, *env)
    assert code == 0 and again == said, again
    # for real: the unchanged export adds nothing, and says so
    code, said = _run(capsys, "import", "training", str(path), "--lang", lang, *env)
    assert code == 0, said
    assert said.startswith(
        tr("Imported {new}; {skipped}.", lang, new=_added(0, lang), skipped=_skipped(taken, lang))
    )
    assert _records(env) == before


def _added(n: int, lang: str) -> str:
    from app.i18n import Counted, tr
    from app.importer.report import ADDED

    return tr("{x}", lang, x=Counted(n, *ADDED["training"]))


def _skipped(n: int, lang: str) -> str:
    from app.i18n import Counted, tr
    from app.importer.report import SKIPPED

    return tr("{x}", lang, x=Counted(n, *SKIPPED["training"]))


def test_two_other_agent_columns_are_still_refused(capsys, env: list[str], tmp_path: Path) -> None:
    """Only a user-name column settles the repeat: 催收员 and 员工 side by side are the lender's to
    choose between, as before."""
    path = tmp_path / "training.csv"
    path.write_text("催收员,员工,课程,日期,分数\nagent01,agent02,LAW,2026-03-01,90\n", "utf-8")
    code, said = _run(capsys, "import", "training", str(path), "--dry-run", *env)
    assert code == 1 and "appears more than once (A: 催收员, B: 员工)" in said, said


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_column_not_read_is_said_alike_by_both_commands(
    capsys, env: list[str], tmp_path: Path, lang: str
) -> None:
    """A misspelt optional column beside the export's own: both commands name it, and only it,
    in words of training records, not of borrowers and loans."""
    from app.i18n import tr

    path = tmp_path / "training.csv"
    code, said = _run(capsys, "export", "training", str(path), "--lang", lang, *env)
    assert code == 0, said
    header, body = _body(path)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([[*header, "Trainerx"], *([*row, "王老师"] for row in body)])
    note = tr(
        "Not read — Casedesk has no column by that name: {columns}. If one of them holds what a "
        "template column holds, rename it as the template does and check the file again: a "
        "training record once imported is skipped by a later import.",
        lang,
        columns=["I: Trainerx"],
    )
    code, said = _run(capsys, "import", "training", str(path), "--dry-run", "--lang", lang, *env)
    assert code == 0 and note in said.splitlines(), said
    assert ("borrower" not in said) and ("借款人" not in said), said
    code, again = _run(capsys, "training", "import", str(path), "--dry-run", "--lang", lang, *env)
    assert code == 0 and again == said, again
