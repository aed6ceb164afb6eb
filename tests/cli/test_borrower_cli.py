"""`casedesk borrower show|flags` on a copy of the demo office: an agent records a request to
stop, a supervisor lifts it with a note, a related person's do-not-contact; refusals exit 1 and
change nothing; usage errors exit 2; Chinese output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Borrower, RelatedPerson
from db.store import open_database
from tests.conftest import TEST_KEY


@pytest.fixture
def office(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CASEDESK_DB_KEY", TEST_KEY)
    monkeypatch.setenv("CASEDESK_PASSWORD", "demo")
    return demo_path


def _stored(path: Path) -> tuple[str, dict[str, bool], list[tuple[int, bool]], list[str]]:
    """The first borrower with related persons free of stop flags: number, flags, persons
    (id, do not contact), and the audit actions about them."""
    database = open_database(path, TEST_KEY)
    try:
        with database.sessions() as s:
            borrower = s.scalar(
                select(Borrower)
                .join(RelatedPerson, RelatedPerson.borrower_id == Borrower.id)
                .where(~Borrower.has_lawyer, ~Borrower.contact_refused)
                .order_by(Borrower.id)
                .limit(1)
            )
            flags = {"has_lawyer": borrower.has_lawyer, "contact_refused": borrower.contact_refused}
            people = [(p.id, p.do_not_contact) for p in borrower.related_persons]
            actions = s.scalars(
                select(AuditEntry.action)
                .where(
                    AuditEntry.entity == "borrower", AuditEntry.entity_id == borrower.borrower_no
                )
                .order_by(AuditEntry.id)
            ).all()
            return borrower.borrower_no, flags, sorted(people), list(actions)
    finally:
        database.close()


def test_an_agent_records_a_stop_and_a_supervisor_lifts_it(office: Path, cli) -> None:
    number, flags, people, actions = _stored(office)
    assert not any(flags.values()) and actions == []
    agent = ["--db", office, "--user", "agent01"]
    code, out, err = cli("borrower", "flags", number, "--set", "has-lawyer", *agent)
    assert code == 0, err
    assert f"Borrower {number} (" in out and "Stop flags: Has a lawyer" in out
    code, out, err = cli(
        "borrower", "flags", number, "--clear", "has_lawyer", "--note", "x", *agent
    )
    assert code == 1 and "may not lift a restriction on contact" in err
    sup = ["--db", office, "--user", "supervisor"]
    code, out, err = cli("borrower", "flags", number, "--clear", "has_lawyer", *sup)
    assert code == 1 and "needs a written reason" in err
    code, out, err = cli(
        "borrower",
        "flags",
        number,
        "--clear",
        "has_lawyer",
        "--note",
        "律师函已撤回",
        "--json",
        *sup,
    )
    assert code == 0, err
    shown = json.loads(out)
    assert shown["changed"] and shown["flags"]["has_lawyer"] is False
    code, out, err = cli("borrower", "flags", number, "--clear", "has_lawyer", *sup)
    assert code == 0 and out.startswith("Nothing changed")
    assert _stored(office)[3] == ["borrower.flags", "borrower.flags"]


def test_a_related_person_and_chinese_output(office: Path, cli) -> None:
    number, _flags, people, _actions = _stored(office)
    person = people[0][0]
    agent = ["--db", office, "--user", "agent01"]
    code, out, err = cli(
        "--lang", "zh_CN", "borrower", "flags", number, "--person", str(person),
        "--set", "do_not_contact", *agent,
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith(f"借款人 {number}（") and "停止联系标记：无" in out
    assert f"  {person}  " in out and "禁止联系" in out
    code, out, _ = cli("borrower", "show", number, "--json", *agent)
    related = {p["id"]: p for p in json.loads(out)["related"]}
    assert related[person]["do_not_contact"] is True
    assert all("****" in p["phone"] for p in related.values() if p["phone"])  # masked
    assert _stored(office)[2][0] == (person, True)


def test_refusals_and_usage_errors(office: Path, cli) -> None:
    number, _flags, _people, _actions = _stored(office)
    agent = ["--db", office, "--user", "agent01"]
    code, _, err = cli("borrower", "flags", number, "--set", "lawyer", *agent)
    assert code == 1 and "Unknown flag lawyer" in err and "has_lawyer" in err
    code, _, err = cli("borrower", "flags", number, *agent)
    assert code == 1 and "--set or --clear" in err
    code, _, err = cli(
        "borrower", "flags", number, "--set", "vulnerable", "--clear", "vulnerable", *agent
    )
    assert code == 1 and "both set and cleared" in err
    code, _, err = cli(
        "borrower", "flags", number, "--person", "999999", "--set", "do_not_contact", *agent
    )
    assert code == 1 and "no related person 999999" in err
    code, _, err = cli("borrower", "show", "NOBODY", *agent)
    assert code == 1 and "Unknown borrower NOBODY" in err
    code, _, err = cli("borrower", "flags", *agent)
    assert code == 2
    # A note is capped as every note is (QA s44: 120,000 characters went into the audit trail).
    long = ("borrower", "flags", number, "--set", "has_lawyer", "--note", "x" * 2_001, *agent)
    code, _, err = cli(*long)
    assert (code, err) == (
        1,
        "casedesk: The note is too long: 2,001 characters, at most 2,000.\n",
    )
    code, _, err = cli("--lang", "zh_CN", *long)
    assert code == 1 and "2,001" in err and "2,000" in err
    assert _stored(office)[3] == []


def test_an_agent_records_a_number_the_borrower_gave(office: Path, cli) -> None:
    from tests.cli.test_borrower_phone_scope_cli import _added, _borrowers

    number = _borrowers(office)[0]  # one of agent01's cases' borrowers
    agent = ["--db", office, "--user", "agent01"]
    code, out, err = cli(
        "borrower", "phone", number, "139 0000 1234", "--primary", "--note", "来电告知", *agent
    )
    assert code == 0, err
    assert out.startswith(f"Phones of {number}:")
    assert "+86 139****1234  Mobile  primary" in out  # masked, as every list shows a phone
    code, _, err = cli("borrower", "phone", number, "13900001234", *agent)
    assert code == 1 and "already on file" in err
    code, _, err = cli("borrower", "phone", number, "12345", *agent)
    assert code == 1 and "Not a phone number" in err
    code, out, _ = cli(
        "borrower", "phone", number, "010 6512 3456", "--kind", "work", "--json", *agent
    )
    phones = json.loads(out)["phones"]
    assert [p["primary"] for p in phones if p["phone"] == "+86 139****1234"] == [True]
    # A landline says so (no SMS reaches it), in the JSON and in the list.
    landline = {p["phone"]: p["landline"] for p in phones}
    assert landline["+86 139****1234"] is False
    assert [v for k, v in landline.items() if k.endswith("3456")] == [True], landline
    assert _added(office) == 2
    code, out, _ = cli("borrower", "phone", number, "010 6512 3457", "--kind", "home", *agent)
    assert code == 0 and "3457  Home  landline" in out, out
    assert "1234  Mobile  primary" in out, out


def test_a_supervisor_reveals_an_id_number_for_a_reason(office: Path, cli) -> None:
    number = _stored(office)[0]
    database = open_database(office, TEST_KEY)
    try:
        with database.sessions() as s:
            full = s.scalar(select(Borrower.national_id).where(Borrower.borrower_no == number))
    finally:
        database.close()
    why = ["--reason", "法院要求核实身份"]
    code, _out, err = cli(
        "borrower", "reveal", number, "national_id", *why, "--db", office, "--user", "agent01"
    )
    assert code == 1 and "may not see personal data in full" in err
    code, _out, err = cli(
        "borrower", "reveal", number, "national_id", "--reason", "核实", "--db", office,
        "--user", "supervisor",
    )  # fmt: skip
    assert code == 1 and "at least 10 characters" in err
    assert _stored(office)[3] == []  # neither refusal was recorded as a reveal
    code, out, err = cli(
        "borrower", "reveal", number, "national_id", *why, "--db", office, "--user", "supervisor",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out) == {"borrower": number, "what": "national_id", "values": [full]}
    assert _stored(office)[3] == ["personal_data.reveal"]


def test_a_borrower_number_typed_in_lower_case_is_found(office: Path, cli) -> None:
    number = _stored(office)[0]
    typed = f" {number.lower()} "
    assert typed.strip() != number  # the demo's numbers have letters
    code, out, err = cli("borrower", "show", typed, "--db", office, "--user", "agent01")
    assert code == 0, err
    assert f"Borrower {number} (" in out
    code, out, err = cli(
        "borrower", "reveal", typed, "national_id", "--reason", "法院要求核实身份", "--json",
        "--db", office, "--user", "supervisor",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["borrower"] == number  # as stored
