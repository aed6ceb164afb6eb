"""A new office's first day on the command line, in Chinese: what an import added is told with
Chinese punctuation, and a training day typed wrong says it is no day of the calendar."""

from __future__ import annotations

import pytest

from tests.cli.conftest import ADMIN_PASSWORD, AGENT_PASSWORD
from tests.core import importer_files as f


@pytest.fixture
def db(office, monkeypatch):
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


def test_what_an_import_added_reads_as_chinese(cli, db, tmp_path):
    borrowers = f.write_csv(tmp_path / "客户.csv", f.BORROWER_ZH, f.borrowers(2))
    code, out, err = cli("--lang", "zh_CN", "import", "borrowers", borrowers, *db)
    assert code == 0, err
    assert out.splitlines()[1:] == ["  电话：2", "  地址：2"]  # not "电话: 2"
    loans = f.write_csv(tmp_path / "借据.csv", f.LOAN_ZH, f.loans(2))
    code, out, err = cli("import", "loans", loans, *db)
    assert code == 0, err
    assert out.splitlines()[1] == "  instalments: 24"


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "There is no such date: 2026/2/30."), ("zh_CN", "不存在的日期：2026/2/30。")],
)
def test_a_training_day_not_in_the_calendar(cli, db, lang, message):
    code, _out, err = cli(
        "--lang", lang, "training", "add", "bob", "LAW", "--date", "2026/2/30", "--score", "88", *db
    )
    assert code == 1 and err == f"casedesk: {message}\n"


@pytest.mark.parametrize(
    ("lang", "heading", "office", "staff"),
    [
        (
            "en",
            "A new office: its work queue fills once these are done.",
            "○ 1. Fill in the office's details, which the visit sheets and agreements print "
            "(missing: the address, the phone, the safety contact for field visits): "
            "Settings… › Office",
            "○ 2. Add the staff",
        ),
        (
            "zh_CN",
            "新营业部：完成以下几步后，工作队列中就会出现案件。",
            "○ 1. 填写营业部信息（上门日程表和还款协议上会打印；"
            "尚缺：地址、电话、上门安全联系人）：“设置…” › “营业部”",
            "○ 2. 添加人员",
        ),
    ],
    ids=["en", "zh_CN"],
)
def test_init_tells_the_new_admin_what_to_do_next(
    cli, tmp_path, monkeypatch, lang, heading, office, staff
):
    """As the office's empty work queue does, not only how to open the window: init asks no
    address, phone or safety contact, so filling them in comes first, with the command to type."""
    from tests.conftest import TEST_KEY

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "Kestrel-42")
    code, out, err = cli("--lang", lang, "init", "--db", tmp_path / "new.db", "--office", "浦东")
    assert code == 0, err
    lines = out.splitlines()
    steps = lines[lines.index(heading) :]
    assert [line[:2] for line in steps[1:]] == ["○ ", "○ ", "○ ", "○ "]
    assert steps[1].startswith(office)
    assert 'settings set office.address="…" office.phone="…" office.safety_contact="…"' in steps[1]
    assert steps[2].startswith(staff) and "casedesk user add" in steps[2]
    assert "casedesk import" in steps[4]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "No case is assigned to you yet: a supervisor assigns cases, by hand or by rule."),
        ("zh_CN", "还没有分配给您的案件：由主管手动或按规则分配案件。"),
    ],
)
def test_an_agents_empty_queue_says_whose_move_it_is(cli, db, tmp_path, monkeypatch, lang, words):
    """As the window's queue says under its table; not only "0 of 0 open cases"."""
    borrowers = f.write_csv(tmp_path / "客户.csv", f.BORROWER_ZH, f.borrowers(2))
    loans = f.write_csv(tmp_path / "借据.csv", f.LOAN_ZH, f.loans(2))
    assert cli("import", "borrowers", borrowers, *db)[0] == 0
    assert cli("import", "loans", loans, "--rebuild", *db)[0] == 0  # two open cases, unassigned
    monkeypatch.setenv("CASEDESK_USER", "bob")
    monkeypatch.setenv("CASEDESK_PASSWORD", AGENT_PASSWORD)
    code, out, err = cli("--lang", lang, "queue", *db)
    assert code == 0, err
    assert out.splitlines()[-1] == words
    code, out, err = cli("--lang", lang, "queue", "--search", "张伟", *db)
    assert words not in out  # a search that finds nothing is no news about assignments
