"""A borrower's copy of their data (PIPL Art. 45, UK GDPR Art. 15; app/access_copy.py): every
section matches the database for a demo borrower with contacts, a visit, an agreement and a
complaint; the ID number is in full, a related person's number masked, no score; the copy is
audited with its reason sealed; an agent, a short reason and an erased borrower are refused."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.access_copy import gather_copy
from app.access_copy_file import write_copy
from app.access_copy_tables import HEADERS, sections
from app.errors import PermissionDenied, ValidationError
from app.i18n import _catalog
from app.models import (
    Agreement,
    AgreementInstalment,
    AuditEntry,
    Case,
    Complaint,
    ContactAttempt,
    Instalment,
    Loan,
    Payment,
    Promise,
    Visit,
)
from tests.core.access_copy_office import REASON, full_borrower, user
from tests.core.test_erasure import _erasable
from tests.office_day import office_today


def _count(s, model, where) -> int:  # type: ignore[no-untyped-def]
    return s.scalar(select(func.count()).select_from(model).where(where))


def test_every_section_matches_the_database(demo_db) -> None:
    with demo_db.session() as s:
        b = full_borrower(s)
        copy = gather_copy(s, user(s, "supervisor"), b.borrower_no, "zh_CN")
        loans = select(Loan.id).where(Loan.borrower_id == b.id)
        cases = select(Case.id).where(Case.loan_id.in_(loans))
        agreements = select(Agreement.id).where(Agreement.case_id.in_(cases))
        expected = {
            "instalments": _count(s, Instalment, Instalment.loan_id.in_(loans)),
            "payments": _count(s, Payment, Payment.loan_id.in_(loans)),
            "cases": _count(s, Case, Case.id.in_(cases)),
            "contacts": _count(s, ContactAttempt, ContactAttempt.case_id.in_(cases)),
            "promises": _count(s, Promise, Promise.case_id.in_(cases)),
            "visits": _count(s, Visit, Visit.case_id.in_(cases)),
            "agreements": _count(s, Agreement, Agreement.id.in_(agreements)),
            "plans": _count(
                s, AgreementInstalment, AgreementInstalment.agreement_id.in_(agreements)
            ),
            "complaints": _count(s, Complaint, Complaint.case_id.in_(cases)),
        }
        assert min(expected[k] for k in ("contacts", "visits", "agreements", "complaints")) >= 1
        assert {k: len(getattr(copy, k)) for k in expected} == expected
        assert copy.identity.national_id == b.national_id and copy.identity.name == b.name
        assert [p.number for p in copy.phones] == [p.number for p in b.phones]
        assert [(a.line, a.postcode) for a in copy.addresses] == [
            (a.line, a.postcode) for a in b.addresses
        ]
        assert [r.name for r in copy.related] == [r.name for r in b.related_persons]
        for person, row in zip(b.related_persons, copy.related, strict=True):
            assert not person.phone or (row.phone != person.phone and "*" in row.phone)
        assert [x.loan_no for x in copy.loans] == list(
            s.scalars(select(Loan.loan_no).where(Loan.borrower_id == b.id).order_by(Loan.id))
        )
        attempts = s.scalars(select(ContactAttempt).where(ContactAttempt.case_id.in_(cases))).all()
        assert sorted(c.notes for c in copy.contacts) == sorted(a.notes for a in attempts)
        assert copy.complaints[-1].description == "借款人称晚上接到多次电话"
        assert copy.flags["do_not_visit"] == b.do_not_visit
        worded = sections(copy, "zh_CN")
        assert [part.key for part in worded] == list(HEADERS)
        for part in worded:
            assert all(len(row) == len(part.headers) for row in part.rows), part.key
            assert all(h in _catalog("zh_CN").values() for h in part.headers), part.key
        # The queue's score is the office's own ordering, not the borrower's data.
        fields = {f for row in copy.cases for f in vars(row)}
        assert not fields & {"score", "score_breakdown", "assigned_agent_id"}


def test_the_copy_is_audited_with_its_reason_sealed(demo_db, tmp_path: Path) -> None:
    with demo_db.session() as s:
        number = full_borrower(s).borrower_no
        sup = user(s, "supervisor")
    path = tmp_path / "copy.pdf"
    done = write_copy(demo_db.sessions, sup, number, path, REASON, "en")
    assert path.is_file() and not Path(f"{path}.part").exists()
    assert done.rows["contacts"] >= 1 and done.rows["complaints"] == 1
    with demo_db.session() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "personal_data.access_copy")
        ).one()
        assert (entry.entity, entry.entity_id, entry.user_id) == ("borrower", number, sup.id)
        changes = entry.changes or {}
        assert changes["format"] == "pdf" and changes["language"] == "en"
        assert changes["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert REASON not in json.dumps(changes, ensure_ascii=False)  # sealed with their key
        from app.queries.audit_log import audit_rows

        row = audit_rows(s, [entry.id], "zh_CN")[entry.id]
        assert any(REASON in words for words in row.words)  # the trail opens it


def test_an_agent_and_a_short_reason_are_refused(demo_db, tmp_path: Path) -> None:
    with demo_db.session() as s:
        number = full_borrower(s).borrower_no
        agent, sup = user(s, "agent01"), user(s, "supervisor")
    with pytest.raises(PermissionDenied, match="copy of their personal data"):
        write_copy(demo_db.sessions, agent, number, tmp_path / "a.pdf", REASON)
    with pytest.raises(ValidationError, match="written reason"):
        write_copy(demo_db.sessions, sup, number, tmp_path / "b.xlsx", "asked")
    with pytest.raises(ValidationError, match=".pdf or an .xlsx"):
        write_copy(demo_db.sessions, sup, number, tmp_path / "c.csv", REASON)
    assert not [p for p in tmp_path.iterdir() if p.name[:2] in ("a.", "b.", "c.")]
    with demo_db.session() as s:
        assert _count(s, AuditEntry, AuditEntry.action == "personal_data.access_copy") == 0


def test_an_erased_borrower_is_refused_saying_when(demo_db) -> None:
    from app.erasure import erase_borrower

    with demo_db.session() as s:
        number = _erasable(s).borrower_no
        erase_borrower(s, user(s, "admin"), number)
        with pytest.raises(ValidationError) as refused:
            gather_copy(s, user(s, "admin"), number)
    day = office_today().isoformat()
    assert refused.value.translated("en") == (
        f"The personal data of borrower {number} were erased on {day}: the office holds "
        "nothing of theirs to copy."
    )
    assert day in refused.value.translated("zh_CN") and "已于" in refused.value.translated("zh_CN")
