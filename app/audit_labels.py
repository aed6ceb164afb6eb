"""The audit trail's words: each action, group and record kind in words (the trail stores the
stable codes), the languages and the printed reports the trail names. Msgids, as app/labels.py."""

from __future__ import annotations

# What each audit action code means in words (the trail stores the stable code).
AUDIT_ACTION = {
    "agreement.approve": "Agreement approved",
    "agreement.approval_lapsed": "Agreement's approval lapsed under a lower waiver threshold",
    "agreement.breached": "Agreement breached",
    "agreement.cancel": "Agreement cancelled",
    "agreement.completed": "Agreement completed",
    "agreement.draft": "Agreement drafted",
    "agreement.edit": "Draft agreement changed",
    "agreement.print": "Agreement printed",
    "agreement.rejudged": "Agreement judged again",
    "agreement.sign": "Agreement signed",
    "agreement.superseded": "Agreement superseded",
    "audit.export": "Audit trail exported",
    "borrower.erased": "Borrower's personal data erased",
    "borrower.erasure_reapplied": "Borrower's personal data erased again after a restore",
    "borrower.flags": "Borrower's stop flags changed",
    "borrower.related": "Related person's consent or do-not-contact changed",
    "borrower.person_add": "Related person added",
    "borrower.person_edit": "Related person changed",
    "borrower.person_remove": "Related person removed",
    "case.assign": "Case assigned",
    "case.note": "Note added to the case",
    "clock.confirm": "Computer's clock confirmed right",
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
    "database.copy": "Office copied to a server",
    "database.recovery_key": "Recovery key replaced",
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
    "payment.reallocate": "Payments allocated again in date order",
    "personal_data.access_copy": "Copy of a borrower's personal data made",
    "personal_data.reveal": "Personal data revealed",
    "phone.add": "Phone number added",
    "phone.valid": "Phone number found wrong, or working again",
    "promise.create": "Promise to pay recorded",
    "promise.rejudge": "Promise judged again",
    "queue.rebuild": "Work queue rebuilt",
    "report.generate": "Report generated",
    "ruleset.add_rules": "Shipped rules added to the rule set",
    "ruleset.change": "Rule set parameters changed",
    "ruleset.decline_rules": "Shipped rules kept out of the rule set",
    "ruleset.select": "Rule set chosen",
    "ruleset.store": "Rule set version stored",
    "setting.change": "Setting changed",
    "training.record": "Training recorded",
    "training.update": "Training record changed",
    "user.add": "Account added",
    "user.deactivate": "Account deactivated",
    "user.activate": "Account activated",
    "user.language": "Language changed",
    "user.locked": "Account locked (wrong passwords)",
    "user.login": "Logged in",
    "user.logout": "Logged out",
    "user.password_change": "Password changed",
    "user.password_reset": "Password reset",
    "user.role": "Role changed",
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
    "visit.reschedule": "Visit rescheduled",
    "visit.resolve_late": "Late check-out resolved",
    "visit.sheet": "Visit sheet printed",
    "visit.verify": "Visit details verified",
}

# An action whose words hang on one detail of its entry: (action, detail, value) → words. Older
# entries without the detail keep the action's words above.
AUDIT_ACTION_AS = {
    ("visit.blocked", "attempt", "visit_reschedule"): "Visit move blocked by a rule",
    ("case.assign", "why", "handed back"): "Case handed back to the queue",
    ("case.assign", "why", "deactivated"): "Case back in the queue: its agent was deactivated",
    ("case.assign", "why", "undone"): "Case assignment undone",
}

# Each of those readings as a choice of the Action filter (app/queries/audit_actions.py), listed
# after its code in this order; the code itself lists its entries read by its own words.
AUDIT_ACTION_AS_CHOICE = {
    "visit.move_blocked": ("visit.blocked", "attempt", "visit_reschedule"),
    "case.handed_back": ("case.assign", "why", "handed back"),
    "case.agent_deactivated": ("case.assign", "why", "deactivated"),
    "case.assignment_undone": ("case.assign", "why", "undone"),
}


# An `agreement.approve` whose user drafted the agreement, or may not approve agreements (their
# role as it is now): it made the agreement ready for signing (app/agreements/readiness.py).
AUDIT_ACTION_READY = {"agreement.approve": "Agreement made ready for signing"}

# The Action filter's choices beside the stored codes (app/queries/audit_actions.py): the
# approvals that made an agreement ready for signing ("agreement.approve" lists the others), and
# each reading told by an entry's detail.
AUDIT_ACTION_CHOICE = {
    "agreement.ready": AUDIT_ACTION_READY["agreement.approve"],
    **{choice: AUDIT_ACTION_AS[detail] for choice, detail in AUDIT_ACTION_AS_CHOICE.items()},
}


def action_msgid(action: str, changes: object = None, made_ready: bool = False) -> str | None:
    """The msgid of an entry's action in words, told apart by its details where AUDIT_ACTION_AS
    says so (a visit's move blocked, not its booking), or by `made_ready` (an approval that made
    an agreement ready for signing); None for a code without words."""
    if made_ready and action in AUDIT_ACTION_READY:
        return AUDIT_ACTION_READY[action]
    if isinstance(changes, dict):
        for (code, key, value), words in AUDIT_ACTION_AS.items():
            if code == action and changes.get(key) == value:
                return words
    return AUDIT_ACTION.get(action)


# The part before the dot: which kind of record the actions are about.
AUDIT_GROUP = {
    "agreement": "Agreements",
    "audit": "Audit trail",
    "borrower": "Borrowers",
    "case": "Cases",
    "clock": "Computer clocks",
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
    "phone": "Phones",
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
    "visit_sheet": "Daily visit sheet",
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

# An exported list's filters (app/export.py writes the filter's fields that differ from its
# defaults), by field name; app/audit_words.py reads each value.
FILTER_NAME = {
    "action": "Action",
    "agent_id": "Agent",
    "as_of": "As of",
    "borrower_no": "Borrower",
    "bucket": "Bucket",
    "case_no": "Case",
    "date_from": "From",
    "date_to": "To",
    "entity": "Record kind",
    "entity_id": "Record id",
    "contacted_today": "Contacted today",
    "open_only": "Open complaints only",
    "overdue": "Overdue only",
    "near_deadline": "Near their deadline only",
    "product_code": "Product",
    "promise_broken_from": "Promise broken since",
    "promise_broken_to": "Broken promise due by",
    "promise_due_today": "Promise due today",
    "rule": "Rule",
    "search": "Search",
    "segment": "Segment",
    "status": "Status",
    "unassigned": "Unassigned",
    "user_id": "User",
    "verdict": "Verdict",
}

# The training list's filter, as the training page's menu names it (app/export_office_lists.py).
TRAINING_FILTER = {
    "all": "All agents",
    "lapsed": "Lapsed or missing",
    "expiring": "A course expiring within 30 days",
    "valid": "All valid",
}

# The automatic backup setting's choices.
BACKUP_SCHEDULE = {"daily": "Every day", "off": "Off"}

# The paper setting's choices (app/paper.py).
PAPER_NAMES = {"a4": "A4 (210 × 297 mm)", "letter": "US Letter (8.5 × 11 in)"}
