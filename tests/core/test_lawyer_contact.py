"""The borrower's lawyer is no third party (QA s47 P-3): with the borrower flagged has_lawyer, a
call to the borrower says "contact the lawyer instead", and a lawyer recorded as a related person
with the relation lawyer is contacted without the third-party rules (CN: failed attempts first,
consent, do not disclose; US: once only). Quiet hours still hold (they cover every contact), the
stop_lawyer rule's advice names the lawyer on file, and neither the case's "May be contacted"
column, its story nor the compliance report's third-party section counts the lawyer as one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.auth import authenticate
from app.borrowers import update_borrower_flags
from app.compliance.advice import advice
from app.contacts import check_contact, log_contact
from app.contacts_standing import may_contact
from app.models import Borrower, Case, RelatedPerson, Relationship, User, VerdictKind
from app.queries.case_story import timeline
from app.queries.loans import loan_detail
from app.related_persons import PersonFields, add_person
from app.reporting.compliance import compliance_report
from tests.core.test_contact_standing import _use, _yesterday, office  # noqa: F401 (fixture)

THIRD_PARTY_RULES = {
    "third_party_threshold",
    "third_party_consent",
    "third_party_disclosure",
    "third_party_once",
}


def _add_lawyer(db, relation: str = "律师") -> int:  # type: ignore[no-untyped-def]
    """The borrower's lawyer, who never agreed to be contacted as a third party would; the
    borrower flagged has_lawyer."""
    with db.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        person = add_person(s, admin, "B1", PersonFields("李律师", relation, "+8613900000009"))
        borrower = s.scalar(select(Borrower))
        assert borrower is not None
        update_borrower_flags(s, admin, "B1", expected_version=borrower.version, has_lawyer=True)
        return person.id


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _check(db, party: str, person: int | None, at: dt.datetime):  # type: ignore[no-untyped-def]
    agent = authenticate(db.sessions, "agent01", "pw-agent")
    with db.sessions() as s:
        return check_contact(
            s,
            s.get(User, agent.id),
            str(s.scalar(select(Case.case_no))),
            channel="call",
            party=party,
            related_person_id=person,
            at=at,
            outcome="connected",
        )


def _log(db, person: int, at: dt.datetime):  # type: ignore[no-untyped-def]
    agent = authenticate(db.sessions, "agent01", "pw-agent")
    with db.session(write_lock=True) as s:
        return log_contact(
            s,
            s.get(User, agent.id),
            str(s.scalar(select(Case.case_no))),
            channel="call",
            party="other",
            related_person_id=person,
            at=at,
            outcome="connected",
        )


def test_the_relation_is_taken_in_either_language(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    for word in ("律师", "attorney", "Lawyer"):
        with office.session() as s:
            admin = s.scalar(select(User).where(User.username == "admin"))
            person = add_person(s, admin, "B1", PersonFields("Lee", word))
            assert person.relation is Relationship.LAWYER


def test_the_import_reads_the_relation() -> None:
    from app.importer.related import relation_of

    for word in ("律师", "lawyer", "Lawyer", "attorney", "委托律师"):
        assert relation_of(word) is Relationship.LAWYER, word


def test_cn_no_third_party_rule_judges_a_call_to_the_lawyer(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    lawyer = _add_lawyer(office)
    said = _check(office, "other", lawyer, _yesterday(10))
    assert said.kind is VerdictKind.ALLOWED, [f.rule for f in said.findings]
    assert not THIRD_PARTY_RULES & {f.rule for f in said.findings}
    # A sibling on the same case is still a third party: an override and no disclosure.
    with office.sessions() as s:
        sibling = s.scalar(select(RelatedPerson.id).where(RelatedPerson.name == "王五"))
    third = {f.rule for f in _check(office, "relative", sibling, _yesterday(10)).findings}
    assert {"third_party_threshold", "third_party_disclosure"} <= third
    # Quiet hours cover every contact: the lawyer's too.
    late = _check(office, "other", lawyer, _yesterday(23))
    assert late.kind is VerdictKind.BLOCKED
    assert {f.rule for f in late.findings} == {"quiet_hours"}
    # The case page's column: a lawyer needs no consent.
    with office.sessions() as s:
        standing = may_contact(s, int(s.scalar(select(Case.id))))
    assert standing[lawyer].verdict is VerdictKind.ALLOWED
    assert standing[lawyer].answer("zh_CN") == "是"


def test_the_stop_lawyer_advice_names_the_lawyer_on_file(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    with office.session() as s:
        admin = s.scalar(select(User).where(User.username == "admin"))
        borrower = s.scalar(select(Borrower))
        assert borrower is not None
        update_borrower_flags(s, admin, "B1", expected_version=borrower.version, has_lawyer=True)
    # Now: the flag is judged as it stood at the contact's time (set just now). Whatever the
    # hour, stop_lawyer speaks (quiet hours may too).
    found = {f.rule: f for f in _check(office, "borrower", None, _now()).findings}
    assert advice(found["stop_lawyer"], "en") == (
        "No lawyer is on file: record the borrower's lawyer as a related person with the relation "
        "Lawyer, then contact them."
    )
    assert advice(found["stop_lawyer"], "zh_CN") == (
        "尚未登记律师：请先将借款人的律师登记为关联人（关系选“律师”），再与其联系。"
    )
    lawyer = _add_lawyer(office)
    found = {f.rule: f for f in _check(office, "borrower", None, _now()).findings}
    stop = found["stop_lawyer"]
    assert stop.text("en") == "The borrower is represented by a lawyer; contact the lawyer instead."
    assert advice(stop, "en") == "Contact the borrower's lawyer on file instead: 李律师."
    assert advice(stop, "zh_CN") == "请改为联系已登记的借款人律师：李律师。"
    assert advice(stop, "en", cli=True) == (
        f"Contact the borrower's lawyer on file instead: 李律师 (--party other --person {lawyer})."
    )
    assert "lawyer" not in stop.as_json()["params"]  # the name stays with the person


def test_us_the_lawyer_is_contacted_more_than_once(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _use(office, "us")
    lawyer = _add_lawyer(office, "attorney")
    first = _log(office, lawyer, _yesterday(10))
    again = _log(office, lawyer, _yesterday(11))
    assert first.saved and again.saved
    assert again.verdict.kind is VerdictKind.ALLOWED, [f.rule for f in again.verdict.findings]
    with office.sessions() as s:
        standing = may_contact(s, int(s.scalar(select(Case.id))))
    assert standing[lawyer].verdict is VerdictKind.ALLOWED
    # A third party not identified is not counted as possibly the lawyer.
    agent = authenticate(office.sessions, "agent01", "pw-agent")
    with office.sessions() as s:
        unnamed = check_contact(
            s,
            s.get(User, agent.id),
            str(s.scalar(select(Case.case_no))),
            channel="call",
            party="relative",
            at=_yesterday(12),
            outcome="connected",
        )
    assert "third_party_once" not in {f.rule for f in unnamed.findings}


def test_the_story_and_the_report_do_not_count_the_lawyer_as_a_third_party(office) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _use(office, "us")  # a third party's call is saved there (with its disclosure warning)
    lawyer = _add_lawyer(office)
    assert _log(office, lawyer, _yesterday(10)).saved
    with office.sessions() as s:
        sibling = s.scalar(select(RelatedPerson.id).where(RelatedPerson.name == "赵六"))
    agent = authenticate(office.sessions, "agent01", "pw-agent")
    with office.session(write_lock=True) as s:
        saved = log_contact(
            s,
            s.get(User, agent.id),
            str(s.scalar(select(Case.case_no))),
            channel="call",
            party="relative",
            related_person_id=sibling,
            at=_yesterday(11),
            outcome="connected",
        )
        assert saved.saved
    with office.sessions() as s:
        case = s.scalar(select(Case))
        assert case is not None
        detail = loan_detail(s, case.loan_id)
        english = [i.title for i in timeline(s, case, detail, "en")]
        chinese = [i.title for i in timeline(s, case, detail, "zh_CN")]
        admin = s.scalar(select(User).where(User.username == "admin"))
        day = _yesterday(10).date()
        report = compliance_report(s, admin, day, day)
    assert "Call to borrower's lawyer: connected" in english
    assert "电话联系借款人的律师：已接通" in chinese
    assert [row.party for row in report.third_party] == ["relative"]  # the sibling's alone
    calls = {c.channel: c for c in report.by_channel}["call"]
    assert (calls.attempts, calls.third_party) == (2, 1)
