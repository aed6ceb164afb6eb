"""`agreement print --signed` of an agreement that is not signed says what to do instead: print
it without --signed (a copy for signing), or record the signing first (approving a draft before),
naming the commands, in English and Chinese; the core's refusal names no command or option (the
window shows it too). QA: the refusal said only that it was not signed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.agreements import approve, draft_settlement, gather_document
from app.agreements.document import NotSignedYet
from app.cli.main import main
from db.store import open_database
from tests.conftest import TEST_KEY
from tests.core.test_agreements import _case, _user, build_office

WORDS = {
    "en": {
        "core": "Print it as a copy for signing, or record the signing first.",
        "core_draft": "Print it as a copy for signing, or have it approved and record the "
        "signing first.",
        "cli": "Print it without --signed for a copy to sign, or record the signing first: "
        "casedesk agreement sign {number}.",
        "cli_draft": "casedesk agreement approve {number}, then casedesk agreement sign {number}.",
        # An agent may not approve the draft's waiver: no command they may not run (QA s44 #6).
        "cli_agent_draft": "a supervisor must approve it, then record the signing: casedesk "
        "agreement sign {number}.",
    },
    "zh_CN": {
        "core": "请打印供签署的文本，或先登记签署。",
        "core_draft": "请打印供签署的文本，或先经审批并登记签署。",
        "cli": "去掉 --signed 即可打印供签署的文本；或先登记签署："
        "casedesk agreement sign {number}。",
        "cli_draft": "casedesk agreement approve {number}，然后 casedesk agreement sign {number}。",
        "cli_agent_draft": "该协议须由主管审批，之后再登记签署：casedesk agreement sign {number}。",
    },
}


@pytest.fixture
def office(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """(file, a draft's number, an approved agreement's number), closed; agent01 acts."""
    path = Path(shutil.copyfile(template_db, tmp_path / "office.db"))
    database = open_database(path, TEST_KEY)
    try:
        build_office(database)
        with database.session() as s:
            agent, boss = _user(s, "agent01"), _user(s, "supervisor")
            draft = draft_settlement(s, agent, _case(s, "L1").case_no, 900_000).agreement_no
            approved = draft_settlement(s, agent, _case(s, "L2").case_no, 900_000).agreement_no
            approve(s, boss, approved)
        with database.session() as s, pytest.raises(NotSignedYet) as refused:
            gather_document(s, _user(s, "agent01"), approved, as_signed=True)
        with database.session() as s, pytest.raises(NotSignedYet) as refused_draft:
            gather_document(s, _user(s, "agent01"), draft, as_signed=True)
    finally:
        database.close()
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_USER", "agent01")
    monkeypatch.setenv("CASEDESK_PASSWORD", "pw-agent")
    return path, draft, approved, refused.value, refused_draft.value


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_core_says_what_to_do_without_naming_a_command(office, lang) -> None:
    _path, _draft, _approved, refused, refused_draft = office
    said, said_draft = refused.translated(lang), refused_draft.translated(lang)
    assert said.endswith(WORDS[lang]["core"]) and said_draft.endswith(WORDS[lang]["core_draft"])
    assert not any(word in said + said_draft for word in ("--", "casedesk"))


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_cli_names_the_way_out(office, capsys, tmp_path: Path, lang) -> None:
    path, draft, approved, _refused, _refused_draft = office
    pdf = tmp_path / "signed.pdf"
    for number, key in ((approved, "cli"), (draft, "cli_agent_draft")):
        capsys.readouterr()
        code = main(["--db", str(path), "--lang", lang, "agreement", "print", number,
                     "-o", str(pdf), "--signed"])  # fmt: skip
        err = capsys.readouterr().err
        assert code == 1 and not pdf.exists()
        assert WORDS[lang][key].format(number=number) in err, err
        assert "agreement approve" not in err
    # A supervisor, who may approve it, is given the command.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CASEDESK_USER", "supervisor")
        env.setenv("CASEDESK_PASSWORD", "pw-sup")
        code = main(["--db", str(path), "--lang", lang, "agreement", "print", draft,
                     "-o", str(pdf), "--signed"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and WORDS[lang]["cli_draft"].format(number=draft) in err, err
    # Without --signed, as it says: the copy for signing is written.
    assert main(["--db", str(path), "agreement", "print", approved, "-o", str(pdf)]) == 0
    assert pdf.exists()
