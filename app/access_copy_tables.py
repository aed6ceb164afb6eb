"""A borrower's copy of their data (app/access_copy.py) as worded tables, one per section, in the
copy's language: what the PDF (reports/access_copy.py) lays out and the workbook
(app/access_copy_file.py) writes a sheet of each, so both say the same in the same words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.access_copy import AccessCopy
from app.access_law import UK_GDPR, access_law
from app.agreements.readiness import status_words
from app.i18n import tr
from app.id_labels import id_label
from app.labels import (
    AGREEMENT_INSTALMENT_STATUS,
    AGREEMENT_KIND,
    CASE_STATUS,
    CHANNEL,
    CLOSE_REASON,
    COMPLAINT_CATEGORY,
    COMPLAINT_CHANNEL,
    COMPLAINT_SOURCE,
    COMPLAINT_STATUS,
    DEFAULT_REASON,
    KIND,
    LOAN_STATUS,
    METHOD,
    OUTCOME,
    PARTY,
    PROMISE_STATUS,
    RELATION,
    SCHEDULE_TYPE,
    SEGMENT,
    STOP_FLAG,
    VISIT_STATUS,
    capital,
    label,
)
from app.masking import written_id
from app.phone_text import phone_text

GENDER = {"M": "Male", "F": "Female"}
POSTCODE_WORD = {"US": "ZIP code"}  # what the office's country calls the postcode
# ... and the province column (the import's "province" reads state and county too): "State" alone
# is a record's state (状态), so these are told apart by a context, gettext's way.
PROVINCE_WORD = {"US": "address column\x04State", "GB": "address column\x04County"}

# Each section's heading, in the order the copy gives them (msgids).
TITLES = {
    "identity": "Identity",
    "phones": "Phones",
    "addresses": "Addresses",
    "related": "Related persons",
    "flags": "Stop flags and consents",
    "loans": "Loans",
    "schedule": "Repayment schedules",
    "payments": "Payments",
    "cases": "Cases",
    "contacts": "Contact attempts",
    "notes": "Notes on cases",
    "promises": "Promises",
    "visits": "Home visits",
    "agreements": "Repayment agreements",
    "plans": "Agreement instalments",
    "complaints": "Complaints",
}
# Each section's column headers (msgids), and each column's share of the page's width.
HEADERS = {
    "identity": ("Item", "As recorded"),
    "phones": ("Number", "Kind", "Primary", "Valid"),
    "addresses": ("Kind", "Address", "City", "Province", "Postcode", "Verified on"),
    "related": ("Name", "Relation", "Phone (masked)", "Agreed to be contacted", "Do not contact"),
    "flags": ("Flag or consent", "As recorded"),
    "loans": (
        "Loan no.", "Product", "Principal", "Annual rate", "Term (months)", "Schedule",
        "Disbursed on", "First due on", "Status", "Closed on", "Credit",
    ),
    "schedule": (
        "Loan no.", "Instalment", "Due on", "Principal", "Interest", "Fee", "Paid", "Paid off on",
    ),
    "payments": ("Loan no.", "Paid on", "Amount", "Method", "Reference"),
    "cases": (
        "Case no.", "Loan no.", "Status", "Opened on", "Closed on", "Closed as", "Days past due",
        "Overdue",
    ),
    "contacts": (
        "When", "Case no.", "Channel", "Who was reached", "Number", "Outcome", "Notes", "By",
    ),
    "notes": ("When", "Case no.", "Note", "By"),
    "promises": ("Case no.", "Made on", "Amount", "Due on", "Status", "Paid"),
    "visits": (
        "Visit no.", "Case no.", "Status", "Address", "Booked for", "Checked in",
        "Checked out", "Reason for default", "Findings and notes",
    ),
    "agreements": (
        "Agreement no.", "Case no.", "Kind", "Status", "Debt", "Agreed amount", "Waiver",
        "Signed on", "Stated reason and means",
    ),
    "plans": ("Agreement no.", "Instalment", "Due on", "Amount", "Paid", "Status"),
    "complaints": (
        "Complaint no.", "Case no.", "Received", "Source", "Channel", "Category", "Status",
        "Deadline", "Closed on", "What was said", "Outcome",
    ),
}  # fmt: skip
# A visit's findings and an agreement's stated reasons, each field a labelled line of one cell.
FINDINGS = {
    "capacity_note": "Capacity to pay",
    "proposal": "Proposal",
    "notes": "Notes",
    "next_step": "Next step",
    "cancel_reason": "Why cancelled",
}
STATED = {"stated_reason": "Reason", "stated_capacity": "Means"}
WEIGHTS = {
    "identity": (1, 2),
    "phones": (3, 2, 1, 1),
    "addresses": (1, 5, 2, 2, 1.2, 1.5),
    "related": (2, 1.5, 2, 1.5, 1.5),
    "flags": (3, 1),
    "loans": (2.2, 2.5, 1.6, 1.1, 1, 2, 1.6, 1.6, 1.2, 1.6, 1.2),
    "schedule": (2, 1.1, 1.5, 1.5, 1.5, 1.2, 1.5, 1.5),
    "payments": (2, 1.5, 1.5, 1.5, 2.5),
    "cases": (2, 2, 1.6, 1.5, 1.5, 1.4, 1.1, 1.5),
    "contacts": (2, 1.8, 0.9, 1.8, 1.7, 1.3, 4.5, 1.3),
    "notes": (2, 1.8, 9.5, 1.5),
    "promises": (2, 1.5, 1.5, 1.5, 1.2, 1.5),
    "visits": (1.6, 1.6, 1.25, 2.6, 1.6, 1.6, 1.6, 2, 4.25),
    "agreements": (2, 1.8, 1.3, 1.1, 1.4, 1.4, 1.3, 1.4, 4.5),
    "plans": (2, 1.1, 1.5, 1.5, 1.5, 1.5),
    "complaints": (1.8, 1.8, 1.5, 1.2, 1.2, 1.4, 1.5, 1.5, 1.5, 3, 2.7),
}


@dataclass
class Section:
    """One section of the copy: its key, heading, headers and rows in the copy's language.
    A cell is text, a whole number (a count) or, in the `money` columns, an amount in minor
    units."""

    key: str
    title: str
    headers: list[str]
    weights: Sequence[float]
    rows: list[list[Any]] = field(default_factory=list)
    money: frozenset[int] = frozenset()


def _day(value: Any) -> str:
    return "" if value is None else value.isoformat()


def sections(copy: AccessCopy, lang: str) -> list[Section]:
    """Every section of the copy, worded in `lang`; an empty section keeps its place."""

    def t(msgid: str, **params: Any) -> str:
        return tr(msgid, lang, **params)

    def yes(value: bool) -> str:
        return t("Yes") if value else t("No")

    def says(table: dict[str, str], value: Any) -> str:
        return capital(label(table, value, lang)) if value else ""

    def section(key: str, rows: list[list[Any]], money: Sequence[int] = ()) -> Section:
        headers = [tr(h, lang) for h in HEADERS[key]]
        return Section(key, t(TITLES[key]), headers, WEIGHTS[key], rows, frozenset(money))

    i = copy.identity
    identity = [
        [t("Borrower no."), i.borrower_no],
        [t("Name"), i.name],
        [t(id_label(i.id_country)), written_id(i.national_id)],
        [t("Birth date"), _day(i.birth_date)],
        [t("Gender"), says(GENDER, i.gender)],
        [t("Segment"), says(SEGMENT, i.segment)],
        [t("Time zone"), i.timezone],
        [t("Employer"), i.employer],
        [t("On file since"), _day(i.on_file_since)],
    ]
    flags = [[says(STOP_FLAG, name), yes(on)] for name, on in copy.flags.items()]
    for loan in copy.loans:
        flags.append([t("Home visits agreed in loan {loan}", loan=loan.loan_no),
                      yes(loan.home_visit_consent)])  # fmt: skip
        flags.append([t("Contact of third parties agreed in loan {loan}", loan=loan.loan_no),
                      yes(loan.third_party_consent)])  # fmt: skip
    found = [
        section("identity", identity),
        section("phones", [[phone_text(p.number), says(KIND, p.kind), yes(p.primary),
                            yes(p.valid)] for p in copy.phones]),
        section("addresses", [[says(KIND, a.kind), a.line, a.city, a.province, a.postcode,
                               _day(a.verified_on)] for a in copy.addresses]),
        section("related", [[r.name, says(RELATION, r.relation), r.phone, yes(r.consent),
                             yes(r.do_not_contact)] for r in copy.related]),
        section("flags", flags),
        section("loans", [[x.loan_no, x.product, x.principal, f"{x.annual_rate_bp / 100:.2f}%",
                           x.term_months, says(SCHEDULE_TYPE, x.schedule_type),
                           _day(x.disbursed_on), _day(x.first_due_on),
                           says(LOAN_STATUS, x.status), _day(x.closed_on), x.credit_balance]
                          for x in copy.loans], money=(2, 10)),
        section("schedule", [[s.loan_no, s.seq, _day(s.due_on), s.principal_due, s.interest_due,
                              s.fee_due, s.paid, _day(s.paid_off_on)] for s in copy.instalments],
                money=(3, 4, 5, 6)),
        section("payments", [[p.loan_no, _day(p.paid_on), p.amount, says(METHOD, p.method),
                              p.reference] for p in copy.payments], money=(2,)),
        section("cases", [[c.case_no, c.loan_no, says(CASE_STATUS, c.status), _day(c.opened_on),
                           _day(c.closed_on), says(CLOSE_REASON, c.close_reason), c.dpd,
                           c.amount_overdue] for c in copy.cases], money=(7,)),
        section("contacts", [[c.at, c.case_no, says(CHANNEL, c.channel), _reached(c, lang),
                              c.number, says(OUTCOME, c.outcome), c.notes, c.by]
                             for c in copy.contacts]),
        section("notes", [[n.at, n.case_no, n.text, n.by] for n in copy.notes]),
        section("promises", [[p.case_no, _day(p.made_on), p.amount, _day(p.due_on),
                              says(PROMISE_STATUS, p.status), p.paid_amount]
                             for p in copy.promises], money=(2, 5)),
        section("visits", [[v.visit_no, v.case_no, says(VISIT_STATUS, v.status), v.address,
                            v.scheduled, v.checked_in, v.checked_out,
                            says(DEFAULT_REASON, v.default_reason), _findings(v, lang)]
                           for v in copy.visits]),
        section("agreements", [[a.agreement_no, a.case_no, says(AGREEMENT_KIND, a.kind),
                                capital(status_words(a.status, a.ready, lang)), a.debt,
                                a.settled, a.waiver,
                                _day(a.signed_on), _stated(a, lang)]
                               for a in copy.agreements], money=(4, 5, 6)),
        section("plans", [[p.agreement_no, p.seq, _day(p.due_on), p.amount, p.paid_amount,
                           says(AGREEMENT_INSTALMENT_STATUS, p.status)] for p in copy.plans],
                money=(3, 4)),
        section("complaints", [[k.complaint_no, k.case_no, _day(k.received_on),
                                says(COMPLAINT_SOURCE, k.source),
                                says(COMPLAINT_CHANNEL, k.channel),
                                says(COMPLAINT_CATEGORY, k.category),
                                says(COMPLAINT_STATUS, k.status), _day(k.deadline_on),
                                _day(k.closed_on), k.description, k.outcome]
                               for k in copy.complaints]),
    ]  # fmt: skip
    postcode = tr(POSTCODE_WORD.get(i.id_country, "Postcode"), lang)
    found[2].headers[4] = postcode
    province = PROVINCE_WORD.get(i.id_country, "Province")
    found[2].headers[3] = tr(province, lang).rpartition("\x04")[2]
    return found


def _reached(c: Any, lang: str) -> str:
    """Who was reached: "Borrower", or the relation and the related person's name."""
    who = capital(label(PARTY, c.party, lang))
    return tr("{name}: {value}", lang, name=who, value=c.person) if c.person else who


def _lines(values: Any, words: dict[str, str], lang: str) -> str:
    """Labelled lines ("Notes: …") of the named fields of `values`, the empty ones left out."""
    parts = [(words[name], str(getattr(values, name) or "").strip()) for name in words]
    return "\n".join(
        tr("{label}: {text}", lang, label=tr(name, lang), text=text) for name, text in parts if text
    )


def _findings(v: Any, lang: str) -> str:
    return _lines(v, FINDINGS, lang)


def _stated(a: Any, lang: str) -> str:
    return _lines(a, STATED, lang)


def opening(copy: AccessCopy, lang: str) -> str:
    """The copy's opening words: what it is and under which law, the office's (app/access_law.py:
    PIPL in China, UK GDPR in the UK, none in the US), then what it leaves out and why."""
    office = copy.office_name or tr("the office", lang)
    day = f"{copy.generated_at:%Y-%m-%d}"
    law = access_law(copy.identity.id_country)
    if law == UK_GDPR:
        why = tr(
            "Everything {office} holds about this borrower on {date}, given at their request "
            "(a subject access request, UK GDPR Art. 15).",
            lang, office=office, date=day,
        )  # fmt: skip
    elif law is None:
        why = tr(
            "Everything {office} holds about this borrower on {date}, given at their request "
            "(and, where the law of their state gives a right of access, under it).",
            lang, office=office, date=day,
        )  # fmt: skip
    else:
        why = tr(
            "Everything {office} holds about this borrower on {date}, given at their request "
            "(Personal Information Protection Law, PIPL Art. 45).",
            lang, office=office, date=day,
        )  # fmt: skip
    left_out = tr(
        "Not included: the work queue's internal priority, the compliance checks of the staff's "
        "work, the cost of visits and their incident reports, the notes of complaint "
        "investigations, and anything about another borrower. A related person's phone number, "
        "and any number also on file for someone else, is masked: it is that person's own data.",
        lang,
    )
    return f"{why} {left_out}" if lang != "zh_CN" else f"{why}{left_out}"
