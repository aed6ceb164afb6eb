"""What the compliance engine works on: an action, the facts around it, and the verdict.

The engine (`app.compliance.engine.check`) is a pure function of these three, so the UI can call
it as fields change, the use case can call it again inside the saving transaction, and tests can
drive every rule without a database.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.i18n import current_language, plural, tr
from app.models import Channel, Outcome, Party, VerdictKind


class Severity(enum.IntEnum):
    """Ordered: the verdict is the most severe finding."""

    INFO = 0
    WARNING = 1
    NEEDS_OVERRIDE = 2
    BLOCKED = 3

    @property
    def verdict(self) -> VerdictKind:
        return {
            Severity.INFO: VerdictKind.ALLOWED,
            Severity.WARNING: VerdictKind.WARNING,
            Severity.NEEDS_OVERRIDE: VerdictKind.NEEDS_OVERRIDE,
            Severity.BLOCKED: VerdictKind.BLOCKED,
        }[self]


@dataclass(frozen=True)
class Action:
    """One contact attempt (call, SMS, letter) or visit booking, before it is saved."""

    channel: Channel
    party: Party
    at: dt.datetime  # aware
    outcome: Outcome | None = None  # None while the call is still to be made (a pre-check)
    phone_number: str | None = None
    related_person_id: int | None = None
    at_workplace: bool = False  # a call to a work number, or a visit at work
    visit_end: dt.datetime | None = None  # visits: the expected end
    visit_agents: tuple[int, ...] = ()  # visits: the agents booked
    caller_id: int | None = None  # calls, SMS, letters: the user making the contact
    visit_id: int | None = None  # visits: the visit itself, left out of its own conflicts
    # Visits: what the booking records of the borrower's say (booking.visit_action passes both).
    visit_borrower_agreed: bool = True  # the borrower agreed to this appointment
    visit_consent_to_enter: bool = True  # the borrower consents to the agents entering the home
    # Visits: the booking records the borrower's agreement to this slot's early or late time
    # (app/visits/quiet_consent.py): the quiet-hours rule judges it as agreed.
    visit_quiet_agreed: bool = False


@dataclass(frozen=True)
class Booking:
    """Another visit in the diary: whose (agent, or None for the borrower's), when, its number."""

    visit_no: str
    start: dt.datetime  # aware UTC
    end: dt.datetime  # aware UTC
    agent_id: int | None = None
    status: str = "booked"


@dataclass(frozen=True)
class History:
    """Counts from the case's and the borrower's past contacts, as of the action's time."""

    conversations_today: int = 0  # connected conversations with the borrower, borrower's day
    attempts_today_on_number: int = 0  # unanswered calls to this number, borrower's day
    # Calls to the borrower about this debt in the 7 consecutive days (the borrower's dates) up
    # to the call's date.
    calls_last_7_days: int = 0
    # When the busiest seven days around a call logged after the fact end at a later call's
    # date: its time (calls_last_7_days counts those days); None for the days up to the call.
    busiest_week_end: dt.datetime | None = None
    # The two daily counts by channel ((channel, count) pairs), when known: a daily cap counts
    # the channels its `channels` parameter names (a failed SMS is not an unanswered call); when
    # empty, the counts above (calls and visits; calls) stand.
    conversations_today_by_channel: tuple[tuple[str, int], ...] = ()
    attempts_today_on_number_by_channel: tuple[tuple[str, int], ...] = ()
    last_conversation_at: dt.datetime | None = None
    # The calls to the borrower about the debt in the seven dates up to the action's, oldest
    # first (calls_last_7_days of them, for the days up to the call): when calls may resume.
    week_calls: tuple[dt.datetime, ...] = ()
    # This case's calls to the borrower already logged after the action's time, up to six days
    # after its date (a conversation logged after the fact: the calls since, within its wait).
    calls_after: tuple[dt.datetime, ...] = ()
    consecutive_failed_attempts: int = 0  # unanswered borrower attempts since the last conversation
    borrower_number_invalid: bool = False
    # The borrower's number dialled: when and with what outcome ("wrong_number" or
    # "invalid_number") the newest contact on it that said anything of it found it not valid,
    # before the action; None when none did, or the borrower answered on it since.
    number_found_invalid: tuple[dt.datetime, str] | None = None
    third_party_contacts_with_person: int = 0  # earlier contacts with this related person
    # A third party contacted without a person or a number on record: the newest earlier
    # third-party contact that reached someone (counted above as possibly the same person);
    # None when the third party was identified, or none was contacted before.
    third_party_unidentified_last: dt.datetime | None = None
    # Visits only: the agents' other booked visits around the slot, and the borrower's visits.
    agent_bookings: tuple[Booking, ...] = ()
    borrower_visits: tuple[Booking, ...] = ()


@dataclass(frozen=True)
class Context:
    """The facts about the borrower, the case and the contract that the rules need."""

    borrower_timezone: str = "Asia/Shanghai"
    quiet_hours_consent: bool = False
    # The borrower's consent to contact in quiet hours, on file now, recorded only after the
    # contact's time (a contact logged after the fact): when (aware UTC); else None.
    quiet_hours_consent_recorded_at: dt.datetime | None = None
    contact_refused: bool = False
    has_lawyer: bool = False
    do_not_visit: bool = False
    do_not_call_at_work: bool = False
    e_opt_out: bool = False
    vulnerable: bool = False
    case_paused: bool = False  # an open complaint pauses contact
    # The loan was with legal at the action's time (app.loans.closure; back_dated.with_legal_then).
    loan_with_legal: bool = False
    # A contact logged after the fact during a past stretch with legal (the loan not with legal
    # now): when the loan was sent and when that stretch ended (aware UTC); else None.
    legal_stretch: tuple[dt.datetime, dt.datetime] | None = None
    home_visit_consent: bool = False
    third_party_consent: bool = False
    related_person_consent: bool = False
    related_person_do_not_contact: bool = False
    # The contact is with the borrower's own lawyer (a related person whose relation is lawyer):
    # the stop list sends contact there, so it is no third-party contact (third_party_rules.py).
    lawyer_contact: bool = False
    # The borrower's lawyer on file, for the stop_lawyer rule's advice: (person id, name).
    lawyer_on_file: tuple[int, str] | None = None
    agents_with_valid_field_training: tuple[int, ...] = ()
    # Visits: each agent without it, the required courses lapsed or missing ((zh, en) names).
    field_training_gaps: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # Calls, SMS, letters: the caller's name when an agent without valid phone-work training
    # on the contact's day (the borrower's day), else None.
    caller_without_phone_training: str | None = None
    agent_names: dict[int, str] = field(default_factory=dict)  # visits: id -> display name
    # Visits: the office's zone, in which other bookings' times are told (None: the borrower's).
    office_timezone: str | None = None
    history: History = field(default_factory=History)
    today: dt.date | None = None  # the borrower's date when checked (None: the action's own)


def _json_param(value: Any) -> Any:
    """A message parameter as JSON keeps it: numbers and text as they are, a list of names as a
    list (joined in the reader's language when shown), anything else as text."""
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


# A finding is stored as its message id and numbers and put in words when read: the English
# singular of each message that counts something is chosen then, for a count of 1 (plural()).
SINGULAR = {
    "The borrower has had {count} conversations today; the daily limit is {max}.": (
        "The borrower has had {count} conversation today; the daily limit is {max}."
    ),
    "{count} unanswered attempts on this number today; the daily limit is {max}.": (
        "{count} unanswered attempt on this number today; the daily limit is {max}."
    ),
    "The borrower had {count} conversations on {date}; the daily limit is {max}.": (
        "The borrower had {count} conversation on {date}; the daily limit is {max}."
    ),
    "{count} unanswered attempts on this number on {date}; the daily limit is {max}.": (
        "{count} unanswered attempt on this number on {date}; the daily limit is {max}."
    ),
    "{count} calls about this debt in the last 7 days; the limit is {max}.": (
        "{count} call about this debt in the last 7 days; the limit is {max}."
    ),
    "{count} calls about this debt in the 7 days up to {date}; the limit is {max}.": (
        "{count} call about this debt in the 7 days up to {date}; the limit is {max}."
    ),
    "This person has already been contacted {count} times; the limit is {max}.": (
        "This person has already been contacted {count} time; the limit is {max}."
    ),
}


# Message ids reworded since findings were first stored: a stored finding reads the new words.
RENAMED = {
    "This person has already been contacted {count} time(s); the limit is {max}.": (
        "This person has already been contacted {count} times; the limit is {max}."
    ),
}


# A message that says "today" and its words for another day: a stored finding (the compliance log
# shows findings of days gone by) is read with the date it keeps (rules.py `_day`).
DATED = {
    "The borrower has had {count} conversations today; the daily limit is {max}.": (
        "The borrower had {count} conversations on {date}; the daily limit is {max}."
    ),
    "{count} unanswered attempts on this number today; the daily limit is {max}.": (
        "{count} unanswered attempts on this number on {date}; the daily limit is {max}."
    ),
    "{count} calls about this debt in the last 7 days; the limit is {max}.": (
        "{count} calls about this debt in the 7 days up to {date}; the limit is {max}."
    ),
}


# Messages whose parameters are put in the reader's words when read, not when found (a public
# holiday's name and its country: app.compliance.holidays): msgid -> (params, lang) -> params.
READ_IN_WORDS: dict[str, Callable[[dict[str, Any], str | None], dict[str, Any]]] = {}

# Which course each agent on a visit lacks (QA: the booking was refused naming the agent alone):
# stored as the agents and their courses in both languages, read in the reader's: 甲（沟通技巧）.
FIELD_TRAINING_GAPS = (
    "Field training lapsed or missing: {gaps}. Record the agent's new pass (Agents & training) or "
    "choose another agent."
)


def _gaps_in_words(params: dict[str, Any], lang: str | None) -> dict[str, Any]:
    zh = (lang or current_language()).startswith("zh")
    agents = [str(a) for a in params.get("agents", [])]
    courses = [str(c) for c in params.get("courses_zh" if zh else "courses_en", [])]
    gaps = [f"{a}（{c}）" if zh else f"{a} ({c})" for a, c in zip(agents, courses, strict=False)]
    return {**params, "gaps": ("；" if zh else "; ").join(gaps)}


READ_IN_WORDS[FIELD_TRAINING_GAPS] = _gaps_in_words


def finding_text(key: str, params: dict[str, Any], lang: str | None = None) -> str:
    """A finding's message in `lang`, from its message id and parameters as stored."""
    key = RENAMED.get(key, key)
    in_words = READ_IN_WORDS.get(key)
    if in_words is not None:
        params = in_words(params, lang)
    one, count = SINGULAR.get(key), params.get("count")
    if one is not None and isinstance(count, int):
        return plural(count, one, key, lang, **params)
    return tr(key, lang, **params)


def stored_text(key: str, params: dict[str, Any], lang: str | None = None) -> str:
    """A stored finding's message: as finding_text, but one that said "today" when it was found
    names its day instead (a finding stored before the day was kept with it still says today)."""
    key = RENAMED.get(key, key)
    if key in DATED and params.get("date"):
        key = DATED[key]
    return finding_text(key, params, lang)


def cited(citation: str, citation_zh: str, lang: str | None) -> str:
    """A citation in `lang`: the Chinese one when asked for and given, else as written."""
    return citation_zh if citation_zh and (lang or "").startswith("zh") else citation


def flagged_rules(findings: Any) -> list[str]:
    """The rule ids of stored findings (as Finding.as_json) that flagged the action — a warning,
    an override, a block — each once, in order. An allowed finding (severity info: "within quiet
    hours, allowed because the borrower agreed") is no rule broken; a finding stored without a
    severity counts."""
    rules: list[str] = []
    for finding in findings or []:
        if not isinstance(finding, dict) or finding.get("severity") == "info":
            continue
        rule = str(finding.get("rule", ""))
        if rule and rule not in rules:
            rules.append(rule)
    return rules


def telling_findings(findings: Any) -> list[dict[str, Any]]:
    """The stored findings whose words a log row gives as its reasons: those that flagged the
    action (as flagged_rules), leaving out an allowed one (severity info) beside them — a blocked
    row read "…allowed because the borrower agreed" under a rule that refused (QA). A row whose
    only findings are allowed ones keeps them: they are all it has to say."""
    stored = [f for f in findings or [] if isinstance(f, dict)]
    flagged = [f for f in stored if f.get("severity") != "info"]
    return flagged or stored


# Parameters said live (by a finding's advice) but not kept with a stored finding: a related
# person's name stays with the person, whose record an erasure clears, not in the log.
UNKEPT = frozenset({"lawyer"})


@dataclass(frozen=True)
class Finding:
    """One rule's say: severity, a translatable message with parameters, and its citation."""

    rule: str
    severity: Severity
    message: str  # English msgid with {placeholders}
    params: dict[str, Any] = field(default_factory=dict)
    citation: str = ""
    citation_zh: str = ""  # the citation in Chinese, where the rule set gives one

    def text(self, lang: str | None = None) -> str:
        return finding_text(self.message, self.params, lang)

    def citation_in(self, lang: str | None = None) -> str:
        """The citation in `lang` (the current language when None)."""
        return cited(self.citation, self.citation_zh, lang or current_language())

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.name.lower(),
            "key": self.message,
            "params": {k: _json_param(v) for k, v in self.params.items() if k not in UNKEPT},
            "citation": self.citation,
            **({"citation_zh": self.citation_zh} if self.citation_zh else {}),
        }


@dataclass(frozen=True)
class Verdict:
    findings: tuple[Finding, ...]
    ruleset: str  # "cn 2026.1" — the version that judged

    @property
    def kind(self) -> VerdictKind:
        worst = max((f.severity for f in self.findings), default=Severity.INFO)
        return worst.verdict

    @property
    def rules(self) -> list[str]:
        """The ids of the rules that flagged the action (as the audit keeps them): not those
        whose finding only says why it is allowed."""
        return flagged_rules(f.as_json() for f in self.findings)

    @property
    def saved(self) -> bool:
        """Whether the action may be saved without an override."""
        return self.kind in (VerdictKind.ALLOWED, VerdictKind.WARNING)
