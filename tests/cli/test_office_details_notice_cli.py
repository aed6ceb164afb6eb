"""An office that imported its loans before filling in its own details no longer sees the first
steps, which named them: `casedesk visit list|book|approve|sheet` and `agreement print` say what
their papers lack (the visit sheet's safety contact; the agreement's address and phone), who
fills it in and where, in the user's language, and stop once filled. Printing goes ahead."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli import test_agreement_print_audit_cli, test_visit_cli
from tests.cli.conftest import ADMIN_PASSWORD, AGENT_PASSWORD

agreement_office = test_agreement_print_audit_cli.office  # an approved agreement's office
visit_office = test_visit_cli.env  # the visit office (tests.core.visit_office), as agent01

VISITS = {
    "en": "Not on file for the office: the safety contact for field visits. The visit sheets "
    "print no one for a team to call when a visit goes wrong. Fill it in: Settings… › Office, "
    'or casedesk settings set office.safety_contact="…".',
    "zh_CN": "营业部尚未填写：上门安全联系人。上门日程表上不会印出上门出意外时可联系的人。"
    '请填写：“设置…” › “营业部”，或 casedesk settings set office.safety_contact="…"。',
}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_visit_list_names_the_missing_safety_contact_until_filled(
    cli, office, monkeypatch, lang
) -> None:
    monkeypatch.setenv("CASEDESK_USER", "admin")
    monkeypatch.setenv("CASEDESK_PASSWORD", ADMIN_PASSWORD)
    code, out, err = cli("--lang", lang, "visit", "list", "--db", office)
    assert code == 0, err
    assert out.splitlines()[-1] == VISITS[lang]
    code, out, err = cli("--lang", lang, "visit", "list", "--json", "--db", office)
    assert code == 0 and out.startswith("{"), err  # scripts read JSON alone
    code, _out, err = cli(
        "settings", "set", "office.safety_contact=王主管 13800000000", "--db", office
    )
    assert code == 0, err
    code, out, err = cli("--lang", lang, "visit", "list", "--db", office)
    assert code == 0 and "safety" not in out and "安全联系人" not in out, out


def test_an_agent_is_told_who_fills_it_in(cli, office, monkeypatch) -> None:
    monkeypatch.setenv("CASEDESK_USER", "bob")
    monkeypatch.setenv("CASEDESK_PASSWORD", AGENT_PASSWORD)
    code, out, err = cli("visit", "list", "--db", office)
    assert code == 0, err
    assert out.splitlines()[-1].endswith("A supervisor or admin fills it in: Settings… › Office.")
    assert "settings set" not in out  # a command they may not run


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "Not on file for the office: the address, the phone. The agreements print a line "
            "there, to be filled in by hand. A supervisor or admin fills it in: "
            "Settings… › Office.",
        ),
        (
            "zh_CN",
            "营业部尚未填写：地址、电话。还款协议上该处印为空白横线，需手写填上。"
            "由主管或管理员在“设置…” › “营业部”中填写。",
        ),
    ],
)
def test_agreement_print_names_the_blank_address_and_phone(
    cli,
    agreement_office,
    tmp_path: Path,
    lang: str,
    said: str,
) -> None:
    database, number = agreement_office
    pdf = tmp_path / "agreement.pdf"
    code, out, err = cli(
        "--lang", lang, "--db", database.path, "agreement", "print", number, "-o", pdf
    )
    assert code == 0, err
    assert out.splitlines()[-1] == said
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Address" in text and "____" in text  # printed all the same, with a line to fill in


@pytest.fixture
def no_safety_contact(visit_office):
    """The visit office (tests.core.visit_office) before its safety contact was filled in, with
    its visits approved by a supervisor before the team goes."""
    from sqlalchemy import select

    from app import settings
    from app.models import Office, User
    from db.store import open_database
    from tests.conftest import TEST_KEY

    database = open_database(visit_office[1], TEST_KEY)
    try:
        with database.session() as s:
            s.scalar(select(Office)).safety_contact = ""
            admin = s.scalar(select(User).where(User.username == "admin"))
            settings.put(s, admin, "visit.approval_required", 1)
    finally:
        database.close()
    return visit_office


def test_booking_and_approving_a_visit_say_the_safety_contact_is_blank(
    cli, no_safety_contact, monkeypatch, tmp_path
) -> None:
    from tests.cli.test_visit_cli import CONSENT, _cases, _verified
    from tests.core.visit_office import PASSWORD, slot

    env = no_safety_contact
    case_no = _cases(cli, env)[0]
    number = _verified(cli, env, case_no)
    at = slot(10).isoformat()
    code, out, err = cli(
        "visit", "book", case_no, "--agents", "agent01,agent02", "--at", at, *CONSENT, *env
    )
    assert code == 0, err
    assert f"Visit {number} booked for" in out
    assert out.splitlines()[-1].startswith(VISITS["en"][:64])  # the agent: who fills it in
    assert out.splitlines()[-1].endswith("A supervisor or admin fills it in: Settings… › Office.")
    monkeypatch.setenv("CASEDESK_USER", "supervisor")
    monkeypatch.setenv("CASEDESK_PASSWORD", PASSWORD)
    code, out, err = cli("--lang", "zh_CN", "visit", "approve", number, *env)
    assert code == 0, err
    assert out.splitlines()[-1] == VISITS["zh_CN"]
    sheet = tmp_path / "sheet.pdf"
    code, out, err = cli(
        "visit", "sheet", "--agent", "agent01", "--date", f"{slot(10):%Y-%m-%d}", "-o", sheet, *env
    )
    assert code == 0 and sheet.exists(), err  # printed all the same
    assert out.splitlines()[-1] == VISITS["en"]
