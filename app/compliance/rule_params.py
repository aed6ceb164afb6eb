"""Each rule's parameters with their kinds and defaults: what a rule set file may set
(app.compliance.ruleset checks it) and what the Rules page's editor offers."""

from __future__ import annotations

from typing import Any

from app.models import Channel, Party

ALL_CHANNELS = [c.value for c in Channel]
THIRD_PARTIES = [Party.RELATIVE.value, Party.EMPLOYER.value, Party.OTHER.value]
SCRIPTS = ("no_disclosure", "location_only", "identity_first")

# rule id -> {parameter: (kind, default)}; kinds: time, count, bool, channels, parties, country,
# script. `parse_ruleset` rejects unknown rule ids and parameters (but the retired ones, RETIRED)
# and checks every value's kind. Every parameter listed here is read by its rule.
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
    "stop_contact_refused": {
        "channels": ("channels", ALL_CHANNELS),
        "parties": ("parties", ["borrower"]),
    },
    "stop_lawyer": {"channels": ("channels", ALL_CHANNELS), "parties": ("parties", ["borrower"])},
    "stop_work_contact": {"channels": ("channels", ALL_CHANNELS)},
    "stop_do_not_visit": {},
    "stop_e_opt_out": {"channels": ("channels", ["sms"]), "parties": ("parties", ["borrower"])},
    "case_paused": {"channels": ("channels", ALL_CHANNELS)},
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
}
