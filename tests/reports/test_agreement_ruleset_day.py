"""A signed agreement's footer names the rule-set version in force on its signing day, however
late it is reprinted; a draft's, the version in force on the office's today."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

from pypdf import PdfReader
from sqlalchemy import select, update

from app.agreements import gather_document
from app.agreements.document import SIGNED
from app.compliance.versions import change_parameters
from app.models import (
    Agreement,
    AgreementStatus,
    BlockedAttempt,
    ContactAttempt,
    RuleSetVersion,
    User,
)
from app.office import office_timezone, office_today
from app.reporting.period import version_label
from reports.agreement import render_agreement


def _user(session, name: str) -> User:
    return session.scalar(select(User).where(User.username == name))


def _footers(session, user: User, number: str) -> list[str]:
    """The footer line ("生成于 … · 规则集 … Rule set …") of the first and the last page."""
    out = io.BytesIO()
    render_agreement(gather_document(session, user, number), out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    pages = [reader.pages[0].extract_text(), reader.pages[-1].extract_text()]
    return [next(line for line in page.splitlines() if "Rule set" in line) for page in pages]


def test_a_signed_agreement_names_the_version_of_its_signing_day(demo_db) -> None:
    with demo_db.sessions() as s:
        today = office_today(s)
        zone = zoneinfo.ZoneInfo(office_timezone(s))

        def noon(days_ago: int) -> dt.datetime:
            return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(12), zone)

        before = s.scalar(select(RuleSetVersion).where(RuleSetVersion.active))
        old = version_label(before.jurisdiction, before.version)
        before.created_at = noon(40)
        admin = _user(s, "admin")
        edited = change_parameters(s, admin, "daily_attempt_cap", {"max": 5})
        edited.created_at = noon(10)  # an admin's edit ten days ago, after the signing
        # The edit judged the attempts since (the demo's, today's among them at some hours and
        # on some days, all carry the first version: the footer then named both).
        for attempt in (ContactAttempt, BlockedAttempt):
            s.execute(
                update(attempt)
                .where(attempt.at >= edited.created_at, attempt.ruleset_version_id.is_not(None))
                .values(ruleset_version_id=edited.id)
            )
        new = version_label(edited.jurisdiction, edited.version)
        signed = s.scalar(
            select(Agreement).where(Agreement.status.in_(SIGNED)).order_by(Agreement.id)
        )
        signed.signed_on = today - dt.timedelta(days=20)
        draft = s.scalar(
            select(Agreement)
            .where(Agreement.status == AgreementStatus.DRAFT)
            .order_by(Agreement.id)
        )
        s.commit()
        supervisor = _user(s, "supervisor")
        for line in _footers(s, supervisor, signed.agreement_no):
            assert line.endswith(f"规则集 {old} Rule set {old}"), line
        assert draft is not None
        for line in _footers(s, supervisor, draft.agreement_no):
            assert line.endswith(f"规则集 {new} Rule set {new}"), line
