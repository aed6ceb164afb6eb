"""Roles and what each may do: the permission table every use case checks (app.auth.require).

Plain enums with no database behind them, so the start's first screen can tell what a role sees
before SQLAlchemy has loaded (app/first_screen.py).
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(enum.StrEnum):
    VIEW_ALL_CASES = "view_all_cases"
    VIEW_BORROWERS = "view_borrowers"
    MANAGE_USERS = "manage_users"
    VIEW_TRAINING = "view_training"
    EDIT_TRAINING = "edit_training"
    PRINT_TRAINING_ROSTER = "print_training_roster"
    EDIT_SETTINGS = "edit_settings"
    ASSIGN_CASES = "assign_cases"
    POST_PAYMENTS = "post_payments"
    REBUILD_QUEUE = "rebuild_queue"
    EDIT_RULESET = "edit_ruleset"
    RECORD_COMPLAINTS = "record_complaints"
    HANDLE_COMPLAINTS = "handle_complaints"
    RECORD_CONTACTS = "record_contacts"
    OVERRIDE_RULES = "override_rules"
    VIEW_AUDIT = "view_audit"
    REVEAL_PERSONAL_DATA = "reveal_personal_data"
    EXPORT_AUDIT = "export_audit"
    EDIT_BORROWERS = "edit_borrowers"
    BOOK_VISITS = "book_visits"
    APPROVE_VISITS = "approve_visits"
    RESOLVE_VISIT_ALERTS = "resolve_visit_alerts"
    MANAGE_BACKUPS = "manage_backups"
    EXPORT_PERSONAL_DATA = "export_personal_data"
    PRINT_REPORTS = "print_reports"
    DRAFT_AGREEMENTS = "draft_agreements"
    APPROVE_AGREEMENTS = "approve_agreements"
    IMPORT_DATA = "import_data"
    CLOSE_LOANS = "close_loans"
    RECORD_STOP_REQUESTS = "record_stop_requests"
    LIST_RETENTION = "list_retention"
    ERASE_PERSONAL_DATA = "erase_personal_data"
    COPY_PERSONAL_DATA = "copy_personal_data"
    ADD_CASE_NOTES = "add_case_notes"
    CONFIRM_CLOCK = "confirm_clock"


# Which role may do what. Later use cases add their rows here; the UI reads the same table.
PERMISSIONS: dict[Permission, frozenset[Role]] = {
    # Repayment agreements: anyone working a case drafts, issues (waiver within the office's
    # threshold), records the signature and cancels a draft; a bigger waiver, cancelling what a
    # supervisor or admin approved, and cancelling signed terms need a supervisor or admin
    # (app/agreements/cancelling.py).
    Permission.DRAFT_AGREEMENTS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    Permission.APPROVE_AGREEMENTS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.VIEW_ALL_CASES: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.VIEW_BORROWERS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    Permission.MANAGE_USERS: frozenset({Role.ADMIN}),
    Permission.VIEW_TRAINING: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    Permission.EDIT_TRAINING: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.PRINT_TRAINING_ROSTER: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.EDIT_SETTINGS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.ASSIGN_CASES: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.POST_PAYMENTS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    # Office-wide: one person's rebuild changes every agent's queue.
    Permission.REBUILD_QUEUE: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # The compliance rule set in force (pick the jurisdiction, edit parameters): admin only.
    Permission.EDIT_RULESET: frozenset({Role.ADMIN}),
    # The closed cases past their records retention (a read-only listing of every closed case's
    # number and dates): whoever sees every case and reads the Rules page's figures.
    Permission.LIST_RETENTION: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # Erasing a borrower's personal data once all their records are past that period (PIPL
    # Art. 47): it cannot be undone, so the admin only, with their password typed again.
    Permission.ERASE_PERSONAL_DATA: frozenset({Role.ADMIN}),
    # A borrower's copy of everything the office holds about them (PIPL Art. 45, UK GDPR
    # Art. 15): their data in full leave the database, so a supervisor or admin, for a written
    # reason, audited (app/access_copy.py).
    Permission.COPY_PERSONAL_DATA: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.RECORD_COMPLAINTS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    # Assigning, resolving and lifting a pause: never the agent a complaint may be about.
    Permission.HANDLE_COMPLAINTS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.RECORD_CONTACTS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    # A note on a case outside any contact: whoever works the case (an agent, on the cases
    # assigned to them: app.contacts.find_case), supervisors and admins on any (app/case_notes.py).
    Permission.ADD_CASE_NOTES: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    Permission.OVERRIDE_RULES: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.VIEW_AUDIT: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.REVEAL_PERSONAL_DATA: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.EXPORT_AUDIT: frozenset({Role.ADMIN}),
    # A borrower's stop flags (do not visit, has a lawyer …) change what every agent may do.
    # Lifting one (a flag cleared, a consent given) is a supervisor's; recording a request to stop
    # is anyone's who hears it, an agent on the call included (app/borrowers.py).
    Permission.EDIT_BORROWERS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.RECORD_STOP_REQUESTS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    # Home visits: agents request, verify, book and record them; a supervisor approves the ones
    # that need it and clears the alert when a visit runs past its end without a check-out.
    Permission.BOOK_VISITS: frozenset({Role.AGENT, Role.SUPERVISOR, Role.ADMIN}),
    Permission.APPROVE_VISITS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    Permission.RESOLVE_VISIT_ALERTS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # Backups: make one now, restore one, choose the folder and schedule (a restore replaces
    # everyone's data).
    Permission.MANAGE_BACKUPS: frozenset({Role.ADMIN}),
    # Lists exported with full ID numbers, phones and addresses: a file leaves the encrypted
    # database, so only the admin; everyone else exports them masked.
    Permission.EXPORT_PERSONAL_DATA: frozenset({Role.ADMIN}),
    # The compliance and portfolio reports: the whole office's figures, so supervisors and admins.
    Permission.PRINT_REPORTS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # Importing the loan book (borrowers, loans, payments, training) writes thousands of rows at
    # once: the admin only.
    Permission.IMPORT_DATA: frozenset({Role.ADMIN}),
    # Sending a loan to legal, writing it off, and undoing either: the office gives up
    # collecting (or hands it to lawyers), so a supervisor or admin, with a written reason.
    Permission.CLOSE_LOANS: frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # Confirming this computer's clock right while the office's last work is dated later (it was
    # recorded on a computer whose clock was ahead): the daily backup and the day's queue rebuild
    # go on by this clock (app/clock_right.py), so the admin only, with a written reason.
    Permission.CONFIRM_CLOCK: frozenset({Role.ADMIN}),
}


def role_may(role: str, permission: Permission) -> bool:
    """True when an active user with this role (its value, e.g. "agent") has the permission."""
    return role in PERMISSIONS[permission]


# What each permission lets one do, as words after "may not" (msgids: translated when read).
PERMISSION_WORDS: dict[Permission, str] = {
    Permission.VIEW_ALL_CASES: "see every case",
    Permission.VIEW_BORROWERS: "see borrowers",
    Permission.MANAGE_USERS: "manage user accounts",
    Permission.VIEW_TRAINING: "see training records",
    Permission.EDIT_TRAINING: "record training",
    Permission.PRINT_TRAINING_ROSTER: "print the training roster",
    Permission.EDIT_SETTINGS: "change the office's settings",
    Permission.ASSIGN_CASES: "assign cases",
    Permission.POST_PAYMENTS: "post payments",
    Permission.REBUILD_QUEUE: "rebuild the work queue",
    Permission.EDIT_RULESET: "change the rule set",
    Permission.RECORD_COMPLAINTS: "record complaints",
    Permission.HANDLE_COMPLAINTS: "handle complaints",
    Permission.RECORD_CONTACTS: "record contacts",
    Permission.OVERRIDE_RULES: "override the rules",
    Permission.VIEW_AUDIT: "read the audit trail",
    Permission.REVEAL_PERSONAL_DATA: "see personal data in full",
    Permission.EXPORT_AUDIT: "export the audit trail",
    Permission.EDIT_BORROWERS: "lift a restriction on contact",
    Permission.BOOK_VISITS: "book visits",
    Permission.APPROVE_VISITS: "approve visits",
    Permission.RESOLVE_VISIT_ALERTS: "resolve visit alerts",
    Permission.MANAGE_BACKUPS: "manage backups",
    Permission.EXPORT_PERSONAL_DATA: "export personal data",
    Permission.PRINT_REPORTS: "print reports",
    Permission.DRAFT_AGREEMENTS: "draft agreements",
    Permission.APPROVE_AGREEMENTS: "approve agreements",
    Permission.IMPORT_DATA: "import data",
    Permission.CLOSE_LOANS: "send loans to legal or write them off",
    Permission.RECORD_STOP_REQUESTS: "record a request to stop contact",
    Permission.LIST_RETENTION: "list the closed cases past their records retention",
    Permission.ERASE_PERSONAL_DATA: "erase a borrower's personal data",
    Permission.COPY_PERSONAL_DATA: "give a borrower a copy of their personal data",
    Permission.ADD_CASE_NOTES: "add notes to cases",
    Permission.CONFIRM_CLOCK: "confirm this computer's clock is right",
}
