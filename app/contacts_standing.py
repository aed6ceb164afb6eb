"""Whether each person related to a case's borrower may be contacted, as the rule set in force
decides it — the case page's "May be contacted" column.

The answer is the rule engine's own, not a copy of it: the rules that judge a contact with a
person for who that person is (their do-not-contact wish, the consent the third-party rule asks
for — the loan contract's, or the person's own where the rule set lets it suffice — and how
often a third party may be contacted at all) are run on a call to each person, with the rule
set's own parameters and severities. What depends on the moment of a contact (quiet hours, the
failed attempts before a third party, a complaint's pause) is judged when it is logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.compliance import active_ruleset
from app.compliance.context import REACHED_NOBODY
from app.compliance.model import Action, Context, Finding, History, Severity
from app.compliance.number_holders import number_do_not_contact
from app.compliance.rules import RULES
from app.contacts_whom import PARTY_OF_RELATION
from app.erased import erased_on
from app.i18n import tr
from app.models import (
    Case,
    Channel,
    ContactAttempt,
    Loan,
    RelatedPerson,
    Relationship,
    VerdictKind,
)
from app.models.base import utcnow

# The rules about the person themselves, in the order their reasons are given.
PERSON_RULES = ("related_person_do_not_contact", "third_party_consent", "third_party_once")
# A finding's message -> the few words the column gives as its reason.
REASONS = {
    "This person asked not to be contacted.": "asked not to be contacted",
    "The loan contract does not allow contact with third parties, and this person has not "
    "agreed to be contacted.": "no consent",
    "The loan contract does not allow contact with third parties; under this rule set the "
    "person's own agreement is not enough.": "the loan contract does not allow it",
    "This person has already been contacted {count} times; the limit is {max}.": (
        "contacted as often as allowed"
    ),
}
ANSWERS = {
    VerdictKind.WARNING: "Yes, with a warning: {reason}",
    VerdictKind.NEEDS_OVERRIDE: "Only with a supervisor's override: {reason}",
    VerdictKind.BLOCKED: "No — {reason}",
}


@dataclass(frozen=True)
class Standing:
    """What the rule set says of contacting one related person: the verdict and the finding
    that decides it (None when nothing stands in the way)."""

    person_id: int
    verdict: VerdictKind
    finding: Finding | None = None
    # No rule's finding: the borrower's personal data were erased, and nothing about them, a
    # contact with a related person included, can be recorded any more (app/erased.py).
    erased: bool = False

    @property
    def may_contact(self) -> bool:
        """Whether a contact is saved without a supervisor's override (allowed or warned)."""
        return self.verdict in (VerdictKind.ALLOWED, VerdictKind.WARNING)

    def answer(self, lang: str | None = None) -> str:
        """ "Yes", or the verdict with its reason in a few words: "No — asked not to be
        contacted"."""
        if self.erased:
            return tr("No — {reason}", lang, reason=tr("personal data erased", lang))
        if self.finding is None:
            return tr("Yes", lang)
        key = self.finding.message
        reason = tr(REASONS[key], lang) if key in REASONS else self.finding.text(lang)
        return tr(ANSWERS[self.verdict], lang, reason=reason)

    def detail(self, lang: str | None = None) -> str:
        """The deciding rule's own words (the column's tool tip); "" when there is none."""
        return self.finding.text(lang) if self.finding is not None else ""


def _standing(person_id: int, findings: list[Finding]) -> Standing:
    found = [f for f in findings if f.severity > Severity.INFO]
    if not found:
        return Standing(person_id, VerdictKind.ALLOWED)
    worst = max(f.severity for f in found)
    first = next(f for f in found if f.severity == worst)  # PERSON_RULES order within it
    return Standing(person_id, worst.verdict, first)


def may_contact(
    session: Session, case_id: int, at: dt.datetime | None = None
) -> dict[int, Standing]:
    """Each related person of the case's borrower (by id) with what the active rule set says
    of a call to them at `at` (default: now) for who they are."""
    row = session.execute(
        select(Loan.borrower_id, Loan.third_party_consent)
        .join(Case, Case.loan_id == Loan.id)
        .where(Case.id == case_id)
    ).first()
    if row is None:
        return {}
    borrower_id, contract_consent = row
    erased = erased_on(session, borrower_id) is not None
    people = list(
        session.scalars(
            select(RelatedPerson)
            .where(RelatedPerson.borrower_id == borrower_id, RelatedPerson.active)
            .order_by(RelatedPerson.id)
        )
    )
    if not people:
        return {}
    if erased:  # kept without who they are; no contact with them can be logged any more
        return {p.id: Standing(p.id, VerdictKind.BLOCKED, erased=True) for p in people}
    # Contacts with a related person are on their borrower's cases: read through the cases'
    # index (the live check counts them the same way), not a scan of every contact attempt.
    contacted = dict(
        session.execute(
            select(ContactAttempt.related_person_id, func.count())
            .join(Case, Case.id == ContactAttempt.case_id)
            .join(Loan, Loan.id == Case.loan_id)
            .where(
                Loan.borrower_id == borrower_id,
                ContactAttempt.related_person_id.in_([p.id for p in people]),
                ContactAttempt.outcome.not_in(REACHED_NOBODY),  # as the live check counts
            )
            .group_by(ContactAttempt.related_person_id)
        ).all()
    )
    ruleset, _version = active_ruleset(session)
    rules = [ruleset.rules[r] for r in PERSON_RULES if r in ruleset.rules]
    when = at or utcnow()
    result: dict[int, Standing] = {}
    for person in people:
        action = Action(
            channel=Channel.CALL,
            party=PARTY_OF_RELATION[person.relation],
            at=when,
            related_person_id=person.id,
        )
        context = Context(
            third_party_consent=contract_consent,
            related_person_consent=person.consent_to_contact,
            related_person_do_not_contact=person.do_not_contact
            or number_do_not_contact(session, borrower_id, person.phone, person.id),
            history=History(third_party_contacts_with_person=contacted.get(person.id, 0)),
            lawyer_contact=person.relation is Relationship.LAWYER,  # no third party
        )
        findings: list[Finding] = []
        for rule in rules:
            if not rule.enabled:
                continue
            said = RULES[rule.id](action, context, rule)
            findings.extend([said] if isinstance(said, Finding) else said or [])
        result[person.id] = _standing(person.id, findings)
    return result
