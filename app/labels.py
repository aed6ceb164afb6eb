"""Display names for the core's enum values, as translatable msgids (UI, CLI and reports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
    "other": "Other",
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

# Lower-case forms, for use inside sentences (timeline lines).
CHANNEL = {"call": "Call", "sms": "SMS", "letter": "Letter", "visit": "Visit"}
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


# What each audit action code means in words (the trail stores the stable code).
AUDIT_ACTION = {
    "agreement.approve": "Agreement approved",
    "agreement.breached": "Agreement breached",
    "agreement.cancel": "Agreement cancelled",
    "agreement.completed": "Agreement completed",
    "agreement.draft": "Agreement drafted",
    "agreement.edit": "Draft agreement changed",
    "agreement.print": "Agreement printed",
    "agreement.sign": "Agreement signed",
    "agreement.superseded": "Agreement superseded",
    "audit.export": "Audit trail exported",
    "borrower.flags": "Borrower's stop flags changed",
    "case.assign": "Case assigned",
    "complaint.assign": "Complaint assigned",
    "complaint.lift_pause": "Contact pause lifted",
    "complaint.note": "Complaint note added",
    "complaint.record": "Complaint recorded",
    "complaint.resolve": "Complaint resolved",
    "contact.blocked": "Contact blocked by a rule",
    "contact.log": "Contact logged",
    "course.add": "Course added",
    "course.change": "Course changed",
    "database.backup": "Backup made",
    "database.restore": "Database restored",
    "demo.build": "Demo office built",
    "import.borrowers": "Borrowers imported",
    "import.loans": "Loans imported",
    "import.payments": "Payments imported",
    "import.training": "Training records imported",
    "list.export": "List exported",
    "loan.book": "Loan booked",
    "loan.legal": "Loan sent to legal",
    "loan.recall": "Loan recalled from legal",
    "loan.reinstate": "Written-off loan reinstated",
    "loan.write_off": "Loan written off",
    "office.change": "Office settings changed",
    "office.create": "Office created",
    "payment.post": "Payment posted",
    "personal_data.reveal": "Personal data revealed",
    "promise.create": "Promise to pay recorded",
    "promise.rejudge": "Promise judged again",
    "queue.rebuild": "Work queue rebuilt",
    "report.generate": "Report generated",
    "ruleset.add_rules": "Shipped rules added to the rule set",
    "ruleset.change": "Rule set parameters changed",
    "ruleset.decline_rules": "Shipped rules kept out of the rule set",
    "ruleset.select": "Rule set chosen",
    "setting.change": "Setting changed",
    "training.record": "Training recorded",
    "training.update": "Training record changed",
    "user.add": "Account added",
    "user.deactivate": "Account deactivated",
    "user.activate": "Account activated",
    "user.language": "Language changed",
    "user.locked": "Account locked (wrong passwords)",
    "user.login": "Logged in",
    "user.password_change": "Password changed",
    "user.password_reset": "Password reset",
    "user.unlock": "Account unlocked",
    "visit.approve": "Visit approved",
    "visit.blocked": "Visit booking blocked by a rule",
    "visit.book": "Visit booked",
    "visit.cancel": "Visit cancelled",
    "visit.check_in": "Checked in to a visit",
    "visit.check_out": "Checked out of a visit",
    "visit.incident": "Visit incident reported",
    "visit.no_show": "Visit: borrower not met",
    "visit.request": "Visit requested",
    "visit.resolve_late": "Late check-out resolved",
    "visit.verify": "Visit details verified",
}

# The part before the dot: which kind of record the actions are about.
AUDIT_GROUP = {
    "agreement": "Agreements",
    "audit": "Audit trail",
    "borrower": "Borrowers",
    "case": "Cases",
    "complaint": "Complaints",
    "contact": "Contacts",
    "course": "Courses",
    "database": "Database",
    "demo": "Demo",
    "import": "Imports",
    "list": "Exports",
    "loan": "Loans",
    "office": "Office",
    "payment": "Payments",
    "personal_data": "Personal data",
    "promise": "Promises",
    "queue": "Work queue",
    "report": "Reports",
    "ruleset": "Rule sets",
    "setting": "Settings",
    "training": "Training",
    "user": "Accounts",
    "visit": "Visits",
}

# The languages a document is written in, by code.
LANGUAGE = {"en": "English", "zh_CN": "Chinese (中文)"}

# The printed reports (app/reporting/generated.py), by the code the trail keeps.
REPORT_KIND = {
    "compliance": "Compliance report",
    "portfolio": "Portfolio and recovery report",
    "training": "Training roster",
}

# The kind of record an entry is about (the trail keeps the code: "case", "user" …).
AUDIT_ENTITY = {
    "agreement": "Agreement",
    "audit_entry": "Audit entry",
    "borrower": "Borrower",
    "case": "Case",
    "complaint": "Complaint",
    "course": "Course",
    "database": "Database",
    "import": "Import",
    "list": "Export",
    "loan": "Loan",
    "office": "Office",
    "report": "Report",
    "ruleset_version": "Rule-set version",
    "setting": "Setting",
    "training_record": "Training record",
    "user": "Account",
    "visit": "Visit",
}


def capital(text: str) -> str:
    """Sentence case for the lower-case labels used inside sentences (no effect on Chinese)."""
    return text[:1].upper() + text[1:]


def label(table: dict[str, str], value: Any, lang: str | None = None) -> str:
    """The translated label for an enum value; the raw value when it has none."""
    key = str(value.value if hasattr(value, "value") else value)
    return tr(table[key], lang) if key in table else key


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
    "stop_contact_refused": "Borrower refused contact",
    "stop_lawyer": "Borrower has a lawyer",
    "stop_work_contact": "No contact at work",
    "stop_do_not_visit": "Borrower asked not to be visited",
    "stop_e_opt_out": "Opted out of electronic messages",
    "case_paused": "Case paused by a complaint",
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
}


def rule_names(rules: str | Sequence[str], lang: str | None = None) -> str:
    """Rule ids — one, a list, or a comma list as the logs keep them — as their names."""
    ids = [r.strip() for r in rules.split(",")] if isinstance(rules, str) else list(rules)
    return listed([label(RULE, r, lang) for r in ids if r], lang)
