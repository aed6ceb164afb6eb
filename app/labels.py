"""Display names for the core's enum values, as translatable msgids (UI, CLI and reports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# The audit trail's words live in app/audit_labels.py; imported here, where callers look for them.
from app.audit_labels import (  # noqa: F401
    AUDIT_ACTION,
    AUDIT_ACTION_CHOICE,
    AUDIT_ENTITY,
    AUDIT_GROUP,
    LANGUAGE,
    REPORT_KIND,
)
from app.i18n import listed, tr

LOAN_STATUS = {
    "active": "Active",
    "paid": "Paid",
    "settled": "Settled",
    "written_off": "Written off",
    "legal": "Legal",
}
SEGMENT = {
    "young": "Young consumer",
    "mature": "Middle-aged / elderly",
    "small_business": "Small-business owner",
}
RELATION = {
    "guarantor": "Guarantor",
    "spouse": "Spouse",
    "parent": "Parent",
    "child": "Child",
    "sibling": "Sibling",
    "relative": "Relative",
    "employer": "Employer",
    "colleague": "Colleague",
    "friend": "Friend",
    "lawyer": "Lawyer",
    "other": "Other",
}
# How the borrower confirmed a number theirs (app/phone_confirm.py).
CONFIRMED_HOW = {
    "visit": "In a visit",
    "other_number": "On another of their numbers",
    "writing": "In writing",
}
KIND = {
    "mobile": "Mobile",
    "home": "Home",
    "work": "Work",
    "registered": "Registered",
}
SCHEDULE_TYPE = {
    "equal_instalment": "Equal instalments",
    "equal_principal": "Equal principal",
    "interest_only": "Interest only, then bullet",
}
METHOD_TITLE = {
    "transfer": "Transfer",
    "cash": "Cash",
    "card": "Card",
    "wechat": "WeChat Pay",
    "alipay": "Alipay",
}
STOP_FLAG = {
    "contact_refused": "Contact refused",
    "has_lawyer": "Has a lawyer",
    "do_not_visit": "Do not visit",
    "do_not_call_at_work": "Do not call at work",
    "e_opt_out": "Opted out of e-mail/SMS",
    "vulnerable": "Vulnerable",
    "quiet_hours_consent": "Agreed to contact in quiet hours",
}
ROLE = {"agent": "Agent", "supervisor": "Supervisor", "admin": "Administrator"}

CASE_STATUS = {
    "new": "New",
    "contacted": "Contacted",
    "promise": "Promise",
    "promise_broken": "Promise broken",
    "visit_booked": "Visit booked",
    "agreement": "Agreement",
    "agreement_breached": "Agreement breached",
    "paused": "Paused",
    "legal": "Legal",
    "closed": "Closed",
}
CLOSED_AS = {
    "cured": "Cured",
    "paid": "Paid",
    "settled": "Settled",
    "written_off": "Written off",
    "legal": "Sent to legal",
}

# What a course is required for (Course.required_for), in the order choices list it.
COURSE_REQUIRED_FOR = {
    "all": "Phone and field work",
    "phone": "Phone work",
    "field": "Field work",
    "none": "Optional",
}

# Lower-case forms, for use inside sentences (timeline lines).
CHANNEL = {"call": "Call", "sms": "SMS", "letter": "Letter", "visit": "Visit"}
# What the rules judged, as the compliance log and report name it: a contact attempt by its
# channel, a visit's booking or move (a visit's block from before they were told apart: either).
ACTION = {
    **CHANNEL,
    "visit_book": "Visit booking",
    "visit_reschedule": "Visit reschedule",
    "visit_slot": "Visit booking or reschedule",
}
PARTY = {
    "borrower": "borrower",
    "guarantor": "guarantor",
    "relative": "relative",
    "employer": "employer",
    "other": "other person",
}
OUTCOME = {
    "connected": "connected",
    "no_answer": "no answer",
    "busy": "busy",
    "wrong_number": "wrong number",
    "invalid_number": "invalid number",
    "refused": "refused",
    "delivered": "delivered",
    "failed": "failed",
}
CLOSE_REASON = {
    "cured": "cured",
    "paid": "paid",
    "settled": "settled",
    "written_off": "written off",
    "legal": "sent to legal",
}
# An agreement's instalment, as the window and `agreement show` say it ("cancelled": one still
# pending when its agreement was cancelled or superseded, app.agreements.listing).
AGREEMENT_INSTALMENT_STATUS = {
    "pending": "pending",
    "kept": "kept",
    "partial": "partly paid",
    "missed": "missed",
    "paid": "paid",
    "paid_ahead": "paid (ahead of its day)",  # shown, never stored: app/agreements/listing.py
    "cancelled": "cancelled",
    "void": "void (agreement breached)",
}
PROMISE_STATUS = {
    "pending": "Pending",
    "kept": "Kept",
    "partial": "Partly kept",
    "broken": "Broken",
}
VISIT_STATUS = {
    "requested": "requested",
    "verified": "verified",
    "booked": "booked",
    "in_progress": "in progress",
    "completed": "completed",
    "no_show": "no show",
    "cancelled": "cancelled",
}
DEFAULT_REASON = {
    "job_loss": "job loss",
    "illness": "illness",
    "business_failure": "business failure",
    "over_indebtedness": "over-indebtedness",
    "dispute": "dispute",
    "fraud_suspected": "fraud suspected",
    "other": "other",
}
# What went wrong at a visit (app/visits/common.py INCIDENT_KINDS), lower case inside sentences.
INCIDENT_KIND = {
    "aggressive_dog": "aggressive dog",
    "verbal_abuse": "verbal abuse",
    "threat": "threat",
    "injury": "injury",
    "third_party_present": "third party present",
    "vehicle": "vehicle trouble",
    "other": "other",
}
AGREEMENT_KIND = {"settlement": "settlement", "instalment_plan": "instalment plan"}
AGREEMENT_STATUS = {
    "draft": "draft",
    "approved": "approved",
    "signed": "signed",
    "active": "active",
    "completed": "completed",
    "breached": "breached",
    "cancelled": "cancelled",
}
COMPLAINT_CATEGORY = {
    "harassment": "harassment",
    "third_party_disclosure": "third-party disclosure",
    "threats": "threats",
    "wrong_person": "wrong person",
    "privacy": "privacy",
    "fees_dispute": "fees dispute",
    "other": "other",
}
COMPLAINT_SOURCE = {
    "borrower": "Borrower",
    "relative": "Relative",
    "regulator": "Regulator",
    "other": "Other",
}
COMPLAINT_CHANNEL = {
    "phone": "Phone",
    "letter": "Letter",
    "visit": "Visit",
    "online": "Online",
    "regulator": "Via the regulator",
}
BACKUP_KIND = {
    "manual": "By hand",
    "scheduled": "Daily",
    "before-restore": "Before a restore",
    "before-upgrade": "Before an upgrade",
}
# The tables a person recognises in what a backup holds, in the order they think of them (the
# manifest counts every table); the words are the Backups dialog's.
BACKUP_TABLE = {
    "borrower": "Borrowers",
    "loan": "Loans",
    "case": "Cases",
    "payment": "Payments",
    "contact_attempt": "Contact attempts",
    "user": "Users",
    "audit_entry": "Audit entries",
}
COMPLAINT_STATUS = {
    "open": "open",
    "investigating": "investigating",
    "resolved": "resolved",
    "rejected": "rejected",
}
METHOD = {
    "transfer": "transfer",
    "cash": "cash",
    "card": "card",
    "wechat": "WeChat Pay",
    "alipay": "Alipay",
    "other": "other",
}
VERDICT = {
    "allowed": "allowed",
    "warning": "warning",
    "needs_override": "overridden",
    "blocked": "blocked",
}

# A rule's severity as the Rules page and `rules show` name it (the rule-set files keep the code).
RULE_SEVERITY = {
    "info": "Information",
    "warning": "Warning",
    "needs_override": "Needs a supervisor's override",
    "blocked": "Blocked",
}

# A verdict as the rules give it, before anything is saved.
VERDICT_NOW = {
    "allowed": "Allowed",
    "warning": "Allowed with a warning",
    "needs_override": "Needs a supervisor's override",
    "blocked": "Blocked",
}


def capital(text: str) -> str:
    """Sentence case for the lower-case labels used inside sentences (no effect on Chinese)."""
    return text[:1].upper() + text[1:]


def label(table: dict[str, str], value: Any, lang: str | None = None) -> str:
    """The translated label for an enum value; the raw value when it has none."""
    key = str(value.value if hasattr(value, "value") else value)
    return tr(table[key], lang) if key in table else key


def contact_title(
    channel: Any, party: Any, outcome: Any, lang: str | None = None, *, lawyer: bool = False
) -> str:
    """A contact as the case's story titles it: "Call to borrower: connected"; `lawyer`: with
    the borrower's lawyer (logged as "other", no third party)."""
    return tr(
        "{channel} to {party}: {outcome}",
        lang,
        channel=label(CHANNEL, channel, lang),
        party=tr("borrower's lawyer", lang) if lawyer else label(PARTY, party, lang),
        outcome=label(OUTCOME, outcome, lang),
    )


def duration(minutes: int, lang: str | None = None) -> str:
    """A span of minutes as people say it: "43 min", "2 h", "11 h 13 min" (11 小时 13 分钟)."""
    hours, rest = divmod(max(int(minutes), 0), 60)
    if not hours:
        return tr("{minutes} min", lang, minutes=rest)
    if not rest:
        return tr("{hours} h", lang, hours=hours)
    return tr("{hours} h {minutes} min", lang, hours=hours, minutes=rest)


# Short names of the compliance rules (their ids stay what one types at the CLI and in exports).
RULE = {
    "quiet_hours": "Quiet hours",
    "daily_conversation_cap": "Daily conversation cap",
    "daily_attempt_cap": "Daily unanswered-call cap",
    "weekly_call_cap": "Weekly call cap",
    "after_conversation_wait": "Wait after a conversation",
    "third_party_threshold": "Third parties only after failed attempts",
    "third_party_consent": "Third-party consent",
    "third_party_disclosure": "No disclosure to third parties",
    "third_party_once": "A third party once only",
    "related_person_do_not_contact": "Related person asked not to be contacted",
    "number_found_invalid": "No contact on a number found invalid",
    "stop_contact_refused": "Borrower refused contact",
    "stop_lawyer": "Borrower has a lawyer",
    "stop_work_contact": "No contact at work",
    "stop_do_not_visit": "Borrower asked not to be visited",
    "stop_e_opt_out": "Opted out of electronic messages",
    "case_paused": "Case paused by a complaint",
    "legal_case": "Loan with legal",
    "contact_training": "Phone training for contacts",
    "visit_staffing": "Two agents per visit",
    "visit_training": "Field training for visits",
    "visit_consent": "Consent to a visit",
    "visit_workplace": "No visits at work",
    "visit_vulnerable": "No visits to vulnerable borrowers",
    "visit_agent_conflict": "Agent's visits overlap",
    "visit_borrower_booked": "One visit booked per borrower",
    "visit_frequency": "Visit frequency",
    "complaint_deadlines": "Complaint deadlines",
    "public_holidays": "Public holidays",
    "records_retention": "Records retention",
}


def rule_names(rules: str | Sequence[str], lang: str | None = None) -> str:
    """Rule ids — one, a list, or a comma list as the logs keep them — as their names."""
    ids = [r.strip() for r in rules.split(",")] if isinstance(rules, str) else list(rules)
    return listed([label(RULE, r, lang) for r in ids if r], lang)
