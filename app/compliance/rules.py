"""The rules: one small pure function per rule id, `(action, context, rule) -> Finding | None`.

Each function decides whether its rule applies to the action and, if it finds something, returns a
Finding whose `message` is an English msgid with {placeholders} (translated in
resources/i18n/zh_CN/compliance.json). Parameters come from the rule set file;
`app.compliance.ruleset.PARAMS` lists each rule's parameters with their kind and default.
The third-party rules are in third_party_rules.py and the home-visit rules in visit_rules.py,
registered in the same RULES.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from functools import cache
from typing import Any

from app.compliance.holidays import calendar
from app.compliance.model import Action, Context, Finding, Severity
from app.compliance.quiet_visit import (
    QUIET_CONSENT_LATER,
    QUIET_CONTACT,
    QUIET_NOT_BORROWER,
    quiet_visit,
)
from app.compliance.ruleset import PARAMS, Rule, parse_time
from app.errors import ValidationError
from app.models import Channel, Outcome, Party

RuleFn = Callable[[Action, Context, Rule], Finding | list[Finding] | None]
RULES: dict[str, RuleFn] = {}
UNANSWERED = (None, Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED)
WEEK = dt.timedelta(days=7)  # the US 7-in-7's seven consecutive days (app.compliance.context)


def register(fn: RuleFn) -> RuleFn:
    """Register a rule function under its name (the rule id)."""
    RULES[fn.__name__] = fn
    return fn


def param(rule: Rule, name: str) -> Any:
    """A parameter of the rule, else its default from PARAMS."""
    return rule.params.get(name, PARAMS[rule.id][name][1])


def _finding(rule: Rule, message: str, severity: Severity | None = None, **params: Any) -> Finding:
    """A finding of `rule` with its severity (unless given) and citation."""
    level = rule.severity if severity is None else severity
    return Finding(rule.id, level, message, params, rule.citation, rule.citation_zh)


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    """The time zone, or a ValidationError naming it."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError("Unknown time zone {tz}.", tz=name) from None


def local(at: dt.datetime, context: Context) -> dt.datetime:
    """The instant in the borrower's time zone (a naive time is taken as UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(_zone(context.borrower_timezone))


def _applies(action: Action, rule: Rule) -> bool:
    """Whether the action's channel and party are within the rule's `channels` and `parties`."""
    spec = PARAMS[rule.id]
    if "channels" in spec and action.channel.value not in param(rule, "channels"):
        return False
    return not ("parties" in spec and action.party.value not in param(rule, "parties"))


def _quiet(t: dt.time, start: dt.time, end: dt.time, exclusive: bool) -> bool:
    """Whether a local time of day is within the quiet period start→end (may wrap midnight)."""
    after_start = t > start if exclusive else t >= start
    if start > end:
        return after_start or t < end
    return after_start and t < end


def _flag(
    rule_id: str,
    when: Callable[[Action, Context], bool],
    message: str,
    visit_only: bool = False,
) -> None:
    """Register a stop-flag rule: `message` when the flag is up for an action the rule covers."""

    def check(action: Action, context: Context, rule: Rule) -> Finding | None:
        if visit_only and action.channel != Channel.VISIT:
            return None
        if not _applies(action, rule) or not when(action, context):
            return None
        return _finding(rule, message)

    check.__name__ = check.__qualname__ = rule_id
    check.__doc__ = f"Stop-flag rule {rule_id}: {message}"
    RULES[rule_id] = check


@register
def quiet_hours(action: Action, context: Context, rule: Rule) -> Finding | None:
    """No contact (or visit, start to end) in the borrower's local quiet hours."""
    if not _applies(action, rule):
        return None
    start, end = parse_time(param(rule, "start")), parse_time(param(rule, "end"))
    exclusive = bool(param(rule, "start_exclusive"))
    at = local(action.at, context)
    hit = at if _quiet(at.timetz().replace(tzinfo=None), start, end, exclusive) else None
    if hit is None and action.visit_end is not None and action.visit_end > action.at:
        finish = local(action.visit_end, context)
        last = finish - dt.timedelta(microseconds=1)
        boundary = dt.datetime.combine(at.date(), start, at.tzinfo)
        # A visit that begins at an exclusive start (US, UK: 21:00 is fine) is at the boundary:
        # the quiet hours begin right after it, so it runs into them if it lasts at all.
        if boundary < at or (boundary == at and not exclusive):
            boundary += dt.timedelta(days=1)
        if _quiet(last.time(), start, end, exclusive) or boundary < finish:
            hit = finish
    if hit is None:
        return None
    params: dict[str, Any] = {
        "local": hit.strftime("%H:%M"),
        "zone": context.borrower_timezone,
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
    }
    exempts = bool(param(rule, "consent_exempts"))
    if action.channel is Channel.VISIT:
        # Only the agreement to this visit's time, recorded with it, lifts the rule for a visit:
        # the borrower's consent to calls and messages in quiet hours is no consent to a visit.
        return quiet_visit(action, rule, exempts, hit is at, params)
    if exempts and action.party is not Party.BORROWER:
        # Only the borrower agreed: a relative, a guarantor, an employer … called or messaged in
        # the borrower's quiet hours is flagged as if no one had agreed.
        if context.quiet_hours_consent:
            return _finding(rule, QUIET_NOT_BORROWER, **params)
    elif exempts and context.quiet_hours_consent:
        return _finding(
            rule,
            "Within quiet hours ({start}–{end}), allowed because the borrower agreed.",
            Severity.INFO,
            **params,
        )
    elif exempts and context.quiet_hours_consent_recorded_at is not None:
        # Logged after the fact: the consent on file came later, so there is nothing to record.
        recorded = local(context.quiet_hours_consent_recorded_at, context)
        return _finding(
            rule, QUIET_CONSENT_LATER, recorded=recorded.strftime("%Y-%m-%d %H:%M"), **params
        )
    elif exempts:  # the borrower's consent would lift it: say how to record it
        return _finding(rule, QUIET_CONTACT, **params)
    return _finding(
        rule,
        # The rule's name goes before every finding: the text does not repeat it. (Findings
        # stored with the older "Quiet hours: …" text keep their translation.)
        "{local} in the borrower's time zone ({zone}) is within {start}–{end}.",
        **params,
    )


def _on_channels(total: int, by_channel: tuple[tuple[str, int], ...], rule: Rule) -> int:
    """A daily count over the channels the rule names (`channels`), from the count by channel
    when the history gives one, else the count as given."""
    if not by_channel:
        return total
    channels = set(param(rule, "channels"))
    return sum(count for channel, count in by_channel if channel in channels)


def _past_day(action: Action, context: Context) -> str | None:
    """The borrower's day of a contact logged on an earlier day than the check's (a daily cap
    counts that day, which is not "today"), as YYYY-MM-DD; None for today's."""
    day = local(action.at, context).date()
    if context.today is None or day == context.today:
        return None
    return day.isoformat()


def _day(action: Action, context: Context) -> str:
    """The borrower's day of the contact, as YYYY-MM-DD: kept with a finding that says "today",
    so that it is read with its date later (app.compliance.model.stored_text)."""
    return local(action.at, context).date().isoformat()


@register
def daily_conversation_cap(action: Action, context: Context, rule: Rule) -> Finding | None:
    """At most `max` connected conversations with the borrower per (borrower's) day."""
    if action.party != Party.BORROWER or not _applies(action, rule):
        return None
    if action.outcome not in (None, Outcome.CONNECTED):
        return None
    history = context.history
    count = _on_channels(history.conversations_today, history.conversations_today_by_channel, rule)
    limit = param(rule, "max")
    if count < limit:
        return None
    day = _past_day(action, context)
    if day is not None:
        return _finding(
            rule,
            "The borrower had {count} conversations on {date}; the daily limit is {max}.",
            count=count,
            max=limit,
            date=day,
        )
    return _finding(
        rule,
        "The borrower has had {count} conversations today; the daily limit is {max}.",
        count=count,
        max=limit,
        date=_day(action, context),
    )


@register
def daily_attempt_cap(action: Action, context: Context, rule: Rule) -> Finding | None:
    """At most `max` unanswered attempts per number per (borrower's) day."""
    if not _applies(action, rule) or action.outcome not in UNANSWERED:
        return None
    history = context.history
    count = _on_channels(
        history.attempts_today_on_number, history.attempts_today_on_number_by_channel, rule
    )
    limit = param(rule, "max")
    if count < limit:
        return None
    day = _past_day(action, context)
    if day is not None:
        return _finding(
            rule,
            "{count} unanswered attempts on this number on {date}; the daily limit is {max}.",
            count=count,
            max=limit,
            date=day,
        )
    return _finding(
        rule,
        "{count} unanswered attempts on this number today; the daily limit is {max}.",
        count=count,
        max=limit,
        date=_day(action, context),
    )


@register
def weekly_call_cap(action: Action, context: Context, rule: Rule) -> Finding | None:
    """At most `max` calls to the borrower about the debt in a rolling seven days (Reg F
    7-in-7: calls to a particular person; calls to third parties are not counted)."""
    if action.channel != Channel.CALL or action.party != Party.BORROWER:
        return None
    count, limit = context.history.calls_last_7_days, param(rule, "max")
    if count < limit:
        return None
    end = context.history.busiest_week_end  # a later call's week, for one logged after the fact
    day = local(end, context).date().isoformat() if end else _past_day(action, context)
    if day is not None:
        return _finding(
            rule,
            "{count} calls about this debt in the 7 days up to {date}; the limit is {max}.",
            count=count,
            max=limit,
            date=day,
        )
    # The oldest call that must leave the seven days first: its date's calls leave together,
    # on the seventh day after it (the days are the borrower's dates, as the count's are).
    week = context.history.week_calls
    resume = local(week[count - limit], context).date() + WEEK if len(week) == count else None
    found = _finding(
        rule,
        "{count} calls about this debt in the last 7 days; the limit is {max}.",
        count=count,
        max=limit,
        date=_day(action, context),
    )
    if resume is not None:  # when calls may resume, said by its advice (app.compliance.advice)
        found.params["resume"] = resume.isoformat()
    return found


@register
def after_conversation_wait(action: Action, context: Context, rule: Rule) -> Finding | None:
    """No call within `days` days (the conversation's date is day 1) after a conversation. A
    conversation logged after the fact is saved, flagged as a warning when calls already logged
    fell within its wait: the record of what was said is kept, and the calls show in the report."""
    last = context.history.last_conversation_at
    if action.channel != Channel.CALL or action.party != Party.BORROWER:
        return None
    days = param(rule, "days")
    if last is None:
        return _calls_in_wait(action, context, rule, days)
    gap = (local(action.at, context).date() - local(last, context).date()).days
    if not 0 <= gap < days:
        return _calls_in_wait(action, context, rule, days)
    talked = local(last, context).date()
    return _finding(
        rule,
        "A conversation took place on {date}; no call within {days} days after it.",
        date=talked.isoformat(),
        days=days,
        resume=(talked + dt.timedelta(days=days)).isoformat(),  # said by its advice
    )


def _calls_in_wait(action: Action, context: Context, rule: Rule, days: int) -> Finding | None:
    """For a conversation logged after the fact: the calls already logged after it, within its
    wait, as a warning (never a block: the conversation took place)."""
    if action.outcome is not Outcome.CONNECTED:
        return None
    day = local(action.at, context).date()
    within = [
        at
        for at in context.history.calls_after
        if 0 <= (local(at, context).date() - day).days < days
    ]
    if not within:
        return None
    return _finding(
        rule,
        "Calls already logged fell within the {days} days after this conversation: {count}, "
        "the first on {date}.",
        Severity.WARNING,
        count=len(within),
        days=days,
        date=local(within[0], context).date().isoformat(),
    )


@register
def contact_training(action: Action, context: Context, rule: Rule) -> Finding | None:
    """An agent makes calls, SMS and letters only with valid phone-work training on the day
    (the courses required for phone work, as assignment demands; visits have visit_training)."""
    if action.channel is Channel.VISIT or not _applies(action, rule):
        return None
    if context.caller_without_phone_training is None:
        return None
    return _finding(
        rule,
        "{agent} has no valid phone-work training on the day of this contact.",
        agent=context.caller_without_phone_training,
    )


@register
def public_holidays(action: Action, context: Context, rule: Rule) -> Finding | None:
    """No action (by default: visit) on a public holiday of `country`, borrower's local date."""
    if not param(rule, "avoid_holidays") or not _applies(action, rule):
        return None
    country = param(rule, "country")
    days = [local(action.at, context).date()]
    if action.visit_end is not None:
        days.append(local(action.visit_end, context).date())
    for day in days:
        name = calendar(country, day.year).get(day)
        if name:
            return _finding(
                rule,
                "{date} is a public holiday in {country} ({holiday}).",
                date=day.isoformat(),
                country=country,
                holiday=name,
            )
    return None


@register
def complaint_deadlines(action: Action, context: Context, rule: Rule) -> Finding | None:
    """Not a check on contacts: it holds the answer periods complaints are given."""
    return None


@register
def records_retention(action: Action, context: Context, rule: Rule) -> Finding | None:
    """Not a check on contacts: it holds how long records are kept (app.retention refuses a
    deletion within that period)."""
    return None


# The third-party and visit rules live beside these and register themselves in RULES when
# imported.
from app.compliance import third_party_rules, visit_rules  # noqa: E402, F401
