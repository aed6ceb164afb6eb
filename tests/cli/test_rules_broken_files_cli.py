"""The command line with a shipped rule set file an admin edited by hand into a mistake, and with
a stored version that no longer parses (found by QA): each said once, in the user's language,
naming the file (not "new version") and its line, with what to do; `rules use` with no code lists
the rule sets and says which cannot be chosen; the US waits say when calls may resume. The files
are a copy (the `shipped_files` fixture)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.compliance import change_parameters
from app.compliance.versions import select_jurisdiction
from app.contacts import log_contact
from app.models import Borrower, Case, CaseStatus, Loan, RuleSetVersion, User
from tests.cli.conftest import ADMIN_PASSWORD
from tests.conftest import TEST_KEY


@pytest.fixture
def admin(monkeypatch, office: Path) -> list[str]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    return ["--db", str(office)]


@pytest.mark.parametrize(
    ("lang", "where"), [("en", "cn.toml, line 49"), ("zh_CN", "cn.toml 第 49 行")]
)
def test_rules_show_names_a_broken_file_once(cli, admin, shipped_files, lang, where) -> None:  # type: ignore[no-untyped-def]
    code, _out, _err = cli("--lang", lang, "rules", "show", *admin)  # the first version stored
    shipped_files("cn", "max = 3", "max = -3")
    code, out, err = cli("--lang", lang, "rules", "show", *admin)
    assert code == 0 and "CN 2026.7" in out
    assert err.count("cn.toml") == 1 and where in err, err
    assert ("Rule set" in err) == (lang == "en")
    code, out, err = cli("--lang", lang, "rules", "use", *admin)
    assert code == 0 and "cn.toml" not in err  # said already by this process


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_rules_use_lists_and_refuses_a_broken_file_by_name(cli, admin, shipped_files, lang) -> None:  # type: ignore[no-untyped-def]
    shipped_files("uk", "[rules.visit_vulnerable]", "[rules.visit_vulnerables]")
    code, out, _err = cli("--lang", lang, "rules", "use", *admin)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    assert lines[0].startswith("  CN — ") and lines[1].startswith("  US — ")
    assert "uk.toml" in lines[2] and "visit_vulnerables" in lines[2]
    assert ("cannot be chosen" if lang == "en" else "无法选择") in lines[2]
    code, out, err = cli("--lang", lang, "rules", "use", "uk", *admin)
    assert code != 0 and "uk.toml" in err and "new version" not in err
    code, out, err = cli("--lang", lang, "rules", "use", "us", *admin)
    assert code == 0 and "US 2026.7" in out


def test_rules_use_says_bad_toml_in_chinese_with_its_column(cli, admin, shipped_files) -> None:  # type: ignore[no-untyped-def]
    shipped_files("us", "max = 7", 'max = "7')
    code, _out, err = cli("--lang", "zh_CN", "rules", "use", "us", *admin)
    assert code != 0 and "us.toml 第 47 行：第 9 列不是有效的 TOML" in err, err
    assert "new version" not in err


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_broken_stored_version_is_said_once(cli, admin, office, lang) -> None:  # type: ignore[no-untyped-def]
    from app.compliance import said, versions
    from db.store import open_database

    database = open_database(office, TEST_KEY)
    with database.session() as s:
        me = s.scalar(select(User).where(User.username == "admin"))
        row = change_parameters(s, me, "daily_conversation_cap", {"max": 2})
        row.content = row.content.replace("max = 2", "max = -3")
    database.close()
    versions._parsed.clear()
    said.forget_said()
    code, out, err = cli("--lang", lang, "rules", "show", *admin)
    assert code == 0 and "CN 2026.7 " in out
    assert err.count("2026.7-r2") == 1, err
    assert "rules set" in err
    if lang == "zh_CN":
        assert "Rule set" not in err and "Using" not in err and "无法读取" in err
    said.forget_said()
    versions._parsed.clear()
    with open_database(office, TEST_KEY).session() as s:
        assert s.scalar(select(RuleSetVersion.version).where(RuleSetVersion.active)) == "2026.7-r2"


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_wait_after_a_conversation_says_when_calls_may_resume(
    capsys, monkeypatch, demo_path, lang
):  # type: ignore[no-untyped-def]
    from db.store import open_database

    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    zone = zoneinfo.ZoneInfo("Asia/Shanghai")
    day = dt.datetime.now(zone).date() - dt.timedelta(days=3)
    talked = dt.datetime.combine(day, dt.time(10, 0), zone)
    database = open_database(demo_path, TEST_KEY)
    with database.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        select_jurisdiction(s, admin, "us")
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        case_no, borrower_id = s.execute(
            select(Case.case_no, Borrower.id)
            .join(Loan, Loan.id == Case.loan_id)
            .join(Borrower, Borrower.id == Loan.borrower_id)
            .where(
                Case.status != CaseStatus.CLOSED,
                Case.paused.is_(False),
                Borrower.contact_refused.is_(False),
                Borrower.has_lawyer.is_(False),
            )
            .order_by(Case.id)
        ).first()
        s.get(Borrower, borrower_id).timezone = zone.key
    with database.session() as s:
        boss = s.scalar(select(User).where(User.username == "supervisor"))
        log_contact(s, boss, case_no, channel="call", party="borrower", at=talked,
                    outcome="connected", override_by=boss,
                    override_reason="The borrower asked to be called back.")  # fmt: skip
    database.close()
    at = (talked + dt.timedelta(days=2)).isoformat()
    capsys.readouterr()
    main(["--lang", lang, "contact", "check", case_no, "--channel", "call", "--party",
          "borrower", "--outcome", "no_answer", "--at", at, "--db", str(demo_path)])  # fmt: skip
    out = capsys.readouterr().out
    talk = re.search(r"(\d{4}-\d\d-\d\d) (?:已与借款人通话|;)|took place on (\d{4}-\d\d-\d\d)", out)
    assert talk, out
    said_day = dt.date.fromisoformat(talk.group(1) or talk.group(2))
    resume = (said_day + dt.timedelta(days=7)).isoformat()
    advice = f"may be made from {resume}" if lang == "en" else f"自 {resume} 起可以再致电借款人"
    assert advice in out, out


def test_settings_names_the_broken_file_and_changes_nothing(cli, admin, shipped_files) -> None:  # type: ignore[no-untyped-def]
    shipped_files("us", "max = 7", "max = -7")
    code, _out, err = cli(
        "--lang", "zh_CN", "settings", "set", "rules=us", "office.phone=123", *admin
    )
    assert code != 0 and "us.toml 第 47 行" in err and "new version" not in err, err
    code, out, _err = cli("--lang", "en", "rules", "show", *admin)
    assert code == 0 and "CN 2026.7" in out.splitlines()[0]
