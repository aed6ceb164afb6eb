"""Each rule's parameters with their kinds and defaults: what a rule set file may set
(app.compliance.ruleset checks it) and what the Rules page's editor offers."""

from __future__ import annotations

from typing import Any

from app.models import Channel, Party

ALL_CHANNELS = [c.value for c in Channel]
THIRD_PARTIES = [Party.RELATIVE.value, Party.EMPLOYER.value, Party.OTHER.value]
SCRIPTS = ("no_disclosure", "location_only", "identity_first")
# From when a records-retention period counts (app.retention): the case's last collection activity
# (its closure included), or its closure alone.
RETENTION_FROM = ("last_activity", "closure")

# rule id -> {parameter: (kind, default)}; kinds: time, count, bool, channels, parties, country,
# script, retention_from. `parse_ruleset` rejects unknown rule ids and parameters (but the retired
# ones, RETIRED) and checks every value's kind. Every parameter listed here is read by its rule.
PARAMS: dict[str, dict[str, tuple[str, Any]]] = {
    "quiet_hours": {
        "start": ("time", "22:00"),
        "end": ("time", "08:00"),
        "start_exclusive": ("bool", False),
        "consent_exempts": ("bool", False),
        "channels": ("channels", ALL_CHANNELS),
    },
    "daily_conversation_cap": {"max": ("count", 3), "channels": ("channels", ["call", "visit"])},
    "daily_attempt_cap": {"max": ("count", 6), "channels": ("channels", ["call"])},
    "weekly_call_cap": {"max": ("count", 7)},
    "after_conversation_wait": {"days": ("count", 7)},
    "third_party_threshold": {
        "min_failed_attempts": ("count", 3),
        "invalid_number_suffices": ("bool", True),
        "parties": ("parties", THIRD_PARTIES),
    },
    "third_party_consent": {
        "person_consent_suffices": ("bool", True),
        "parties": ("parties", THIRD_PARTIES),
    },
    "third_party_disclosure": {
        "script": ("script", "no_disclosure"),
        "parties": ("parties", THIRD_PARTIES),
    },
    "third_party_once": {"max": ("count", 1), "parties": ("parties", THIRD_PARTIES)},
    "related_person_do_not_contact": {},
    "number_found_invalid": {"channels": ("channels", ["call", "sms"])},
    "stop_contact_refused": {
        "channels": ("channels", ALL_CHANNELS),
        "parties": ("parties", ["borrower"]),
    },
    "stop_lawyer": {"channels": ("channels", ALL_CHANNELS), "parties": ("parties", ["borrower"])},
    "stop_work_contact": {"channels": ("channels", ALL_CHANNELS)},
    "stop_do_not_visit": {},
    "stop_e_opt_out": {"channels": ("channels", ["sms"]), "parties": ("parties", ["borrower"])},
    "case_paused": {"channels": ("channels", ALL_CHANNELS)},
    "legal_case": {"channels": ("channels", ALL_CHANNELS)},
    "contact_training": {"channels": ("channels", ["call", "sms", "letter"])},
    "visit_staffing": {"min_agents": ("count", 2)},
    "visit_training": {},
    "visit_consent": {},
    "visit_workplace": {},
    "visit_vulnerable": {},
    "visit_agent_conflict": {"buffer_minutes": ("count", 30)},
    "visit_borrower_booked": {},
    "visit_frequency": {"max": ("count", 2), "period_days": ("count", 30)},
    "complaint_deadlines": {
        "answer_days": ("count", 15),
        "complex_answer_days": ("count", 30),
    },
    "public_holidays": {
        "avoid_holidays": ("bool", True),
        "country": ("country", "CN"),
        "channels": ("channels", ["visit"]),
    },
    "records_retention": {
        "years": ("count", 2),
        "counted_from": ("retention_from", "last_activity"),
    },
}

# A parameter's name and its value's words, for reading (the edit dialog labels its inputs).
PARAM_NAMES = {
    "start": "Quiet from",
    "end": "Quiet until",
    "start_exclusive": "The start minute itself is allowed",
    "consent_exempts": "The borrower's consent lifts the rule",
    "channels": "Channels",
    "parties": "Parties",
    "max": "At most",
    "days": "Days",
    "min_failed_attempts": "Failed attempts needed",
    "invalid_number_suffices": "An invalid number suffices",
    "person_consent_suffices": "The person's own consent suffices",
    "script": "Script",
    "min_agents": "Agents needed",
    "buffer_minutes": "Minutes of travel between visits",
    "period_days": "Days in the period",
    "answer_days": "Days to answer",
    "complex_answer_days": "Days to answer a complex complaint",
    "avoid_holidays": "Avoid public holidays",
    "country": "Country",
    "years": "Years kept",
    "counted_from": "Counted from",
}

# The least value a count takes where less would break its rule: a cap of 0 forbids what the rule
# limits (turn the rule off, or record a stop flag, for that), 0 agents staff no visit, 0 days to
# answer leaves no complaint recordable (app.complaints wants a day at least). Checked when an
# admin changes a parameter (app.compliance.param_checks); the others start at 0.
MINIMUM: dict[tuple[str, str], int] = {
    ("daily_conversation_cap", "max"): 1,
    ("daily_attempt_cap", "max"): 1,
    ("weekly_call_cap", "max"): 1,
    ("third_party_once", "max"): 1,
    ("visit_staffing", "min_agents"): 1,
    ("visit_frequency", "max"): 1,
    ("visit_frequency", "period_days"): 1,
    ("complaint_deadlines", "answer_days"): 1,
    ("complaint_deadlines", "complex_answer_days"): 1,
    ("records_retention", "years"): 1,
}
# (rule, parameter, one that may not be smaller): a complex complaint has at least as long.
NOT_LESS = (("complaint_deadlines", "answer_days", "complex_answer_days"),)

# Rules whose severity is not the admin's to choose. records_retention judges no action: it keeps
# records, and a deletion of one it still keeps is refused whatever a severity would say (the
# retention is a legal duty, app/retention_guard.py); switching the rule off is what stops it.
FIXED_SEVERITY = {"records_retention": "blocked"}
