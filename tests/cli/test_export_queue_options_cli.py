"""`casedesk export queue` takes the options `casedesk queue` takes (QA s47: --product, --segment
and --sort were refused as unrecognised): the file lists the cases the queue lists, in its
order; another list given them is told they are the queue's; an unknown product is named."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from tests.conftest import TEST_KEY


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, demo_path: Path) -> list[str]:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return ["--db", str(demo_path)]


def _queue(env: list[str], product: str, segment: str, sort: str, descending: bool) -> list[str]:
    """The case numbers the queue lists with these options, in its order (the core's query)."""
    from app.models import User
    from app.queries.cases import QueueFilter, queue_ids, queue_rows
    from db.store import open_database

    database = open_database(Path(env[1]), TEST_KEY)
    try:
        with database.sessions() as s:
            user = s.scalar(select(User).where(User.username == "supervisor"))
            flt = QueueFilter(product_code=product, segment=segment)
            ids = queue_ids(s, user, flt, sort=sort, descending=descending)
            rows = queue_rows(s, ids)
            return [rows[i].case_no for i in ids]
    finally:
        database.close()


def _cases(path: Path) -> list[str]:
    return [r[0] for r in csv.reader(path.read_text("utf-8-sig").splitlines())][1:]


@pytest.mark.parametrize(
    ("options", "sort", "descending"),
    [([], "priority", True), (["--sort", "dpd"], "dpd", False), (["--reverse"], "priority", False),
     (["--sort", "amount", "--reverse"], "amount", True)],
)  # fmt: skip
def test_export_queue_follows_the_queues_options(
    capsys, env: list[str], tmp_path: Path, options: list[str], sort: str, descending: bool
) -> None:
    path = tmp_path / "queue.csv"
    args = ["export", "queue", str(path), "--product", "PCL", "--segment", "young", *options]
    assert main([*args, *env]) == 0, capsys.readouterr().err
    expected = _queue(env, "PCL", "young", sort, descending)
    assert expected and _cases(path) == expected
    everyone = _queue(env, None, None, "priority", True)  # type: ignore[arg-type]
    assert len(everyone) > len(expected)  # the filters did filter


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_queues_options_are_refused_for_another_list(
    capsys, env: list[str], tmp_path: Path, lang: str
) -> None:
    code = main(
        ["export", "borrowers", str(tmp_path / "b.csv"), "--sort", "dpd", "--lang", lang, *env]
    )
    said = capsys.readouterr().err
    assert code == 1
    if lang == "en":
        assert "Only the queue's export takes --sort: export borrowers without." in said
    else:
        assert "只有工作队列的导出接受 --sort：导出 borrowers 时请不要使用。" in said
    assert not (tmp_path / "b.csv").exists()
    code = main(["export", "queue", str(tmp_path / "q.csv"), "--product", "NOPE", *env])
    assert (
        code == 1 and "Unknown value NOPE; choose one of: CRL, PCL, SUL." in capsys.readouterr().err
    )
